import { describe, expect, it } from 'vitest';
import { backtestOverfitting } from '../../../src/metrics/backtest-overfitting.js';

describe('probability of backtest overfitting (CSCV)', () => {
  // Two blocks of two returns each. Sharpe ratios by hand (sd of a pair 0.02 apart = 0.014142):
  // A: block 1 [0.02, 0.04] → 2.121, block 2 [−0.01, 0.01] → 0; B: [0, 0.02] → 0.707, [0.01, 0.03] → 1.414.
  const a = [0.02, 0.04, -0.01, 0.01];
  const b = [0.0, 0.02, 0.01, 0.03];
  it('the in-sample winner always loses out of sample: PBO = 1, logit ln(1/3 ÷ 2/3) each time', () => {
    const r = backtestOverfitting([a, b], 2);
    expect(r.logits).toHaveLength(2);
    for (const l of r.logits) expect(l).toBeCloseTo(Math.log(0.5), 12);
    expect(r.probability).toBe(1);
  });
  it('a trial better in both halves: PBO = 0, logit ln 2', () => {
    const c = [0.03, 0.05, 0.02, 0.04]; // block Sharpe ratios 2.83 and 2.12, above A and B in each
    const r = backtestOverfitting([a, b, c], 2);
    // c is the IS best in both splits and ranks 3 of 3 OOS: ω = 3/4 → logit ln 3
    for (const l of r.logits) expect(l).toBeCloseTo(Math.log(3), 12);
    expect(r.probability).toBe(0);
  });
  it('four blocks: six splits, counted by hand', () => {
    // Per block Sharpe ratios (pairs 0.02 apart, sd 0.014142): mean/sd.
    // X means: 0.03, 0.01, 0.03, 0.01; Y means: 0.01, 0.03, 0.01, 0.03 (both with spread ±0.01).
    const pair = (m: number) => [m - 0.01, m + 0.01];
    const x = [0.03, 0.01, 0.03, 0.01].flatMap(pair);
    const y = [0.01, 0.03, 0.01, 0.03].flatMap(pair);
    const r = backtestOverfitting([x, y], 4);
    // Splits {0,1},{0,3},{1,2},{2,3}: both trials equal IS (tie → first, X) and equal OOS → ω = 1.5/3 = ½ → logit 0 (counts).
    // {0,2}: X best IS, OOS blocks {1,3} favour Y → logit ln(½) < 0. {1,3}: Y best IS, OOS {0,2} favour X → < 0.
    expect(r.logits).toHaveLength(6);
    expect(r.logits.filter((l) => Math.abs(l) < 1e-12)).toHaveLength(4);
    expect(r.probability).toBe(1);
  });
  it('rejects bad input', () => {
    expect(() => backtestOverfitting([a], 2)).toThrow(/two trials/);
    expect(() => backtestOverfitting([a, b], 3)).toThrow(/even/);
    expect(() => backtestOverfitting([a, b], 4)).toThrow(/at least 8/);
  });
});
