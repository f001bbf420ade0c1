import { describe, expect, it } from 'vitest';
import { addPeriod, parseWalkForward, planFolds, stitchEquity } from '../../../src/sweep/walk-forward.js';

describe('walk-forward', () => {
  it('parses the flag; step defaults to test', () => {
    expect(parseWalkForward('train=2y,test=6m')).toEqual({ train: { months: 24, days: 0 }, test: { months: 6, days: 0 }, step: { months: 6, days: 0 } });
    expect(parseWalkForward('train=1y,test=3m,step=1m').step).toEqual({ months: 1, days: 0 });
    expect(parseWalkForward('train=30d,test=2w').test).toEqual({ months: 0, days: 14 });
    expect(() => parseWalkForward('train=2y')).toThrow(/both/);
    expect(() => parseWalkForward('train=2x,test=6m')).toThrow(/not a period/);
    expect(() => parseWalkForward('foo=1y,test=6m')).toThrow(/train=2y,test=6m/);
  });
  it('adds months clamped to the month end', () => {
    expect(addPeriod('2020-01-31', { months: 1, days: 0 })).toBe('2020-02-29');
    expect(addPeriod('2019-08-31', { months: 6, days: 0 })).toBe('2020-02-29');
    expect(addPeriod('2020-01-15', { months: 6, days: 0 }, 3)).toBe('2021-07-15');
    expect(addPeriod('2020-12-30', { months: 0, days: 3 })).toBe('2021-01-02');
  });
  it('plans folds: train 2y, test 6m, step 6m over 2000-01-01 … 2003-03-31', () => {
    // fold 0 trains 2000-01-01 … 2001-12-31, tests 2002-01-01 … 2002-06-30; fold 1 starts 6 months later;
    // fold 2 tests from 2003-01-01 and is cut at 2003-03-31; a fold 3 would test from 2003-07-01 > end.
    const folds = planFolds(parseWalkForward('train=2y,test=6m'), '2000-01-01', '2003-03-31');
    expect(folds).toEqual([
      { fold: 0, trainStart: '2000-01-01', trainEnd: '2001-12-31', testStart: '2002-01-01', testEnd: '2002-06-30' },
      { fold: 1, trainStart: '2000-07-01', trainEnd: '2002-06-30', testStart: '2002-07-01', testEnd: '2002-12-31' },
      { fold: 2, trainStart: '2001-01-01', trainEnd: '2002-12-31', testStart: '2003-01-01', testEnd: '2003-03-31' },
    ]);
    expect(() => planFolds(parseWalkForward('train=5y,test=6m'), '2000-01-01', '2003-03-31')).toThrow(/too short/);
  });
  it('stitches test runs into one equity curve, each day once', () => {
    const s = stitchEquity([
      { dates: ['d1', 'd2'], returns: [0.1, -0.5] },
      { dates: ['d2', 'd3'], returns: [0.9, 1] }, // d2 already taken from the first fold
    ], 100);
    expect(s.dates).toEqual(['d1', 'd2', 'd3']);
    // 100 × 1.1 = 110; × 0.5 = 55; × 2 = 110
    [110, 55, 110].forEach((v, i) => expect(s.values[i]).toBeCloseTo(v, 10));
  });
});
