import { describe, expect, it } from 'vitest';
import { lowerBound, lowerBoundBy } from '../../../src/core/numeric.js';

describe('lowerBound', () => {
  const xs = Float64Array.of(1, 3, 3, 3, 7);
  it('first index not less than x, or (after) greater than x', () => {
    expect([0, 1, 2, 3, 4, 7, 8].map((x) => lowerBound(xs, x))).toEqual([0, 0, 1, 1, 4, 4, 5]);
    expect([0, 1, 2, 3, 4, 7, 8].map((x) => lowerBound(xs, x, true))).toEqual([0, 1, 1, 4, 4, 5, 5]);
  });
  it('within [from, to), returning to when none', () => {
    expect(lowerBound(xs, 3, false, 2, 4)).toBe(2);
    expect(lowerBound(xs, 3, true, 2, 4)).toBe(4);
    expect(lowerBound(xs, 0, false, 3, 5)).toBe(3);
  });
  it('strings and keyed items', () => {
    expect(lowerBound(['2024-01-02', '2024-01-03', '2024-01-05'], '2024-01-04')).toBe(2);
    expect(lowerBoundBy([{ ts: 10 }, { ts: 20 }], 15, (b) => b.ts)).toBe(1);
    expect(lowerBoundBy([], 15, (b: { ts: number }) => b.ts)).toBe(0);
  });
});
