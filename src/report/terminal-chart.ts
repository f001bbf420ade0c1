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

/** Every `step`-th value (the last one always kept) so that at most `n` points remain. */
function downsample(xs: readonly number[], n: number): number[] {
  if (xs.length <= n) return [...xs];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(xs[Math.round((i * (xs.length - 1)) / (n - 1))]!);
  return out;
}

/** An asciichart line chart of the portfolio value, fitted to `width` columns; empty with < 2 sessions. */
export function equityChart(daily: readonly DailyRow[], options: EquityChartOptions): string[] {
  const values = daily.map((d) => d.portfolioValue).filter(Number.isFinite);
  if (values.length < 2) return [];
  const series = downsample(values, Math.max(2, options.width - LABEL_WIDTH - 2));
  const chart = asciichart.plot(series, {
    height: options.height ?? 10,
    format: (x: number) => money(x).padStart(LABEL_WIDTH - 2),
    ...(options.color ? { colors: [asciichart.green] } : {}),
  });
  return chart.split('\n').map((l) => l.trimEnd());
}
