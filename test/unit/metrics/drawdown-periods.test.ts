import { describe, expect, it } from 'vitest';
import { drawdownExtremes, drawdownPeriods } from '../../../src/metrics/index.js';

describe('drawdown periods', () => {
  const dates = ['d1', 'd2', 'd3', 'd4', 'd5'];
  // wealth: 1.1, 0.55, 0.825, 1.2375, 1.11375
  //   peak 1.1 (d1) → 0.55 (−50 %, d2) → 0.825 → recovered at d4 (1.2375 ≥ 1.1); 2 days under water
  //   peak 1.2375 (d4) → 1.11375 (−10 %, d5), not recovered; 1 day under water
  const periods = drawdownPeriods([0.1, -0.5, 0.5, 0.5, -0.1], dates);
  it('finds each stretch below a peak with its dates', () => {
    expect(periods).toHaveLength(2);
    expect(periods[0]).toMatchObject({ peakDate: 'd1', troughDate: 'd2', recoveryDate: 'd4', days: 2 });
    expect(periods[0]!.depth).toBeCloseTo(-0.5, 12);
    expect(periods[1]).toMatchObject({ peakDate: 'd4', troughDate: 'd5', recoveryDate: null, days: 1 });
    expect(periods[1]!.depth).toBeCloseTo(-0.1, 12);
  });
  it('a drawdown from the starting capital has no peak date', () => {
    // wealth 0.9, 1.08 → below the start on d1, recovered on d2
    expect(drawdownPeriods([-0.1, 0.2], ['d1', 'd2'])).toEqual([
      { peakDate: null, troughDate: 'd1', recoveryDate: 'd2', depth: expect.closeTo(-0.1, 12), days: 1 },
    ]);
  });
  it('deepest and longest', () => {
    const { deepest, longest } = drawdownExtremes(periods);
    expect(deepest).toBe(periods[0]);
    expect(longest).toBe(periods[0]);
    expect(drawdownExtremes([])).toEqual({ deepest: null, longest: null });
  });
  it('rejects mismatched dates', () => {
    expect(() => drawdownPeriods([0.1], [])).toThrow(RangeError);
  });
});
