import { describe, expect, it } from 'vitest';
import { Ledger } from '../../../src/finance/ledger.js';
import type { SplitRow } from '../../../src/model/results.js';
import { roundTrips } from '../../../src/report/round-trips.js';
import { testAsset } from '../../helpers/memory-bundle.js';
import { txn } from '../../helpers/sample-result.js';

const AAA = testAsset(1, 'AAA', '2024-01-02', '2024-12-31', { fractionable: true });

const d = (day: number) => `2024-01-${String(day).padStart(2, '0')}T21:00:00.000Z`;
/** The run's sessions: 2024-01-02 … 2024-01-12 without the weekend of the 6th and 7th. */
const SESSIONS = [2, 3, 4, 5, 8, 9, 10, 11, 12].map((day) => d(day).slice(0, 10));

describe('roundTrips', () => {
  it('closes a long position with commissions on both sides', () => {
    const [t, ...rest] = roundTrips([
      txn({ dt: d(2), amount: 10, price: 100, commission: 1 }),
      txn({ dt: d(5), amount: -10, price: 110, commission: 1 }),
    ], [], SESSIONS);
    expect(rest).toHaveLength(0);
    // (110 − 100)·10 − 1 − 1 = 98 on 1000 of capital, held 3 sessions (3rd, 4th, 5th)
    expect(t).toMatchObject({ direction: 'long', amount: 10, entryDt: d(2), exitDt: d(5), entryPrice: 100, exitPrice: 110 });
    expect(t!.pnl).toBeCloseTo(98, 12);
    expect(t!.returnPct).toBeCloseTo(0.098, 12);
    expect(t!.holdingSessions).toBe(3);
  });

  it('splits a position closed in two parts into two round trips', () => {
    const trips = roundTrips([
      txn({ dt: d(2), amount: 10, price: 100 }),
      txn({ dt: d(3), amount: -4, price: 105 }),
      txn({ dt: d(8), amount: -6, price: 95 }),
    ], [], SESSIONS);
    // 4·(105 − 100) = 20 after 1 session; 6·(95 − 100) = −30 after 4 sessions (3rd, 4th, 5th, 8th: the weekend is not one)
    expect(trips.map((t) => [t.amount, t.pnl, t.holdingSessions])).toEqual([[4, 20, 1], [6, -30, 4]]);
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

describe('roundTrips across splits', () => {
  const split = (day: number, ratio: number, sid = 1): SplitRow => ({ date: `2024-01-${String(day).padStart(2, '0')}`, symbol: sid === 1 ? 'AAA' : 'BBB', sid, ratio });

  it('scales the open lots so shares bought before a split close after it', () => {
    const fills = [
      txn({ dt: d(2), amount: 10, price: 100, commission: 1 }),
      txn({ dt: d(4), amount: -20, price: 55, commission: 2 }),
    ];
    const [t, ...rest] = roundTrips(fills, [split(3, 2)]);
    // 10 @ 100 (0.10 commission a share) become 20 @ 50 (0.05 a share): 20·(55 − 50) − 1 − 2 = 97 on 1000
    expect(rest).toHaveLength(0);
    expect(t).toMatchObject({ direction: 'long', amount: 20, entryDt: d(2), exitDt: d(4), entryPrice: 50, exitPrice: 55 });
    expect(t!.pnl).toBeCloseTo(97, 12);
    expect(t!.returnPct).toBeCloseTo(0.097, 12);
    // without the split the same fills read as 10·(55 − 100) − 1 − 10·0.1 = −452 and a short left open
    expect(roundTrips(fills)[0]!.pnl).toBeCloseTo(-452, 12);
  });

  it('keeps FIFO order across a split, with fills of the split date at the new price', () => {
    const trips = roundTrips([
      txn({ dt: d(2), amount: 10, price: 100 }),
      txn({ dt: d(3), amount: -4, price: 105 }),
      txn({ dt: d(4), amount: 6, price: 40 }),
      txn({ dt: d(5), amount: -20, price: 45 }),
      txn({ dt: d(8), amount: -4, price: 30 }),
    ], [split(4, 3)]);
    // 4·(105 − 100) = 20; the 6 left become 18 @ 100/3; 20 sold @ 45 close 18 @ 33.33 + 2 @ 40:
    // 900 − 600 − 80 = 220 at an entry of 680/20 = 34; the last 4 @ 40 close @ 30: −40
    expect(trips.map((t) => [t.amount, t.entryDt, t.exitDt])).toEqual([[4, d(2), d(3)], [20, d(2), d(5)], [4, d(4), d(8)]]);
    expect(trips[0]!.pnl).toBeCloseTo(20, 12);
    expect(trips[1]!.pnl).toBeCloseTo(220, 9);
    expect(trips[1]!.entryPrice).toBeCloseTo(34, 12);
    expect(trips[2]!.pnl).toBeCloseTo(-40, 12);
  });

  it('drops the fraction a reverse split pays in cash from the newest lot, leaving no stale shares', () => {
    const trips = roundTrips([
      txn({ dt: d(2), amount: 6, price: 10 }),
      txn({ dt: d(3), amount: 4, price: 12 }),
      txn({ dt: d(5), amount: -2, price: 50 }),
      txn({ dt: d(8), amount: 1, price: 50 }),
      txn({ dt: d(9), amount: -1, price: 55 }),
    ], [split(4, 0.25)]);
    // 1-for-4: 6 @ 10 → 1.5 @ 40, 4 @ 12 → 1 @ 48; 2.5 shares → 2 (the ledger pays 0.5 at cost),
    // taken from the newest lot: 1.5 @ 40 + 0.5 @ 48 = 84 → sold @ 50 for 100: +16 in one trip.
    // The next buy opens a fresh position: 1·(55 − 50) = 5, entered on day 8.
    expect(trips.map((t) => [t.amount, t.entryDt, t.exitDt])).toEqual([[2, d(2), d(5)], [1, d(8), d(9)]]);
    expect(trips[0]!.pnl).toBeCloseTo(16, 12);
    expect(trips[0]!.entryPrice).toBeCloseTo(42, 12);
    expect(trips[1]!.pnl).toBeCloseTo(5, 12);
  });

  it('scales a short position and covers it after the split', () => {
    const [t] = roundTrips([
      txn({ dt: d(2), amount: -10, price: 100 }),
      txn({ dt: d(4), amount: 20, price: 45 }),
    ], [split(3, 2)]);
    // short 10 @ 100 = 20 @ 50, covered @ 45: 20·5 = 100
    expect(t).toMatchObject({ direction: 'short', amount: 20, entryPrice: 50 });
    expect(t!.pnl).toBeCloseTo(100, 12);
  });

  it('applies splits in date order, only to the asset split and only to shares held then', () => {
    const trips = roundTrips([
      txn({ dt: d(2), amount: 1, price: 100 }),
      txn({ dt: d(2), amount: 2, price: 40, symbol: 'BBB', sid: 2 }),
      txn({ dt: d(5), amount: -6, price: 20 }),
      txn({ dt: d(9), amount: -2, price: 41, symbol: 'BBB', sid: 2 }),
      txn({ dt: d(9), amount: 5, price: 7 }),
      txn({ dt: d(10), amount: -5, price: 8 }),
    ], [split(4, 2), split(3, 3), split(8, 10)]);
    // AAA: 1 @ 100 → 3 @ 33.33 → 6 @ 16.67, sold @ 20: 120 − 100 = 20. The 10:1 on day 8 found
    // nothing held; BBB was never split: 2·(41 − 40) = 2; AAA bought again after it: 5·1 = 5.
    expect(trips.map((t) => [t.symbol, t.amount])).toEqual([['AAA', 6], ['BBB', 2], ['AAA', 5]]);
    expect(trips.map((t) => t.pnl)).toEqual([expect.closeTo(20, 9), 2, 5]);
  });

  it('leaves open exactly the whole shares the ledger keeps', () => {
    // oracle: the Ledger's own split (zipline's handle_split) on the same fills
    for (const [amount, ratio] of [[7.3, 1.5], [101, 1 / 3], [-3, 1.5], [-7, 0.25]] as const) {
      const ledger = new Ledger(0);
      ledger.applyFill({ executionId: 'e1', orderId: 'o1', asset: AAA, amount, price: 10, commission: 0, dt: Date.parse(d(2)) });
      ledger.applySplit(AAA.sid, ratio);
      const held = ledger.positions.get(AAA)?.amount ?? 0;
      const trips = roundTrips([
        txn({ dt: d(2), amount, price: 10 }),
        txn({ dt: d(4), amount: -held, price: 10 / ratio }),
        txn({ dt: d(5), amount: Math.sign(amount), price: 10 }),
        txn({ dt: d(8), amount: -Math.sign(amount), price: 10 }),
      ], [split(3, ratio)]);
      // closing what the ledger holds closes every lot: the later trade opens and closes on its own
      expect(trips.map((t) => [t.amount, t.entryDt])).toEqual([[Math.abs(held), d(2)], [1, d(5)]]);
    }
  });
});
