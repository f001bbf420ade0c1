import { describe, expect, it } from 'vitest';
import { defineStrategy } from '../../../src/strategy/define.js';
import { barsOf, runDaily, sessions, testAsset } from './harness.js';

const days = sessions('2024-01-02', 3);
const A = testAsset(1, 'AAA', days[0]!, '2024-12-31');
const bars = barsOf(A, days, [10, 11, 12]);

describe('data fields', () => {
  it('data.current with an unknown field names the field and the valid ones', async () => {
    const strategy = defineStrategy({ async handleData(_ctx, data) { await data.current(A, 'nope' as never); } });
    expect((await runDaily(strategy, { assets: [A], bars })).error?.message).toMatch(/data\.current: unknown field "nope"; use one of open, high, low, close, volume, price/);
  });

  it('data.history with an unknown field in a list names it', async () => {
    const strategy = defineStrategy({ async handleData(_ctx, data) { await data.history(A, ['close', 'vwap' as never], 2); } });
    expect((await runDaily(strategy, { assets: [A], bars })).error?.message).toMatch(/data\.history: unknown field "vwap"/);
  });
});
