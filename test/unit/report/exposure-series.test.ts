import { describe, expect, it } from 'vitest';
import { exposureSeries } from '../../../src/report/exposure-series.js';
import { sampleResult } from '../../helpers/sample-result.js';

describe('exposureSeries', () => {
  it('sums long and short values per session over the portfolio value, and ranks assets by mean |exposure|', () => {
    const result = sampleResult({ values: [10_000, 20_000, 10_000] });
    const [d1, d2, d3] = result.daily.map((d) => d.date);
    result.exposures = [
      { date: d1!, symbol: 'AAA', sid: 1, value: 5_000 }, // 50 %
      { date: d2!, symbol: 'AAA', sid: 1, value: 5_000 }, // 25 %
      { date: d2!, symbol: 'BBB', sid: 2, value: -4_000 }, // −20 %
      { date: d3!, symbol: 'BBB', sid: 2, value: -1_000 }, // −10 %
      { date: d3!, symbol: 'CCC', sid: 3, value: 1_000 }, // 10 %
    ];
    const s = exposureSeries(result, 2)!;
    expect(s.long).toEqual([0.5, 0.25, 0.1]);
    expect(s.short).toEqual([0, -0.2, -0.1]);
    // mean |exposure|: AAA (0.5 + 0.25) / 3 = 0.25, BBB 0.3 / 3 = 0.1, CCC 0.1 / 3: the top two are AAA and BBB
    expect(s.assets).toEqual([{ symbol: 'AAA', values: [0.5, 0.25, 0] }, { symbol: 'BBB', values: [0, -0.2, -0.1] }]);
  });

  it('is null for a result written before exposures were recorded', () => {
    expect(exposureSeries(sampleResult())).toBeNull();
  });
});
