import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/metrics/index.js';

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
});
