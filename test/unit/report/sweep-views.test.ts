import { describe, expect, it } from 'vitest';
import { renderSweepHtml } from '../../../src/report/html/sweep-page.js';
import type { SweepReportData, SweepRow } from '../../../src/report/sweep-data.js';
import { histogram, rankRows, sweepHeatmap } from '../../../src/report/sweep-views.js';

const row = (fast: number, slow: number, mode: string, sharpe: number, error: string | null = null): SweepRow => ({
  key: `${fast}-${slow}-${mode}`, fold: -1, phase: 'full', start: '2020-01-02', end: '2020-12-31',
  point: { fast, slow, mode }, metrics: { sharpe, totalReturn: sharpe / 10, maxDrawdown: -0.1, transactions: 4 }, error,
});

// A 2 × 2 × 2 grid; the best point is fast 10, slow 40, mode b (sharpe 2).
const rows = [
  row(5, 20, 'a', 0.1), row(10, 20, 'a', 0.2), row(5, 40, 'a', 0.3), row(10, 40, 'a', 0.4),
  row(5, 20, 'b', 1.1), row(10, 20, 'b', 1.2), row(5, 40, 'b', 1.3), row(10, 40, 'b', 2),
];

describe('sweep report views', () => {
  it('heatmap over two params holds the third at the best point', () => {
    const best = rankRows(rows, 'sharpe', true)[0]!;
    expect(best.point).toEqual({ fast: 10, slow: 40, mode: 'b' });
    const m = sweepHeatmap(rows, best, 'fast', 'slow', 'sharpe');
    expect(m.fixed).toEqual({ mode: 'b' });
    expect(m.xs).toEqual([5, 10]);
    expect(m.ys).toEqual([20, 40]);
    expect(m.values).toEqual([[1.1, 1.2], [1.3, 2]]);
    // over fast × mode with slow fixed at 40
    const m2 = sweepHeatmap(rows, best, 'fast', 'mode', 'sharpe');
    expect(m2.values).toEqual([[0.3, 0.4], [1.3, 2]]);
  });
  it('an excluded or failed point is an empty cell', () => {
    const some = rows.filter((r) => !(r.point.fast === 5 && r.point.slow === 20)).map((r) => (r.point.fast === 10 && r.point.slow === 20 && r.point.mode === 'b' ? { ...r, error: 'boom' } : r));
    const m = sweepHeatmap(some, some.at(-1)!, 'fast', 'slow', 'sharpe');
    expect(m.values).toEqual([[null, null], [1.3, 2]]);
  });
  it('histogram: equal-width bins, the maximum in the last bin', () => {
    // 0 … 1 in 4 bins of 0.25: [0, .25) ← 0, 0.1; [.25, .5) ← 0.3; [.5, .75) ← none; [.75, 1] ← 0.8, 1
    expect(histogram([0, 0.1, 0.3, 0.8, 1, NaN], 4)).toEqual({ edges: [0, 0.25, 0.5, 0.75, 1], counts: [2, 1, 0, 2] });
    expect(histogram([2, 2], 5)).toEqual({ edges: [2, 2], counts: [2] });
  });
  it('ranks by the objective, lower first when minimising; errors last', () => {
    const withError = [...rows, row(1, 1, 'a', 9, 'failed')];
    expect(rankRows(withError, 'sharpe', true).map((r) => r.metrics.sharpe).slice(0, 2)).toEqual([2, 1.3]);
    expect(rankRows(withError, 'sharpe', false)[0]!.metrics.sharpe).toBe(0.1);
    expect(rankRows(withError, 'sharpe', true).at(-1)!.error).toBe('failed');
  });
  it('the page has a heatmap per pair of params, the first shown', () => {
    const data: SweepReportData = {
      strategy: 's', bundle: 'b', objective: 'sharpe', maximize: true, start: '2020-01-02', end: '2020-12-31', params: ['fast', 'slow', 'mode'],
      rows, best: rows[7]!, bestEquity: { dates: ['2020-01-02', '2020-01-03'], values: [100, 101] }, deflatedSharpe: null, walkForward: null,
    };
    const html = renderSweepHtml(data, { heatmap: ['slow', 'mode'] });
    const pairs = [...html.matchAll(/data-pair="([^"]+)"( hidden)?/g)].map((m) => [m[1], Boolean(m[2])]);
    expect(pairs).toEqual([['slow,mode', false], ['fast,slow', true], ['fast,mode', true]]);
  });
});
