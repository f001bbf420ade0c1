import { describe, expect, it } from 'vitest';
import { deflatedSharpe, expectedMaxSharpe, returnMoments } from '../../../src/metrics/deflated-sharpe.js';
import { normalCdf, normalQuantile } from '../../../src/metrics/normal.js';

describe('normal distribution', () => {
  it('matches table values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.1586553, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326348, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });
});

describe('deflated Sharpe ratio (Bailey & López de Prado 2014, numerical example)', () => {
  // Annual SR 2.5 over 5 years of daily returns (T = 1250, 250 a year), N = 100 trials whose
  // annualised Sharpe ratios have variance 0.5, returns with skewness −3 and kurtosis 10.
  // The paper gives SR₀ ≈ 0.1132 per day and DSR ≈ 0.9004; by hand:
  // √(0.5/250)·(0.42278·Φ⁻¹(0.99) + 0.57722·Φ⁻¹(1 − 1/(100e))) = 0.044721·(0.98354 + 1.54750) = 0.113192.
  const input = { sharpe: 2.5 / Math.sqrt(250), observations: 1250, skewness: -3, kurtosis: 10, trials: 100, sharpeVariance: 0.5 / 250 };
  it('expected maximum Sharpe ratio of 100 unskilled trials', () => {
    expect(expectedMaxSharpe(100, 0.5 / 250)).toBeCloseTo(0.11319, 4);
  });
  it('DSR of the example', () => {
    expect(deflatedSharpe(input).probability).toBeCloseTo(0.9004, 3);
  });
  it('one trial is not deflated: SR₀ = 0', () => {
    expect(expectedMaxSharpe(1, 0.01)).toBe(0);
  });
  it('more trials deflate more', () => {
    expect(deflatedSharpe({ ...input, trials: 1000 }).probability).toBeLessThan(deflatedSharpe(input).probability);
  });
});

describe('return moments', () => {
  it('of [1, 2, 3, 10]: mean 4, sample sd √(42/3), skewness and kurtosis by hand', () => {
    const m = returnMoments([1, 2, 3, 10]);
    // deviations −3 −2 −1 6: m2 = 50/4 = 12.5, m3 = (−27 −8 −1 +216)/4 = 45, m4 = (81+16+1+1296)/4 = 348.5
    expect(m.sharpe).toBeCloseTo(4 / Math.sqrt(50 / 3), 12);
    expect(m.skewness).toBeCloseTo(45 / 12.5 ** 1.5, 12);
    expect(m.kurtosis).toBeCloseTo(348.5 / 156.25, 12);
  });
});
