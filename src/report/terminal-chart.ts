import asciichart from 'asciichart';
import type { DailyRow } from '../model/results.js';
import { money } from './format.js';

/** Options of the equity chart. */
export interface EquityChartOptions {
  /** Columns available, axis labels included. */
  width: number;
  /** Chart height in lines (default 10). */
  height?: number;
  color?: boolean;
}

const LABEL_WIDTH = 14;

/** The indices of at most `n` evenly spread points of `length` (the first and last always kept). */
function sampleIndices(length: number, n: number): number[] {
  if (length <= n) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: n }, (_, i) => Math.round((i * (length - 1)) / (n - 1)));
}

/** `text` written into `line` at column `at` (clipped to the line). */
function put(line: string[], at: number, text: string): void {
  for (let i = 0; i < text.length && at + i < line.length; i++) if (at + i >= 0) line[at + i] = text[i]!;
}

/**
 * An asciichart line chart of the portfolio value and, when the run had one, the benchmark
 * grown from the same capital, fitted to `width` columns, with the session dates under the x
 * axis (first, middle, last) and a legend naming the benchmark. Empty with < 2 sessions.
 */
export function equityChart(daily: readonly DailyRow[], options: EquityChartOptions & { capital?: number; benchmark?: string | null }): string[] {
  const rows = daily.filter((d) => Number.isFinite(d.portfolioValue));
  if (rows.length < 2) return [];
  const idx = sampleIndices(rows.length, Math.max(2, options.width - LABEL_WIDTH - 2));
  const strategy = idx.map((i) => rows[i]!.portfolioValue);
  const hasBenchmark = rows.some((d) => Number.isFinite(d.benchmarkReturns) && d.benchmarkReturns !== 0);
  let wealth = options.capital ?? rows[0]!.portfolioValue / (1 + rows[0]!.returns);
  const grown = rows.map((d) => (wealth *= 1 + (Number.isFinite(d.benchmarkReturns) ? d.benchmarkReturns : 0)));
  const series = hasBenchmark ? [strategy, idx.map((i) => grown[i]!)] : [strategy];
  const chart = asciichart.plot(series, {
    height: options.height ?? 10,
    format: (x: number) => money(x).padStart(LABEL_WIDTH - 2),
    ...(options.color ? { colors: [asciichart.green, asciichart.blue] } : {}),
  });
  const lines = chart.split('\n').map((l) => l.trimEnd());
  // the plot starts one column after the axis (┤ or ┼) of the first line
  const plain = lines[0]!.replace(/\x1b\[[0-9;]*m/g, '');
  const origin = Math.max(plain.indexOf('┤'), plain.indexOf('┼')) + 1;
  const span = idx.length;
  const axis = Array.from<unknown, string>({ length: origin + span }, (_, i) => (i < origin - 1 ? ' ' : i === origin - 1 ? '└' : '─'));
  const labels = Array.from({ length: origin + span }, () => ' ');
  const first = rows[0]!.date.slice(0, 10), last = rows.at(-1)!.date.slice(0, 10), middle = rows[idx[Math.floor(span / 2)]!]!.date.slice(0, 10);
  for (const at of [origin, origin + Math.floor(span / 2), origin + span - 1]) axis[at] = '┬';
  put(labels, origin, first);
  if (span >= 3 * first.length) put(labels, origin + Math.floor(span / 2) - Math.floor(middle.length / 2), middle);
  put(labels, origin + span - last.length, last);
  const name = options.benchmark ?? 'benchmark';
  const legend = !hasBenchmark ? ''
    : options.color ? `${' '.repeat(origin)}\x1b[32m──\x1b[39m strategy   \x1b[34m──\x1b[39m ${name}`
      : `${' '.repeat(origin)}strategy and ${name} (in colour without NO_COLOR: green and blue)`;
  return [...lines, axis.join('').trimEnd(), labels.join('').trimEnd(), ...(legend ? [legend] : [])];
}
