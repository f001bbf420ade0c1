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
    expect(s.averageWin).toBeCloseTo(298, 12);
    expect(s.averageLoss).toBeCloseTo(-104, 12);
    expect(s.averageHoldingDays).toBe((1 + 4) / 2);
  });

  it('measures exposure from gross leverage', () => {
    expect(s.averageExposure).toBeCloseTo(2 / 5, 12);
    expect(s.timeInMarket).toBe(3 / 5);
  });

  it('has no win rate without round trips and an infinite profit factor without losses', () => {
    expect(tradingStats(sampleResult()).winRate).toBeNaN();
    const onlyWins = sampleResult({ transactions: [txn({ dt: d(2), amount: 1, price: 1 }), txn({ dt: d(3), amount: -1, price: 2 })] });
    expect(tradingStats(onlyWins).profitFactor).toBe(Infinity);
  });
});
