import { describe, expect, it } from 'vitest';
import { bracket, trailingStop } from '../../../src/strategy/order-styles.js';
import { commission, slippage } from '../../../src/strategy/models.js';
import { defineStrategy } from '../../../src/strategy/define.js';
import { barsOf, runDaily, sessions, testAsset } from './harness.js';

const days = sessions('2024-01-02', 5);
const A = testAsset(1, 'AAA', days[0]!, '2024-12-31');
const free = (ctx: { setCommission: Function; setSlippage: Function }) => { ctx.setCommission(commission.none()); ctx.setSlippage(slippage.none()); };

describe('bracket and trailing-stop orders in a backtest', () => {
  it('a bracket entry fills, its take-profit exits, the stop-loss is cancelled; books and orders agree', async () => {
    // Flat daily bars (open = high = low = close): entry fills at 100 on day 2, the take-profit at 110 on day 4.
    const bars = barsOf(A, days, [100, 100, 105, 110, 110]);
    const { result, error } = await runDaily(defineStrategy({
      initialize: free,
      async handleData(ctx) { if (ctx.session === days[0]) await ctx.order(A, 10, bracket({ takeProfit: 110, stopLoss: 90 })); },
    }), { assets: [A], bars }, { capital: 10_000 });
    expect(error).toBeNull();
    expect(result.transactions.map((t) => [t.amount, t.price])).toEqual([[10, 100], [-10, 110]]);
    expect(result.orders.map((o) => [o.amount, o.status, o.style])).toEqual([[10, 'filled', 'market'], [-10, 'filled', 'limit'], [-10, 'cancelled', 'stop']]);
    expect(result.daily.at(-1)!.portfolioValue).toBeCloseTo(10_000 + 10 * (110 - 100), 9);
    expect(result.positions).toEqual([]);
  });

  it('a trailing stop sells after the price falls its trail below the high', async () => {
    const bars = barsOf(A, days, [100, 120, 115, 107, 100]);
    const { result } = await runDaily(defineStrategy({
      initialize: free,
      async handleData(ctx) {
        if (ctx.session === days[0]) await ctx.order(A, 10);
        if (ctx.session === days[1]) await ctx.order(A, -10, trailingStop({ price: 5 }));
      },
    }), { assets: [A], bars }, { capital: 10_000 });
    // Bought at 120 (day 2's close); the trailing sell placed at 120 has its stop at 115; day 3 (115) touches it: sold at 115.
    expect(result.transactions.map((t) => [t.amount, t.price])).toEqual([[10, 120], [-10, 115]]);
  });
});
