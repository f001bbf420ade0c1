import { describe, expect, it } from 'vitest';
import { roundTrips } from '../../../src/report/round-trips.js';
import { txn } from '../../helpers/sample-result.js';

const d = (day: number) => `2024-01-${String(day).padStart(2, '0')}T21:00:00.000Z`;

describe('roundTrips', () => {
  it('closes a long position with commissions on both sides', () => {
    const [t, ...rest] = roundTrips([
      txn({ dt: d(2), amount: 10, price: 100, commission: 1 }),
      txn({ dt: d(5), amount: -10, price: 110, commission: 1 }),
    ]);
    expect(rest).toHaveLength(0);
    // (110 − 100)·10 − 1 − 1 = 98 on 1000 of capital, held 3 days
    expect(t).toMatchObject({ direction: 'long', amount: 10, entryDt: d(2), exitDt: d(5), entryPrice: 100, exitPrice: 110 });
    expect(t!.pnl).toBeCloseTo(98, 12);
    expect(t!.returnPct).toBeCloseTo(0.098, 12);
    expect(t!.holdingDays).toBe(3);
  });

  it('splits a position closed in two parts into two round trips', () => {
    const trips = roundTrips([
      txn({ dt: d(2), amount: 10, price: 100 }),
      txn({ dt: d(3), amount: -4, price: 105 }),
      txn({ dt: d(5), amount: -6, price: 95 }),
    ]);
    // 4·(105 − 100) = 20 after 1 day; 6·(95 − 100) = −30 after 3 days
    expect(trips.map((t) => [t.amount, t.pnl, t.holdingDays])).toEqual([[4, 20, 1], [6, -30, 3]]);
  });

  it('matches the oldest lots first (FIFO)', () => {
    const trips = roundTrips([
      txn({ dt: d(2), amount: 5, price: 100 }),
      txn({ dt: d(3), amount: 5, price: 110 }),
      txn({ dt: d(4), amount: -7, price: 120 }),
      txn({ dt: d(5), amount: -3, price: 90 }),
    ]);
    // first close: 5@100 + 2@110 = 720 → 7·120 − 720 = 120, entry 720/7, opened on day 2
    expect(trips[0]!.entryPrice).toBeCloseTo(720 / 7, 12);
    expect(trips[0]!.pnl).toBeCloseTo(120, 12);
    expect(trips[0]!.entryDt).toBe(d(2));
    // second close: the 3 left of the 110 lot → 3·(90 − 110) = −60, opened on day 3
    expect(trips[1]!.pnl).toBeCloseTo(-60, 12);
    expect(trips[1]!.entryDt).toBe(d(3));
  });

  it('handles a flip from long to short and closes the short', () => {
    const trips = roundTrips([
      txn({ dt: d(2), amount: 10, price: 100 }),
      txn({ dt: d(3), amount: -15, price: 105, commission: 3 }),
      txn({ dt: d(4), amount: 5, price: 100 }),
    ]);
    // long: 10·5 − 10·(3/15) = 48; short: opened 5@105 paying 5·0.2 = 1 → 5·(105 − 100) − 1 = 24
    expect(trips).toHaveLength(2);
    expect(trips[0]).toMatchObject({ direction: 'long', amount: 10 });
    expect(trips[0]!.pnl).toBeCloseTo(48, 12);
    expect(trips[1]).toMatchObject({ direction: 'short', amount: 5, entryDt: d(3), exitDt: d(4), entryPrice: 105 });
    expect(trips[1]!.pnl).toBeCloseTo(24, 12);
    expect(trips[1]!.returnPct).toBeCloseTo(24 / 525, 12);
  });

  it('keeps assets apart, sorts fills by time and ignores lots still open', () => {
    const trips = roundTrips([
      txn({ dt: d(4), amount: -2, price: 50, symbol: 'BBB', sid: 2 }),
      txn({ dt: d(2), amount: 3, price: 10, symbol: 'AAA', sid: 1 }),
      txn({ dt: d(3), amount: 2, price: 40, symbol: 'BBB', sid: 2 }),
      txn({ dt: d(5), amount: -1, price: 12, symbol: 'AAA', sid: 1 }),
      txn({ dt: d(8), amount: 7, price: 1, symbol: 'CCC', sid: 3 }),
    ]);
    // BBB: 2·(50 − 40) = 20 closed on day 4; AAA: 1·(12 − 10) = 2 on day 5; CCC still open
    expect(trips.map((t) => [t.symbol, t.pnl, t.exitDt])).toEqual([['BBB', 20, d(4)], ['AAA', 2, d(5)]]);
  });
});
