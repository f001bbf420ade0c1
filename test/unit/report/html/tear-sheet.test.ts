import { describe, expect, it } from 'vitest';
import { chartData, rollingWindow } from '../../../../src/report/html/chart-data.js';
import { renderHtmlReport } from '../../../../src/report/html/tear-sheet.js';
import { awkwardResult, craftedRun, sampleResult } from '../../../helpers/sample-result.js';

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(craftedRun());

  it('is one self-contained page: uPlot inlined, nothing loaded from elsewhere', () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('var uPlot=');
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/url\(\s*['"]?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
  });

  it('escapes names and flags the optimistic fill policy', () => {
    const page = renderHtmlReport(awkwardResult());
    expect(page).toContain('strategies/o&#39;brien, &quot;x&quot;.ts');
    expect(page).not.toContain('</script><');
    expect(html).toContain('fill: same-close (optimistic)');
  });

  it('has a container for every chart and the tables', () => {
    for (const id of ['chart-equity', 'chart-drawdown', 'chart-sharpe', 'chart-volatility', 'chart-exposure', 'log-scale']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('class="tbl heatmap"');
    expect(html).toMatch(/Transactions/);
  });
});

describe('chartData', () => {
  it('grows the benchmark from the capital and expresses drawdown in percent', () => {
    const c = chartData(craftedRun());
    // capital 10 000 · 1.01 · 0.98 = 9 898
    expect(c.benchmark?.[1]).toBeCloseTo(9_898, 9);
    expect(c.drawdown[1]).toBeCloseTo(-10, 9);
    expect(c.exposure).toEqual([50, 50, 0, 100, 100]);
    expect(c.time[0]).toBe(Date.UTC(2024, 0, 2) / 1000);
  });

  it('has no benchmark line when every benchmark return is zero, and plots numeric recorded variables', () => {
    const c = chartData(awkwardResult());
    expect(c.benchmark).toBeNull();
    expect(c.recorded.map((r) => r.name)).toEqual(['fast', 'sparse']);
    expect(c.recorded[0]!.values).toEqual([1.5, null, 3.25, 1e-300, -2.5]);
  });

  it('uses a six-month rolling window only when the run is long enough', () => {
    expect(rollingWindow(600)).toBe(126);
    expect(rollingWindow(100)).toBe(50);
    expect(chartData(sampleResult({ values: Array.from({ length: 300 }, (_, i) => 10_000 + i) })).rollingSharpe.filter((x) => x !== null)).toHaveLength(300 - 125);
  });
});
