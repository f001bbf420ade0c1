import { describe, expect, it } from 'vitest';
import { equityChart } from '../../../src/report/terminal-chart.js';
import { visibleLength } from '../../../src/report/terminal-style.js';
import { sampleResult } from '../../helpers/sample-result.js';

describe('equityChart', () => {
  it('fits the width however long the run, labelled with the value range', () => {
    const values = Array.from({ length: 2000 }, (_, i) => 10_000 + 5 * i);
    const lines = equityChart(sampleResult({ values }).daily, { width: 80, height: 8 });
    expect(lines).toHaveLength(9);
    for (const l of lines) expect(visibleLength(l)).toBeLessThanOrEqual(80);
    expect(lines[0]).toContain('19,995.00'); // the last and highest value, 10 000 + 5·1999
    expect(lines.at(-1)).toContain('10,000.00');
  });

  it('draws nothing for fewer than two sessions', () => {
    expect(equityChart(sampleResult({ values: [10_000] }).daily, { width: 80 })).toEqual([]);
  });
});
