import type { Logger } from 'pino';
import type { BundleReader } from '../ports/bundle-reader.js';
import { calmar, calmarOf } from '../metrics/risk.js';
import { TRADING_DAYS_PER_YEAR } from '../metrics/stats.js';
import { periodsPerYear } from '../data/ingest/bar-size.js';
import type { PointResult, PointTask, SweepRunOptions } from '../sweep/point-task.js';
import type { SweepStrategy } from '../sweep/run-sweep.js';
import { backtestReader } from './backtest-reader.js';

/**
 * Runs one point of a sweep with the same composition as `ziplime backtest` (`backtestReader`),
 * so its summary equals a standalone backtest with those params. A strategy error comes back in
 * the result; a usage error (e.g. a window outside the bundle) throws.
 */
export async function runSweepPoint(
  reader: BundleReader, strategy: SweepStrategy, options: SweepRunOptions, task: PointTask, logger: Logger,
): Promise<PointResult> {
  const { result, error } = await backtestReader({
    reader, logger,
    strategy: { ...strategy, params: task.params },
    start: task.start ?? options.start, end: task.end ?? options.end,
    capital: options.capital, frequency: options.frequency, fill: options.fill, benchmark: options.benchmark,
  });
  const base = { key: task.key, start: result.start, end: result.end };
  // The daily rows are built on first read: a point that keeps no daily series never builds them.
  const rows = task.daily || !annualisedLikeCalmar(reader, options.frequency) ? result.daily : undefined;
  const daily = task.daily ? { dates: rows!.map((d) => d.date), returns: rows!.map((d) => d.returns), values: rows!.map((d) => d.portfolioValue) } : undefined;
  if (error) return { ...base, metrics: null, error: error.message.split('\n')[0]!, ...(daily ? { daily } : {}) };
  const ratio = rows ? calmar(rows.map((d) => d.returns)) : calmarOf(result.summary.annualReturn, result.summary.maxDrawdown);
  return { ...base, metrics: { ...result.summary, calmar: ratio }, error: null, ...(daily ? { daily } : {}) };
}

/** Whether the run's summary is annualised with 252 periods a year, as `calmar` is (daily bars of 1 day, or minute runs). */
function annualisedLikeCalmar(reader: BundleReader, frequency: SweepRunOptions['frequency']): boolean {
  return frequency !== 'daily' || periodsPerYear(reader.meta.barSizes?.daily) === TRADING_DAYS_PER_YEAR;
}
