import { describe, expect, it } from 'vitest';
import { benchmarkComparison } from '../../../src/report/benchmark-comparison.js';
import { sampleResult } from '../../helpers/sample-result.js';

describe('benchmarkComparison', () => {
  it('names the benchmark column and computes each side from its own returns', () => {
    // strategy 10 000 → 10 100 → 9 999 → 10 199: +1 %, −1 %, +2 %; benchmark +0.5 %, −0.2 %, +0.1 %
    const result = sampleResult({ values: [10_100, 9_999, 10_198.98], benchmarkReturns: [0.005, -0.002, 0.001] });
    result.settings = {
      strategyFile: null, strategyHash: null, params: {}, bundleVersion: null, calendar: 'XNYS', commission: null, slippage: null,
      cancelPolicy: null, controls: [], benchmark: 'SPY', ziplimeVersion: '0',
    };
    const c = benchmarkComparison(result);
    expect(c.benchmark).toBe('SPY');
    const row = (label: string) => c.rows.find((r) => r.label === label)!;
    expect(row('Best day')).toMatchObject({ strategy: '2.00%', benchmark: '0.50%' });
    expect(row('Worst day')).toMatchObject({ strategy: '-1.00%', benchmark: '-0.20%' });
    expect(row('Positive days')).toMatchObject({ strategy: '66.7%', benchmark: '66.7%' });
    // 3 sessions: annualised figures are n/a
    expect(row('Sharpe ratio')).toMatchObject({ strategy: 'n/a', benchmark: 'n/a' });
    // 1.01 · 0.99 · 1.02 − 1 = 1.99 % ; 1.005 · 0.998 · 1.001 − 1 ≈ 0.40 %
    expect(row('Total return')).toMatchObject({ strategy: '1.99%', benchmark: '0.40%' });
  });

  it('has no benchmark column without a benchmark', () => {
    const c = benchmarkComparison(sampleResult());
    expect(c.benchmark).toBeNull();
    expect(c.rows.every((r) => r.benchmark === '')).toBe(true);
  });
});
