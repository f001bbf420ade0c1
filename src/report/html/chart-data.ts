import { DAY_MS, dayNumber } from '../../core/time.js';
import { drawdownPeriods, drawdownSeries, rollingBeta, rollingSharpe, rollingVolatility, worstDrawdowns } from '../../metrics/index.js';
import type { RunResult } from '../../model/results.js';
import { recordedNames } from '../result-tables.js';
import { exposureSeries } from '../exposure-series.js';

/** The longest rolling window (6 months of sessions). */
export const ROLLING_WINDOW = 126;
/** At most this many recorded variables are plotted. */
export const MAX_RECORDED_CHARTS = 12;

type Series = (number | null)[];

/** The data the page's charts draw; NaN and infinities become gaps (null). */
export interface ChartData {
  /** Session dates as Unix seconds (UTC midnight). */
  time: number[];
  equity: Series;
  /** The benchmark grown from the same capital; null when the run had none. */
  benchmark: Series | null;
  /** The benchmark's symbol (null when not recorded). */
  benchmarkName: string | null;
  /** Drawdown from the running peak, in percent (≤ 0). */
  drawdown: Series;
  rollingWindow: number;
  rollingSharpe: Series;
  /** Rolling annualised volatility in percent. */
  rollingVolatility: Series;
  /** Gross exposure in percent of the portfolio value. */
  exposure: Series;
  /** Long and short exposure in percent of the portfolio value, and the most held assets' (null for results without exposures). */
  longShort: { long: Series; short: Series } | null;
  assetExposure: { name: string; values: Series }[];
  /** Rolling beta against the benchmark (same window); null without a benchmark. */
  rollingBeta: Series | null;
  /** The worst 5 drawdowns as [from, to] in Unix seconds (peak to recovery, or the last session), shaded on the equity chart. */
  drawdownRanges: [number, number][];
  recorded: { name: string; values: Series }[];
}

const gaps = (xs: ArrayLike<number>, scale = 1): Series => Array.from(xs, (x) => (Number.isFinite(x) ? x * scale : null));

/**
 * The rolling window used for `n` sessions: 126 (six months) when the run has at least twice
 * that, otherwise half the run (at least 2), so short runs still show a curve.
 */
export const rollingWindow = (n: number): number => (n >= 2 * ROLLING_WINDOW ? ROLLING_WINDOW : Math.max(2, Math.floor(n / 2)));

/** Builds the chart series of a result (metrics from `src/metrics`). */
export function chartData(result: RunResult): ChartData {
  const { daily } = result;
  const returns = daily.map((d) => d.returns);
  const bench = daily.map((d) => d.benchmarkReturns);
  const hasBenchmark = bench.some((b) => Number.isFinite(b) && b !== 0);
  let wealth = result.capital;
  const window = rollingWindow(daily.length);
  const numeric = recordedNames(daily).filter((name) => daily.every((d) => d[name] === undefined || typeof d[name] === 'number'));
  const time = daily.map((d) => (dayNumber(d.date.slice(0, 10)) * DAY_MS) / 1000);
  const dates = daily.map((d) => d.date);
  const index = new Map(dates.map((d, i) => [d, i]));
  const ranges = worstDrawdowns(drawdownPeriods(returns, dates), 5).map((p): [number, number] => [
    time[p.peakDate === null ? 0 : index.get(p.peakDate)!]!, time[p.recoveryDate === null ? time.length - 1 : index.get(p.recoveryDate)!]!,
  ]);
  const exposure = exposureSeries(result);
  return {
    time,
    longShort: exposure ? { long: gaps(exposure.long, 100), short: gaps(exposure.short, 100) } : null,
    assetExposure: (exposure?.assets ?? []).map((a) => ({ name: a.symbol, values: gaps(a.values, 100) })),
    equity: gaps(daily.map((d) => d.portfolioValue)),
    benchmarkName: result.settings?.benchmark ?? null,
    benchmark: hasBenchmark ? bench.map((b) => (wealth *= 1 + (Number.isFinite(b) ? b : 0))) : null,
    drawdown: gaps(drawdownSeries(returns), 100),
    rollingWindow: window,
    rollingSharpe: gaps(rollingSharpe(returns, window)),
    rollingVolatility: gaps(rollingVolatility(returns, window), 100),
    exposure: gaps(daily.map((d) => d.grossLeverage), 100),
    rollingBeta: hasBenchmark && daily.length >= 2 ? gaps(rollingBeta(returns, bench, window)) : null,
    drawdownRanges: ranges,
    recorded: numeric.slice(0, MAX_RECORDED_CHARTS).map((name) => ({
      name,
      values: daily.map((d) => (typeof d[name] === 'number' && Number.isFinite(d[name]) ? (d[name] as number) : null)),
    })),
  };
}
