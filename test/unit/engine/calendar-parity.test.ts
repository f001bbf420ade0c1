import { describe, expect, it } from 'vitest';
import { limit } from '../../../src/strategy/order-styles.js';
import { commission, slippage } from '../../../src/strategy/models.js';
import { defineStrategy } from '../../../src/strategy/define.js';
import type { FillPolicy } from '../../../src/model/results.js';
import { roundTrips } from '../../../src/report/round-trips.js';
import { barsOf, runDaily, sessions, testAsset } from './harness.js';

/**
 * The same split-and-dividend scenario on every calendar. A 2:1 split takes effect on
 * 2006-01-10 (the zipline example's CERN split date). Bars are the same on every calendar (XNYS
 * sessions 2006-01-03 … 2006-01-13; ALWAYS_OPEN has weekend sessions without bars).
 */
const days = sessions('2006-01-03', 9); // Jan 3, 4, 5, 6, 9, 10, 11, 12, 13
const A = testAsset(1, 'SPL', days[0]!, '2006-12-31');
const bars = barsOf(A, days, [100, 100, 100, 100, 100, 50, 50, 50, 50]);
// The 2006-01-09 bar dips to 99 and reaches 102: a buy limit at 101 fills there before the split.
bars[4] = { ...bars[4]!, low: 99, high: 102 };
const split = { sid: 1, effectiveDate: '2006-01-10', ratio: 2 };
const dividend = { sid: 1, exDate: '2006-01-12', declaredDate: null, recordDate: null, payDate: '2006-01-13', amount: 0.5 };

const strategy = defineStrategy({
  initialize(ctx) {
    ctx.setCommission(commission.none());
    ctx.setSlippage(slippage.none());
  },
  async handleData(ctx) {
    if (ctx.session === '2006-01-06') {
      await ctx.order(A, 10);
      await ctx.order(A, 10, limit(101));
    }
    if (ctx.session === '2006-01-09') await ctx.order(A, 4);
  },
});

async function run(calendar: string, fill: FillPolicy) {
  const { result, error } = await runDaily(strategy, { assets: [A], bars, splits: [split], dividends: [dividend], calendar }, { fill });
  expect(error).toBeNull();
  return result;
}

const CALENDARS = ['XNYS', 'data', 'ALWAYS_OPEN'];

describe('split and dividend timing is the same on every calendar', () => {
  for (const calendar of CALENDARS) {
    it(`${calendar}, next-close: orders of the session before the split fill unadjusted on it; later ones are adjusted`, async () => {
      const result = await run(calendar, 'next-close');
      // By hand: the Friday orders (10 market, 10 limit 101) fill on Monday 2006-01-09 at its close
      // 100, before the split; the Monday order for 4 is open over the split, becomes 8 and fills
      // on 2006-01-10 at 50. Position 20 → 40 at the split, + 8 = 48; dividend 48 × 0.5 = 24 paid
      // on 2006-01-13. Cash 10000 − 2000 − 400 + 24 = 7624; value 7624 + 48 × 50 = 10024.
      expect(result.transactions.map((t) => [t.dt, t.amount, t.price])).toEqual([
        ['2006-01-09', 10, 100], ['2006-01-09', 10, 100], ['2006-01-10', 8, 50],
      ]);
      expect(result.orders.map((o) => [o.createdAt, o.amount, o.filled, o.limitPrice])).toEqual([
        ['2006-01-06', 10, 10, null], ['2006-01-06', 10, 10, 101], ['2006-01-09', 8, 8, null],
      ]);
      const trading = result.daily.filter((d) => days.includes(d.date));
      expect(trading.map((d) => d.cash)).toEqual([10_000, 10_000, 10_000, 10_000, 8000, 7600, 7600, 7600, 7624]);
      expect(result.summary.endingValue).toBe(10_024);
      expect(result.positions).toEqual([{ symbol: 'SPL', sid: 1, amount: 48, costBasis: 2400 / 48, lastPrice: 50 }]);
      expect(result.splits).toEqual([{ date: '2006-01-10', symbol: 'SPL', sid: 1, ratio: 2 }]);
    });
  }

  it('next-open fills are the same on every calendar (at the open of the next bar, dated its session)', async () => {
    const results = await Promise.all(CALENDARS.map((c) => run(c, 'next-open')));
    const fills = results.map((r) => r.transactions.map((t) => [t.dt, t.amount, t.price]));
    // The opens equal the closes here, so the fills are those of next-close.
    expect(fills[0]).toEqual([['2006-01-09', 10, 100], ['2006-01-09', 10, 100], ['2006-01-10', 8, 50]]);
    expect(fills[1]).toEqual(fills[0]);
    expect(fills[2]).toEqual(fills[0]);
  });

  it('a round trip opened the session before the split and closed after it has the same P&L on every calendar', async () => {
    // Bought 10 at 100 on 2006-01-09 (the Friday order), split 2:1 on 2006-01-10 (20 shares at 50),
    // sold 20 on 2006-01-12 at 55: P&L (55 − 50) × 20 = 100, held 3 sessions (Jan 9 → Jan 12).
    const up = bars.map((b) => (b.ts === Date.UTC(2006, 0, 12) ? { ...b, open: 55, high: 55, low: 55, close: 55 } : b));
    const trip = defineStrategy({
      initialize(ctx) {
        ctx.setCommission(commission.none());
        ctx.setSlippage(slippage.none());
      },
      async handleData(ctx) {
        if (ctx.session === '2006-01-06') await ctx.order(A, 10);
        if (ctx.session === '2006-01-11') await ctx.order(A, -20);
      },
    });
    for (const calendar of CALENDARS) {
      const { result, error } = await runDaily(trip, { assets: [A], bars: up, splits: [split], calendar });
      expect(error).toBeNull();
      const trips = roundTrips(result.transactions, result.splits);
      expect(trips.map((t) => [t.entryDt, t.exitDt, t.amount, t.entryPrice, t.exitPrice, t.pnl]), calendar).toEqual([
        ['2006-01-09', '2006-01-12', 20, 50, 55, 100],
      ]);
    }
  });
});
