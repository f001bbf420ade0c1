import { describe, expect, it } from 'vitest';
import { monthlyReturns } from '../../../src/report/monthly-returns.js';
import { reportData } from '../../../src/report/report-data.js';
import { reportSummary } from '../../../src/report/summary-json.js';
import { craftedRun, sampleResult } from '../../helpers/sample-result.js';

describe('reportData', () => {
  const data = reportData(craftedRun());

  it('finds the deepest and the longest drawdown with their dates', () => {
    // 11 000 → 9 900 is −10 % (peak day 1 = 2024-01-02, trough 2024-01-03), back above 11 000 on 2024-01-05
    expect(data.deepestDrawdown).toEqual({ peakDate: '2024-01-02', troughDate: '2024-01-03', recoveryDate: '2024-01-05', depth: expect.closeTo(-0.1, 12), days: 2 });
    // the second drawdown (12 100 → 11 000) lasts one session, so the first is also the longest
    expect(data.longestDrawdown?.days).toBe(2);
  });

  it('computes Calmar as CAGR over the max drawdown', () => {
    // total growth 1.1 over 5 sessions: CAGR = 1.1^(252/5) − 1; max drawdown 10 %
    expect(data.calmar).toBeCloseTo((1.1 ** (252 / 5) - 1) / 0.1, 6);
  });

  it('derives round trips and trading statistics from the fills', () => {
    // AAA: (110 − 100)·10 − 2 = 98; BBB: (45 − 50)·6 = −30
    expect(data.roundTrips.map((t) => t.pnl)).toEqual([98, -30]);
    expect(data.trading.profitFactor).toBeCloseTo(98 / 30, 12);
    expect(data.trading.timeInMarket).toBe(4 / 5);
  });

  it('summarises for --json with the run, the summary and the derived figures', () => {
    const json = reportSummary(data, { monthly: true });
    expect(json.run).toMatchObject({ strategy: 'strategies/crafted.ts', fill: 'same-close', capital: 10_000 });
    expect(json.summary.totalReturn).toBeCloseTo(0.1, 12);
    expect(json.monthly?.[0]?.total).toBeCloseTo(0.1, 12);
    expect(reportSummary(data)).not.toHaveProperty('monthly');
  });
});

describe('monthlyReturns', () => {
  it('compounds daily returns per month and year', () => {
    const r = sampleResult({
      values: [11_000, 9_900, 10_450, 12_100, 11_000],
      dates: ['2024-01-30', '2024-01-31', '2024-02-01', '2024-02-02', '2025-03-03'],
    });
    const [y2024, y2025] = monthlyReturns(r.daily);
    // January: 9 900 / 10 000 − 1; February: 12 100 / 9 900 − 1; 2024: 12 100 / 10 000 − 1
    expect(y2024!.year).toBe(2024);
    expect(y2024!.months[0]).toBeCloseTo(-0.01, 12);
    expect(y2024!.months[1]).toBeCloseTo(12_100 / 9_900 - 1, 12);
    expect(y2024!.months.slice(2)).toEqual(Array(10).fill(null));
    expect(y2024!.total).toBeCloseTo(0.21, 12);
    expect(y2025!.months[2]).toBeCloseTo(11_000 / 12_100 - 1, 12);
    expect(y2025!.total).toBeCloseTo(11_000 / 12_100 - 1, 12);
  });
});
