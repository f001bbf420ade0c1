import { describe, expect, it } from 'vitest';
import { resolveOrderStyle } from '../../../src/engine/order-style-input.js';
import type { OrderStyleInput } from '../../../src/model/order.js';
import { commission, slippage } from '../../../src/strategy/models.js';
import { defineStrategy } from '../../../src/strategy/define.js';
import { dailyBar, runDaily, sessions, testAsset } from './harness.js';

const A = testAsset(1, 'AAA', '2024-01-02', '2024-12-31');
const days = sessions('2024-01-02', 4);
// open, close, volume, high, low
const bars = [
  dailyBar(A.sid, days[0]!, 1010, 1010, 1e6, 1010, 1010),
  dailyBar(A.sid, days[1]!, 1010, 1020, 1e6, 1025, 1005), // low 1005 > 1000: a buy limit at 1000 does not fill
  dailyBar(A.sid, days[2]!, 1002, 1004, 1e6, 1006, 995), // low 995 ≤ 1000: fills at min(close 1004, 1000) = 1000
  dailyBar(A.sid, days[3]!, 1004, 1004, 1e6, 1004, 1004),
];

/** Places `style` for 2 AAA on the first day (next-close fills, no costs) and returns the run. */
const orderOnce = (style: OrderStyleInput) => runDaily(defineStrategy({
  initialize(ctx) { ctx.setCommission(commission.none()); ctx.setSlippage(slippage.none()); },
  async handleData(ctx) { if (ctx.session === days[0]) await ctx.order(A, 2, style); },
}), { assets: [A], bars });

describe('order styles without a type are inferred from their prices (zipline order(limit_price=, stop_price=))', () => {
  it('{ limitPrice: 1000 } is a limit buy: no fill while the low stays above 1000, then a fill at 1000', async () => {
    const { result, error } = await orderOnce({ limitPrice: 1000 });
    expect(error).toBeNull();
    expect(result.orders).toHaveLength(1);
    expect(result.orders[0]).toMatchObject({ style: 'limit', limitPrice: 1000, stopPrice: null, filled: 2, status: 'filled' });
    // a market order would have filled on day 1 at its close, 1020
    expect(result.transactions.map((t) => [t.dt.slice(0, 10), t.amount, t.price])).toEqual([[days[2], 2, 1000]]);
  });

  it('{ stopPrice } alone is a stop, both prices a stop-limit, neither a market order', () => {
    expect(resolveOrderStyle({ stopPrice: 1030 })).toEqual({ type: 'stop', stopPrice: 1030 });
    expect(resolveOrderStyle({ limitPrice: 1000, stopPrice: 1030 })).toEqual({ type: 'stop_limit', limitPrice: 1000, stopPrice: 1030 });
    expect(resolveOrderStyle({})).toEqual({ type: 'market' });
    const typed = { type: 'limit', limitPrice: 5 } as const;
    expect(resolveOrderStyle(typed)).toBe(typed);
  });

  it('a stop buy at 1022 triggers on day 1 (high 1025) and fills at that close, 1020', async () => {
    const { result, error } = await orderOnce({ stopPrice: 1022 });
    expect(error).toBeNull();
    expect(result.orders[0]).toMatchObject({ style: 'stop', stopPrice: 1022, limitPrice: null });
    expect(result.transactions.map((t) => [t.dt.slice(0, 10), t.amount, t.price])).toEqual([[days[1], 2, 1020]]);
  });
});

describe('order styles that do not fit are rejected, never placed as market orders', () => {
  const cases: [string, unknown, RegExp][] = [
    ['a market order with a limit price', { type: 'market', limitPrice: 1000 }, /a market order takes no limitPrice/],
    ['a limit order with a stop price', { type: 'limit', limitPrice: 1000, stopPrice: 990 }, /a limit order takes no stopPrice/],
    ['a misspelt key', { limitprice: 1000 }, /unknown key "limitprice"/],
    ['an unknown type', { type: 'limt', limitPrice: 1000 }, /unknown type "limt"/],
    ['a limit order without its price', { type: 'limit' }, /a limit order needs limitPrice/],
    ['a trailing stop with a limit price', { type: 'trailing_stop', trailPercent: 5, limitPrice: 1 }, /a trailing_stop order takes no limitPrice/],
  ];
  it.each(cases)('%s', async (_what, style, message) => {
    expect(() => resolveOrderStyle(style as OrderStyleInput)).toThrow(message);
    const { result, error } = await orderOnce(style as OrderStyleInput);
    expect(error?.message).toMatch(message);
    expect(result.orders).toHaveLength(0);
    expect(result.transactions).toHaveLength(0);
  });
});
