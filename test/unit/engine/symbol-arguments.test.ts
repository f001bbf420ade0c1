import { describe, expect, it } from 'vitest';
import { defineStrategy } from '../../../src/strategy/define.js';
import { barsOf, runDaily, sessions, testAsset } from './harness.js';

const A = testAsset(1, 'AAA', '2024-01-02', '2024-01-10');
const days = sessions('2024-01-02', 5);
const data = { assets: [A], bars: barsOf(A, days, [10, 11, 12, 13, 14]) };

describe('a symbol where an asset is taken', () => {
  it('orderTargetPercent, order and data.current/history accept a symbol string', async () => {
    const seen: number[] = [];
    const { result, error } = await runDaily(defineStrategy({
      async handleData(ctx, data) {
        seen.push(await data.current('AAA', 'close'), (await data.history('AAA', 'close', 1))[0]!);
        if (ctx.session === days[0]) await ctx.orderTargetPercent('AAA', 0.5);
        if (ctx.session === days[2]) await ctx.order('aaa', -100);
        expect((await ctx.getOpenOrders('AAA')).every((o) => o.asset.sid === 1)).toBe(true);
      },
    }), data, { fill: 'next-close', capital: 10_000 });
    expect(error).toBeNull();
    // current and history give the day's close: 10, 11, 12, 13, 14
    expect(seen).toEqual([10, 10, 11, 11, 12, 12, 13, 13, 14, 14]);
    // 50 % of 10 000 at the close of 10 → 500 shares, filled at the next close (11, plus 5 bp slippage); then 100 sold
    expect(result.transactions.map((t) => [t.symbol, t.amount])).toEqual([['AAA', 500], ['AAA', -100]]);
  });

  it('an unknown symbol names the method; a value that is neither names the argument', async () => {
    const unknown = await runDaily(defineStrategy({ async handleData(ctx) { await ctx.orderTargetPercent('ZZZ', 1); } }), data);
    expect(unknown.error?.message).toMatch(/symbol 'ZZZ' not found in ctx\.orderTargetPercent/);
    const bad = await runDaily(defineStrategy({ async handleData(ctx) { await ctx.orderTargetPercent(undefined as never, 1); } }), data);
    expect(bad.error?.message).toMatch(/ctx\.orderTargetPercent: the asset \(first argument\) must be an Asset \(from ctx\.symbol\('AAPL'\)\) or a symbol string, not undefined/);
    const stale = await runDaily(defineStrategy({ async handleData(_ctx, data) { data.canTrade('AAA' as never); } }), data);
    expect(stale.error?.message).toMatch(/data\.canTrade: the asset must be an Asset .* not string "AAA"/);
  });
});
