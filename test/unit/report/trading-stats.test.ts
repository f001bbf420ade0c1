import { describe, expect, it } from 'vitest';
import { tradingStats } from '../../../src/report/trading-stats.js';
import { sampleResult, txn } from '../../helpers/sample-result.js';

const d = (day: number) => `2024-01-${String(day).padStart(2, '0')}T21:00:00.000Z`;

describe('tradingStats', () => {
  const result = sampleResult({
    values: [10_000, 10_200, 10_400, 10_200, 10_200],
    grossLeverage: [0, 0.5, 1, 0.5, 0],
    transactions: [
      txn({ dt: d(2), amount: 10, price: 100, commission: 1 }), // traded 1000
      txn({ dt: d(3), amount: -10, price: 130, commission: 1 }), // 1300: win 300 − 2 = 298
      txn({ dt: d(4), amount: 20, price: 50, commission: 2 }), // 1000
      txn({ dt: d(8), amount: -20, price: 45, commission: 2 }), // 900: loss −100 − 4 = −104
    ],
  });
  const s = tradingStats(result);

  it('counts fills, commissions and turnover', () => {
    expect(s.fills).toBe(4);
    expect(s.commissions).toBe(6);
    expect(s.tradedValue).toBe(4200);
    // mean PV = 51 000 / 5 = 10 200; 4200 / 10 200 · 252 / 5
    expect(s.annualTurnover).toBeCloseTo((4200 / 10_200) * (252 / 5), 12);
  });

  it('derives win rate, profit factor and holding period from round trips', () => {
    expect(s.roundTrips).toBe(2);
    expect(s.winRate).toBe(0.5);
    expect(s.profitFactor).toBeCloseTo(298 / 104, 12);
    // sessions 2024-01-02 … 08 (weekdays): 2nd → 3rd is 1 session, 4th → 8th is 2 (5th, 8th)
    expect(s.averageWin).toBeCloseTo(298, 12);
    expect(s.averageLoss).toBeCloseTo(-104, 12);
    expect(s.averageHoldingSessions).toBe((1 + 2) / 2);
  });

  it('profit factor is n/a (NaN), not infinite, when no round trip lost', () => {
    const winsOnly = sampleResult({
      values: [10_000, 10_100, 10_200],
      transactions: [txn({ dt: d(2), amount: 10, price: 100 }), txn({ dt: d(3), amount: -10, price: 110 })],
    });
    expect(tradingStats(winsOnly).profitFactor).toBeNaN();
  });

  it('measures exposure from gross leverage', () => {
    expect(s.averageExposure).toBeCloseTo(2 / 5, 12);
    expect(s.timeInMarket).toBe(3 / 5);
  });

  it('follows a profitable trend through splits (fills keep their raw prices)', () => {
    const day = (m: number) => `2024-01-${String(m).padStart(2, '0')}`;
    const trend = sampleResult({
      transactions: [
        txn({ dt: d(2), amount: 100, price: 50 }),
        txn({ dt: d(5), amount: -200, price: 27 }), // after a 2:1 on the 4th: 200·(27 − 25) = 400
        txn({ dt: d(8), amount: 100, price: 28 }),
        txn({ dt: d(11), amount: -700, price: 4.5 }), // after a 7:1 on the 10th: 700·(4.5 − 4) = 350
        txn({ dt: d(12), amount: 50, price: 5 }),
        txn({ dt: d(16), amount: -50, price: 4 }), // no split: 50·(4 − 5) = −50
      ],
      splits: [{ date: day(4), symbol: 'AAA', sid: 1, ratio: 2 }, { date: day(10), symbol: 'AAA', sid: 1, ratio: 7 }],
    });
    const t = tradingStats(trend);
    expect(t.roundTrips).toBe(3);
    expect(t.winRate).toBeCloseTo(2 / 3, 12);
    expect(t.profitFactor).toBeCloseTo(750 / 50, 9);
    // ignoring the splits every trade looks lost: −2300, a short closed at −100, then −25
    const raw = tradingStats({ ...trend, splits: [] });
    expect([raw.winRate, raw.averageLoss * raw.roundTrips]).toEqual([0, -2425]);
  });

  it('has no win rate without round trips', () => {
    expect(tradingStats(sampleResult()).winRate).toBeNaN();
  });
});
