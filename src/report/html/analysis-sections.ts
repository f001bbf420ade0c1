import { histogram, type DrawdownPeriod } from '../../metrics/index.js';
import type { RunResult } from '../../model/results.js';
import type { BenchmarkComparison } from '../benchmark-comparison.js';
import { count, pct } from '../format.js';
import { monthlyReturns } from '../monthly-returns.js';
import { escapeHtml } from './assets.js';
import { signedClass } from './sections.js';
import { svgBars, type Bar } from './svg-bars.js';

/** The strategy-vs-benchmark metric table, the benchmark's column named by its symbol. */
export function comparisonHtml(c: BenchmarkComparison): string {
  const head = `<tr><th>Metric</th><th>Strategy</th>${c.benchmark ? `<th>${escapeHtml(c.benchmark)}</th>` : ''}</tr>`;
  const rows = c.rows.map((r) => `<tr><td>${escapeHtml(r.label)}</td><td>${escapeHtml(r.strategy)}</td>${c.benchmark ? `<td>${escapeHtml(r.benchmark)}</td>` : ''}</tr>`);
  return `<table class="tbl compare" id="comparison"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The worst drawdowns (deepest first): peak, trough, recovery, depth and length in sessions. */
export function worstDrawdownsHtml(periods: readonly DrawdownPeriod[], start: string): string {
  if (periods.length === 0) return '<p class="empty">The value never fell below a previous peak.</p>';
  const rows = periods.map((p, i) => `<tr><td>${i + 1}</td><td>${escapeHtml(p.peakDate ?? start)}</td><td>${escapeHtml(p.troughDate)}</td><td>${escapeHtml(p.recoveryDate ?? 'not yet')}</td><td class="${signedClass(p.depth)}">${pct(p.depth)}</td><td>${count(p.days)}</td></tr>`);
  return `<table class="tbl" id="worst-drawdowns"><thead><tr><th>#</th><th>Peak</th><th>Trough</th><th>Recovered</th><th>Depth</th><th>Sessions</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const pctTick = (x: number) => pct(x, 1);

/** A histogram of returns as bars labelled by their bin's lower edge. */
function histogramBars(xs: readonly number[], bins: number): Bar[] {
  const h = histogram(xs, bins);
  return h.counts.map((n, k) => ({
    label: pct(h.edges[k]!, 1), value: n,
    title: `${pct(h.edges[k]!)} to ${pct(h.edges[k + 1]!)}: ${n} ${n === 1 ? 'period' : 'periods'}`,
  }));
}

/** Daily and monthly return distributions and the returns of each calendar year, as SVG bar charts. */
export function distributionsHtml(result: RunResult): { daily: string; monthly: string; annual: string } {
  const returns = result.daily.map((d) => d.returns).filter(Number.isFinite);
  const years = monthlyReturns(result.daily);
  const months = years.flatMap((y) => y.months.filter((m): m is number => m !== null));
  const countTick = (x: number) => count(x);
  return {
    daily: svgBars('hist-daily', histogramBars(returns, 30), { format: countTick, color: '#1d4ed8' }),
    monthly: svgBars('hist-monthly', histogramBars(months, 20), { format: countTick, color: '#7c3aed' }),
    annual: svgBars('annual-returns', years.map((y) => ({ label: String(y.year), value: y.total, title: `${y.year}: ${pct(y.total)}` })), { format: pctTick }),
  };
}
