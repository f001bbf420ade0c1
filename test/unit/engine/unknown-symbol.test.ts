import { describe, expect, it } from 'vitest';
import { defineStrategy } from '../../../src/strategy/define.js';
import { barsOf, runDaily, sessions, testAsset } from './harness.js';

describe('an unknown symbol', () => {
  it('names the bundle and points to `ziplime bundles NAME --assets`', async () => {
    const A = testAsset(1, 'AAA', '2024-01-02', '2024-01-05');
    const days = sessions('2024-01-02', 3);
    const { error } = await runDaily(defineStrategy({ async initialize(ctx) { await ctx.symbol('NOPE'); } }), { assets: [A], bars: barsOf(A, days, [1, 2, 3]) });
    expect(error?.message).toMatch(/symbol 'NOPE' not found in bundle 'memory'; .*`ziplime bundles memory --assets`/);
  });
});
