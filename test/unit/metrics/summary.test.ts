import { describe, expect, it } from 'vitest';
import { annualReturn, annualVolatility, maxDrawdown, sharpe, sortino, summarize } from '../../../src/metrics/index.js';

describe('summarize', () => {
  // portfolio 100 → 101 → 98.98 → 101.9494 → 101.9494: r = [0.01, −0.02, 0.03, 0]
  const returns = [0.01, -0.02, 0.03, 0];
  const base = { startingCash: 100, endingCash: 40, endingValue: 101.9494, returns, orders: 3, transactions: 2 };

  it('fills every field; without a benchmark alpha/beta are NaN and its return 0', () => {
    const s = summarize({ ...base, benchmarkReturns: null });
    expect(s.totalReturn).toBeCloseTo(0.019494, 12); // 101.9494 / 100 − 1
    expect(s.annualReturn).toBeCloseTo(1.019494 ** 63 - 1, 10);
    expect(s.annualVolatility).toBeCloseTo(Math.sqrt(0.1092), 12);
    expect(s.sharpe).toBeCloseTo((0.005 / Math.sqrt(0.0013 / 3)) * Math.sqrt(252), 10);
    expect(s.sortino).toBeCloseTo(0.5 * Math.sqrt(252), 10);
    expect(s.maxDrawdown).toBeCloseTo(-0.02, 12);
    expect(s.alpha).toBeNaN();
    expect(s.beta).toBeNaN();
    expect(s.benchmarkReturn).toBe(0);
    expect(s).toMatchObject({ startingCash: 100, endingCash: 40, endingValue: 101.9494, tradingDays: 4, orders: 3, transactions: 2 });
  });

  it('with a benchmark: beta, alpha and the compounded benchmark return', () => {
    // b = [0.01, 0.02, −0.01, 0] → beta −1.4 (see metrics.test.ts); ∏(1+b) − 1 = 1.01·1.02·0.99 − 1 = 0.019898
    const s = summarize({ ...base, benchmarkReturns: [0.01, 0.02, -0.01, 0] });
    expect(s.beta).toBeCloseTo(-1.4, 10);
    expect(s.alpha).toBeCloseTo(1.012 ** 252 - 1, 6);
    expect(s.benchmarkReturn).toBeCloseTo(0.019898, 12);
  });

  it('an empty run', () => {
    const s = summarize({ ...base, endingValue: 100, returns: [], benchmarkReturns: [] });
    expect(s.totalReturn).toBe(0);
    expect(s.tradingDays).toBe(0);
    expect(s.sharpe).toBeNaN();
    expect(s.benchmarkReturn).toBe(0);
  });

  it('gives exactly the numbers of the single statistics, NaN days and other annualisations included', () => {
    // a long irregular series (a fixed LCG, NaN every 97th day) so rounding differences would show
    const r: number[] = [];
    let x = 12345;
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      r.push(i % 97 === 5 ? NaN : (x / 2147483648 - 0.5) * 0.04);
    }
    for (const [series, periods] of [[r, 252], [r, 52], [r.slice(0, 1), 252], [[NaN, NaN, NaN], 252], [[0.01, 0.02], 12]] as const) {
      const s = summarize({ ...base, returns: series, benchmarkReturns: null, periodsPerYear: periods });
      expect(Object.is(s.annualReturn, annualReturn(series, periods))).toBe(true);
      expect(Object.is(s.annualVolatility, annualVolatility(series, periods))).toBe(true);
      expect(Object.is(s.sharpe, sharpe(series, 0, periods))).toBe(true);
      expect(Object.is(s.sortino, sortino(series, 0, periods))).toBe(true);
      expect(Object.is(s.maxDrawdown, maxDrawdown(series))).toBe(true);
    }
  });
});
