import type { Logger } from 'pino';
import type { StrategyError } from '../core/errors.js';
import type { Frequency } from '../model/bar.js';
import type { FillPolicy, RunResult } from '../model/results.js';
import { openBundle } from '../data/registry.js';
import { backtestReader, type ProgressCallback } from './backtest-reader.js';
import { loadStrategy, type LoadedStrategy } from './load-strategy.js';

/** What `ziplime backtest` asks for. */
export interface BacktestOptions {
  readonly strategyFile: string;
  readonly bundlesDir: string;
  readonly bundle: string;
  /** First and last session `YYYY-MM-DD` (default: the bundle's range). */
  readonly start?: string;
  readonly end?: string;
  readonly capital: number;
  readonly frequency: Frequency;
  readonly fill: FillPolicy;
  /** A symbol, `none`, or undefined for the bundle's benchmark. */
  readonly benchmark?: string;
  /** `--param k=v` strings and the `--config` file. */
  readonly params?: readonly string[];
  readonly config?: string;
  readonly logger: Logger;
  /** Called after each session: sessions done, total, the session just done and asset-bars so far. */
  readonly onProgress?: ProgressCallback;
}

/** A finished (or failed) backtest: the result, possibly partial, and the strategy's error. */
export interface BacktestRun {
  readonly strategy: LoadedStrategy;
  readonly result: RunResult;
  readonly error: StrategyError | null;
}

/**
 * `ziplime backtest`: loads the strategy, opens the bundle and runs `backtestReader`. The bundle
 * opens while the strategy loads; a strategy problem is still reported first.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestRun> {
  const opening = openBundle(options.bundlesDir, options.bundle);
  opening.catch(() => undefined); // its error is reported when awaited below, after the strategy's
  let strategy: LoadedStrategy;
  try {
    strategy = await loadStrategy(options.strategyFile, { params: options.params, config: options.config });
  } catch (err) {
    await opening.then((r) => r.close(), () => undefined);
    throw err;
  }
  const reader = await opening;
  try {
    const { result, error } = await backtestReader({ ...options, reader, strategy });
    return { strategy, result, error };
  } finally {
    await reader.close();
  }
}
