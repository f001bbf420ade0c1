import { describe, expect, it } from 'vitest';
import { equityChart } from '../../../src/report/terminal-chart.js';
import { visibleLength } from '../../../src/report/terminal-style.js';
import { sampleResult } from '../../helpers/sample-result.js';

describe('equityChart', () => {
  it('fits the width however long the run, labelled with the value range', () => {
    const values = Array.from({ length: 2000 }, (_, i) => 10_000 + 5 * i);
    const lines = equityChart(sampleResult({ values }).daily, { width: 80, height: 8 });
    // 9 chart lines, the x axis and its dates (no benchmark: no legend)
    expect(lines).toHaveLength(11);
    for (const l of lines) expect(visibleLength(l)).toBeLessThanOrEqual(80);
    expect(lines[0]).toContain('19,995.00'); // the last and highest value, 10 000 + 5·1999
    expect(lines[8]).toContain('10,000.00');
  });

  it('puts the first, middle and last session dates under the x axis, at the ends of the plot', () => {
    const result = sampleResult({ values: Array.from({ length: 61 }, (_, i) => 10_000 + 10 * i) });
    const lines = equityChart(result.daily, { width: 80, height: 5 });
    const axis = lines.at(-2)!, dates = lines.at(-1)!;
    const origin = lines[0]!.indexOf('┤') + 1;
    expect(axis.indexOf('└')).toBe(origin - 1);
    // 61 weekdays from 2024-01-02: the last is 2024-03-26 (22 in January, 21 in February, 18 in March), the middle (index 30) 2024-02-13
    expect(dates.indexOf(result.daily[0]!.date)).toBe(origin);
    expect(result.daily[0]!.date).toBe('2024-01-02');
    expect(result.daily[60]!.date).toBe('2024-03-26');
    expect(dates.endsWith('2024-03-26')).toBe(true);
    expect(dates.length).toBe(origin + 61); // one column per session: the last date ends under the last point
    expect(dates).toContain('2024-02-13');
  });

  it('draws the benchmark grown from the capital as a second line and names it', () => {
    // the strategy stays at 10 000; the benchmark gains 1 % a session for 10 sessions: 10 000 · 1.01^10 = 11 046.22
    const result = sampleResult({ values: Array(10).fill(10_000), benchmarkReturns: Array(10).fill(0.01) });
    const lines = equityChart(result.daily, { width: 80, height: 6, capital: 10_000, benchmark: 'SPY' });
    expect(lines[0]).toContain('11,046.22');
    expect(lines.at(-1)).toMatch(/strategy and SPY/);
    const coloured = equityChart(result.daily, { width: 80, height: 6, capital: 10_000, benchmark: 'SPY', color: true });
    expect(coloured.at(-1)).toContain('\x1b[34m──\x1b[39m SPY');
  });

  it('draws nothing for fewer than two sessions', () => {
    expect(equityChart(sampleResult({ values: [10_000] }).daily, { width: 80 })).toEqual([]);
  });
});
