import { describe, expect, it } from 'vitest';
import {
  alphaBeta, annualReturn, annualVolatility, calmar, cumulativeReturn, dailyReturns, downsideRisk,
  maxDrawdown, drawdownSeries, rollingSharpe, rollingVolatility, sharpe, sortino,
} from '../../../src/metrics/index.js';

// The series used throughout: r = [0.01, −0.02, 0.03, 0.00]
//   mean = 0.02 / 4 = 0.005
//   deviations 0.005, −0.025, 0.025, −0.005 → squares sum 0.0013 → sample variance 0.0013 / 3
const r = [0.01, -0.02, 0.03, 0.0];
const SD = Math.sqrt(0.0013 / 3);

describe('returns', () => {
  it('daily returns against the previous value, the first against starting cash', () => {
    // 101/100 − 1 = 0.01; 98.98/101 − 1 = −0.02; 101.9494/98.98 − 1 = 0.03
    const out = dailyReturns([101, 98.98, 101.9494], 100);
    expect(out[0]).toBeCloseTo(0.01, 12);
    expect(out[1]).toBeCloseTo(-0.02, 12);
    expect(out[2]).toBeCloseTo(0.03, 12);
  });
  it('cumulative and annual return', () => {
    // 1.01 · 0.98 · 1.03 · 1.00 = 1.019494
    expect(cumulativeReturn(r)).toBeCloseTo(0.019494, 12);
    // 4 days = 4/252 years → 1.019494^(252/4) − 1 = 1.019494^63 − 1
    expect(annualReturn(r)).toBeCloseTo(1.019494 ** 63 - 1, 10);
    expect(annualReturn([])).toBeNaN();
    expect(cumulativeReturn([])).toBeNaN();
  });
});

describe('risk ratios', () => {
  it('annual volatility = sample std · √252', () => {
    // √(0.0013/3 · 252) = √0.1092 ≈ 0.330454
    expect(annualVolatility(r)).toBeCloseTo(Math.sqrt(0.1092), 12);
    expect(annualVolatility([0.01])).toBeNaN();
  });
  it('Sharpe = mean / sample std · √252, NaN when undefined', () => {
    expect(sharpe(r)).toBeCloseTo((0.005 / SD) * Math.sqrt(252), 10); // ≈ 3.8129
    expect(sharpe([0.01])).toBeNaN();
    expect(sharpe([0, 0, 0])).toBeNaN();
    // a per-day risk-free rate is subtracted from the mean only
    expect(sharpe(r, 0.001)).toBeCloseTo((0.004 / SD) * Math.sqrt(252), 10);
  });
  it('Sortino uses the root mean square of the negative returns over all days', () => {
    // min(r, 0)² = [0, 0.0004, 0, 0] → mean 0.0001 → √ = 0.01 → downside risk 0.01·√252
    expect(downsideRisk(r)).toBeCloseTo(0.01 * Math.sqrt(252), 12);
    // 0.005·252 / (0.01·√252) = 0.5·√252 ≈ 7.9373
    expect(sortino(r)).toBeCloseTo(0.5 * Math.sqrt(252), 10);
    expect(sortino([0.01, 0.02])).toBe(Infinity); // no downside at all, as empyrical
    expect(sortino([0.01])).toBeNaN();
  });
  it('alpha and beta against a benchmark', () => {
    // b = [0.01, 0.02, −0.01, 0]; mean 0.005; b − mean = [0.005, 0.015, −0.015, −0.005]
    // cov = (0.005·0.01 + 0.015·(−0.02) − 0.015·0.03 + 0) / 4 = −0.0007 / 4 = −0.000175
    // var = (0.000025 + 0.000225 + 0.000225 + 0.000025) / 4 = 0.000125 → beta = −1.4
    // alpha = (1 + mean(r + 1.4·b))^252 − 1 = (1 + 0.005 + 1.4·0.005)^252 − 1 = 1.012^252 − 1
    const b = [0.01, 0.02, -0.01, 0.0];
    const { alpha, beta } = alphaBeta(r, b);
    expect(beta).toBeCloseTo(-1.4, 10);
    expect(alpha).toBeCloseTo(1.012 ** 252 - 1, 6);
    // r = 2b + 0.001 exactly → beta 2, alpha 1.001^252 − 1
    const ab = alphaBeta(b.map((x) => 2 * x + 0.001), b);
    expect(ab.beta).toBeCloseTo(2, 10);
    expect(ab.alpha).toBeCloseTo(1.001 ** 252 - 1, 8);
    // days where either series is NaN are dropped
    expect(alphaBeta([...r, NaN], [...b, 0.5]).beta).toBeCloseTo(-1.4, 10);
    expect(alphaBeta(r, [0.01, 0.01, 0.01, 0.01]).beta).toBeNaN();
    expect(alphaBeta([0.01], [0.02]).alpha).toBeNaN();
  });
  it('rolling Sharpe and volatility leave the first window − 1 days NaN', () => {
    const s = rollingSharpe(r, 2), v = rollingVolatility(r, 2);
    expect(s[0]).toBeNaN();
    expect(v[0]).toBeNaN();
    // days 0–1: mean −0.005, sample std = 0.03/√2
    expect(s[1]).toBeCloseTo((-0.005 / (0.03 / Math.SQRT2)) * Math.sqrt(252), 10);
    expect(v[1]).toBeCloseTo((0.03 / Math.SQRT2) * Math.sqrt(252), 10);
    // days 2–3: [0.03, 0] → mean 0.015, std 0.03/√2
    expect(s[3]).toBeCloseTo((0.015 / (0.03 / Math.SQRT2)) * Math.sqrt(252), 10);
    expect(() => rollingSharpe(r, 0)).toThrow(RangeError);
  });
});

describe('drawdown', () => {
  it('against the running peak of wealth, the starting capital included', () => {
    // wealth 1.01, 0.9898, 1.019494, 1.019494 → peak 1.01 → 0.9898/1.01 − 1 = −0.02
    expect(maxDrawdown(r)).toBeCloseTo(-0.02, 12);
    const dd = drawdownSeries(r);
    expect(dd[0]).toBe(0);
    expect(dd[1]).toBeCloseTo(-0.02, 12);
    expect(dd[2]).toBe(0);
    // a loss on the first day is a drawdown from the starting capital: 0.9 → −10 %
    expect(maxDrawdown([-0.1, 0.05])).toBeCloseTo(-0.1, 12);
    expect(maxDrawdown([0.01, 0.02])).toBe(0);
    expect(maxDrawdown([])).toBeNaN();
  });
  it('Calmar = annual return / |max drawdown|', () => {
    expect(calmar(r)).toBeCloseTo((1.019494 ** 63 - 1) / 0.02, 8);
    expect(calmar([0.01, 0.02])).toBeNaN();
  });
});
