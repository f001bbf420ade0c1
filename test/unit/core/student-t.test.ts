/**
 * Student's t two-sided p-values and the regularized incomplete beta function against closed
 * forms (1, 2 and 4 degrees of freedom; I_x(a, 1), I_x(1, b), I_x(2, 2), I_½(a, a)) and the
 * printed critical values of a t table.
 */
import { describe, expect, it } from 'vitest';
import { logGamma, regularizedBeta, studentTTwoSidedP } from '../../../src/core/student-t.js';

describe('regularizedBeta', () => {
  it('equals the closed forms', () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.99]) {
      for (const a of [0.5, 1, 3, 10]) expect(regularizedBeta(x, a, 1)).toBeCloseTo(x ** a, 13);
      for (const b of [0.5, 2, 7]) expect(regularizedBeta(x, 1, b)).toBeCloseTo(1 - (1 - x) ** b, 13);
      expect(regularizedBeta(x, 2, 2)).toBeCloseTo(3 * x * x - 2 * x ** 3, 13);
    }
    for (const a of [0.5, 2, 15, 200]) expect(regularizedBeta(0.5, a, a)).toBeCloseTo(0.5, 12);
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
    expect(regularizedBeta(1.5, 2, 3)).toBeNaN();
  });
  it('logGamma: ln of factorials and Γ(½) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(6)).toBeCloseTo(Math.log(120), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9); // ln 100!
  });
});

describe('studentTTwoSidedP', () => {
  it('1 degree of freedom (Cauchy): 1 − (2/π)·atan|t|', () => {
    for (const t of [0, 0.1, 1, -3.5, 12.706, 1e6]) expect(studentTTwoSidedP(t, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(Math.abs(t)), 13);
  });
  it('2 degrees of freedom: 1 − |t| / √(2 + t²)', () => {
    for (const t of [0.05, 0.8, -2, 4.303, 30]) expect(studentTTwoSidedP(t, 2)).toBeCloseTo(1 - Math.abs(t) / Math.sqrt(2 + t * t), 13);
  });
  it('4 degrees of freedom: 2·(1 − F(|t|)), F(t) = ½ + ⅜·u·(1 − u²/12)… with u = t/√(1 + t²/4)', () => {
    for (const t of [0.3, 1.2, 2.776, 8]) {
      const s = Math.sqrt(1 + (t * t) / 4);
      const cdf = 0.5 + (3 / 8) * (t / s) * (1 - (t * t) / (12 * s * s));
      expect(studentTTwoSidedP(t, 4)).toBeCloseTo(2 * (1 - cdf), 13);
    }
  });
  it('matches the printed t table (two-sided critical values)', () => {
    const table: [df: number, t: number, p: number][] = [
      [1, 12.706, 0.05], [5, 2.571, 0.05], [5, 4.032, 0.01], [10, 2.228, 0.05], [10, 3.169, 0.01],
      [20, 2.086, 0.05], [20, 2.845, 0.01], [30, 2.042, 0.05], [60, 3.460, 0.001], [120, 1.980, 0.05],
    ];
    for (const [df, t, p] of table) expect(Math.abs(studentTTwoSidedP(t, df) - p), `df ${df}, t ${t}`).toBeLessThan(p * 0.002);
  });
  it('tends to the normal distribution: df 10⁶, t = 1.959964 → 0.05', () => {
    expect(studentTTwoSidedP(1.959964, 1e6)).toBeCloseTo(0.05, 5);
  });
  it('NaN in, NaN out; an infinite t gives 0', () => {
    expect(studentTTwoSidedP(NaN, 3)).toBeNaN();
    expect(studentTTwoSidedP(2, 0)).toBeNaN();
    expect(studentTTwoSidedP(Infinity, 3)).toBe(0);
  });
});
