import type { Logger } from 'pino';
import type { BundleReader } from '../ports/bundle-reader.js';
import { calmar } from '../metrics/risk.js';
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
  const returns = result.daily.map((d) => d.returns);
  const base = { key: task.key, start: result.start, end: result.end };
  const daily = task.daily ? { dates: result.daily.map((d) => d.date), returns, values: result.daily.map((d) => d.portfolioValue) } : undefined;
  if (error) return { ...base, metrics: null, error: error.message.split('\n')[0]!, ...(daily ? { daily } : {}) };
  return { ...base, metrics: { ...result.summary, calmar: calmar(returns) }, error: null, ...(daily ? { daily } : {}) };
}
