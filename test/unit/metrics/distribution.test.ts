import { describe, expect, it } from 'vitest';
import {
  conditionalValueAtRisk, drawdownPeriods, histogram, kurtosis, percentile, rollingBeta, skew, tailRatio, valueAtRisk, worstDrawdowns,
} from '../../../src/metrics/index.js';

describe('distribution metrics (hand-computed)', () => {
  it('percentile interpolates linearly between ranks (numpy)', () => {
    // rank 0.25·3 = 0.75 between 1 and 2
    expect(percentile([4, 1, 3, 2], 25)).toBeCloseTo(1.75, 15);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
    expect(percentile([], 50)).toBeNaN();
  });

  it('skew and excess kurtosis of 1, 2, 3, 10 (bias-adjusted, as pandas)', () => {
    // mean 4; deviations −3, −2, −1, 6: m2 = 50/4 = 12.5, m3 = 180/4 = 45, m4 = 1394/4 = 348.5
    const g1 = 45 / 12.5 ** 1.5;
    expect(skew([1, 2, 3, 10])).toBeCloseTo((Math.sqrt(4 * 3) / 2) * g1, 12); // ≈ 1.7636
    expect(skew([1, 2, 3, 10])).toBeCloseTo(1.7636, 4);
    const g2 = 348.5 / 12.5 ** 2 - 3; // −0.7696
    expect(kurtosis([1, 2, 3, 10])).toBeCloseTo((3 / (2 * 1)) * (5 * g2 + 6), 12); // 3.228
    expect(kurtosis([1, 2, 3, 10])).toBeCloseTo(3.228, 10);
    // symmetric → no skew; too few values or no spread → NaN
    expect(skew([-1, 0, 1])).toBe(0);
    expect(skew([1, 2])).toBeNaN();
    expect(kurtosis([1, 1, 1, 1])).toBeNaN();
  });

  const R = [0.03, -0.02, 0.01, 0, -0.01];

  it('tail ratio, VaR and CVaR at 5 %', () => {
    // sorted −0.02, −0.01, 0, 0.01, 0.03; 95th: rank 3.8 → 0.01 + 0.8·0.02 = 0.026; 5th: rank 0.2 → −0.02 + 0.2·0.01 = −0.018
    expect(tailRatio(R)).toBeCloseTo(0.026 / 0.018, 12);
    expect(valueAtRisk(R)).toBeCloseTo(-0.018, 15);
    // only −0.02 is at or below −0.018
    expect(conditionalValueAtRisk(R)).toBeCloseTo(-0.02, 15);
  });

  it('rolling beta of a strategy that moves twice its benchmark is 2', () => {
    const b = [0.01, -0.02, 0.03, 0.01];
    const beta = rollingBeta(b.map((x) => 2 * x), b, 3);
    expect(Number.isNaN(beta[0]!) && Number.isNaN(beta[1]!)).toBe(true);
    expect(beta[2]).toBeCloseTo(2, 12);
    expect(beta[3]).toBeCloseTo(2, 12);
  });

  it('histogram counts values in equal bins over their range, the last bin closed', () => {
    expect(histogram([0, 1, 2, 3, 4], 2)).toEqual({ edges: [0, 2, 4], counts: [2, 3] });
    expect(histogram([NaN], 3)).toEqual({ edges: [], counts: [] });
  });

  it('the worst drawdowns, deepest first', () => {
    // value 100 → 90 (−10 %) → 100 → 95 (−5 %) → 100 → 80 (−20 %)
    const r = [-0.1, 10 / 90, -0.05, 5 / 95, -0.2];
    const worst = worstDrawdowns(drawdownPeriods(r, ['d1', 'd2', 'd3', 'd4', 'd5']), 2);
    expect(worst.map((p) => [p.troughDate, Number(p.depth.toFixed(10))])).toEqual([['d5', -0.2], ['d1', -0.1]]);
  });
});
