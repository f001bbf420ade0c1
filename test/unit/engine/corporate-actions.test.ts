import { describe, expect, it } from 'vitest';
import { commission, slippage } from '../../../src/strategy/models.js';
import { defineStrategy } from '../../../src/strategy/define.js';
import { barsOf, runDaily, sessions, testAsset } from './harness.js';

const days = sessions('2024-01-02', 7); // Jan 2, 3, 4, 5, 8, 9, 10
const A = testAsset(1, 'AAA', days[0]!, '2024-12-31');
const free = (ctx: { setCommission: Function; setSlippage: Function }) => { ctx.setCommission(commission.none()); ctx.setSlippage(slippage.none()); };

describe('splits and dividends through the engine', () => {
  const split = { sid: 1, effectiveDate: days[3]!, ratio: 2 };
  const dividend = { sid: 1, exDate: days[4]!, declaredDate: null, recordDate: null, payDate: days[6]!, amount: 0.5 };
  const bars = barsOf(A, days, [100, 100, 100, 50, 50, 50, 50]);

  it('scales the position on the effective date and pays the dividend on the pay date', async () => {
    const { result, error } = await runDaily(defineStrategy({
      initialize: free,
      async handleData(ctx) { if (ctx.session === days[0]) await ctx.order(A, 10); },
    }), { assets: [A], bars, splits: [split], dividends: [dividend] });
    expect(error).toBeNull();
    // bought 10 @ 100 on Jan 3 (cash 9000); Jan 5: 20 shares @ 50; ex Jan 8 on 20 shares × 0.5 = 10, paid Jan 10
    expect(result.daily.map((d) => d.cash)).toEqual([10_000, 9000, 9000, 9000, 9000, 9000, 9010]);
    expect(result.daily.map((d) => d.portfolioValue)).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_010]);
    expect(result.positions).toEqual([{ symbol: 'AAA', sid: 1, amount: 20, costBasis: 50, lastPrice: 50 }]);
  });

  it('history is adjusted only for actions known as of now (no look-ahead)', async () => {
    const seen: Record<string, number[]> = {};
    await runDaily(defineStrategy({
      async handleData(ctx, data) { seen[ctx.session] = [...(await data.history(A, 'close', 3))]; },
    }), { assets: [A], bars, splits: [split], dividends: [dividend] });
    expect(seen[days[2]!]).toEqual([100, 100, 100]); // the day before the split: raw
    expect(seen[days[3]!]).toEqual([50, 50, 50]); // split day: earlier closes ÷ 2
    // ex date: closes before it × (1 − 0.5 / 50) = 0.99
    expect(seen[days[4]!]!.map((x) => Math.round(x * 1e9) / 1e9)).toEqual([49.5, 49.5, 50]);
    expect(seen[days[3]!]).not.toContain(49.5);
  });
});

describe('look-ahead', () => {
  it('never shows a bar after the current one', async () => {
    const B = testAsset(2, 'BBB', days[0]!, '2024-12-31');
    const closes = [1, 2, 3, 4, 5, 6, 7];
    const seen: string[] = [];
    await runDaily(defineStrategy({
      async beforeTradingStart(ctx, data) { seen.push(`bts ${ctx.session} ${await data.current(B, 'price')}`); },
      async handleData(ctx, data) {
        const h = await data.history(B, 'close', 2);
        seen.push(`bar ${ctx.session} ${await data.current(B, 'close')} ${[...h].join(',')}`);
      },
    }), { assets: [B], bars: barsOf(B, days, closes) }, { end: days[2] });
    expect(seen).toEqual([
      `bts ${days[0]} NaN`, `bar ${days[0]} 1 NaN,1`,
      `bts ${days[1]} 1`, `bar ${days[1]} 2 1,2`,
      `bts ${days[2]} 2`, `bar ${days[2]} 3 2,3`,
    ]);
  });
});

describe('auto-close', () => {
  it('closes a delisted position at its last price on the auto-close date', async () => {
    const C = testAsset(3, 'CCC', days[0]!, days[2]!, { autoCloseDate: days[4]! });
    const { result } = await runDaily(defineStrategy({
      initialize: free,
      async handleData(ctx, data) { if (ctx.session === days[0]) await ctx.order(C, 5); void data; },
    }), { assets: [A, C], bars: [...barsOf(A, days, [1, 1, 1, 1, 1, 1, 1]), ...barsOf(C, days.slice(0, 3), [20, 21, 22])] });
    expect(result.transactions.map((t) => [t.dt.slice(0, 10), t.amount, t.price, t.orderId])).toEqual([
      [days[1], 5, 21, 'test-1'],
      [days[4], -5, 22, 'auto-close'],
    ]);
    // cash: 10000 − 105 + 110
    expect(result.daily.at(-1)!.cash).toBe(10_005);
    expect(result.positions).toEqual([]);
  });

  it('without an auto-close date, closes the position the session after the end date, while another stays held', async () => {
    const C = testAsset(3, 'CCC', days[0]!, days[2]!);
    const { result } = await runDaily(defineStrategy({
      initialize: free,
      async handleData(ctx) { if (ctx.session === days[0]) { await ctx.order(C, 5); await ctx.order(A, 2); } },
    }), { assets: [A, C], bars: [...barsOf(A, days, [1, 1, 1, 1, 1, 1, 1]), ...barsOf(C, days.slice(0, 3), [20, 21, 22])] });
    // CCC ends on days[2]: closed at the end of days[3] at its last price 22; AAA is kept
    expect(result.transactions.map((t) => [t.dt.slice(0, 10), t.symbol, t.amount, t.price])).toEqual([
      [days[1], 'CCC', 5, 21],
      [days[1], 'AAA', 2, 1],
      [days[3], 'CCC', -5, 22],
    ]);
    // cash: 10000 − 105 − 2 + 110
    expect(result.daily.at(-1)!.cash).toBe(10_003);
    expect(result.positions.map((p) => [p.symbol, p.amount])).toEqual([['AAA', 2]]);
  });
});
