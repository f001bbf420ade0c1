import type { StrategyError } from '../core/errors.js';
import type { RunResult } from '../model/results.js';
import { openBundle, openBundleVersion } from '../data/registry.js';
import { backtestReader, type ReaderBacktest } from './backtest-reader.js';
import { loadStrategy, type LoadedStrategy } from './load-strategy.js';
import { venueRules, type VenueRulesName } from './venue-rules.js';

/** What `ziplime backtest` asks for: the run options of `backtestReader`, with files instead of the open parts. */
export interface BacktestOptions extends Omit<ReaderBacktest, 'reader' | 'strategy' | 'venueRules'> {
  /** `--venue-rules`: a venue whose order rules the simulated broker applies. */
  readonly venueRules?: VenueRulesName;
  readonly strategyFile: string;
  readonly bundlesDir: string;
  readonly bundle: string;
  /** `--param k=v` strings and the `--config` file. */
  readonly params?: readonly string[];
  readonly config?: string;
  /** Param values as they are (a rerun's): above `--config`, below `--param`. */
  readonly paramValues?: Readonly<Record<string, unknown>>;
  /** The bundle version to open (a rerun's); the newest when absent or gone (`onWarning` says so). */
  readonly bundleVersion?: string;
  readonly onWarning?: (message: string) => void;
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
  const opening = options.bundleVersion === undefined
    ? openBundle(options.bundlesDir, options.bundle)
    : openBundleVersion(options.bundlesDir, options.bundle, options.bundleVersion).then(({ reader, found }) => {
      if (!found) options.onWarning?.(`bundle '${options.bundle}' version ${options.bundleVersion} is gone; running on its newest version instead`);
      return reader;
    });
  opening.catch(() => undefined); // its error is reported when awaited below, after the strategy's
  let strategy: LoadedStrategy;
  try {
    strategy = await loadStrategy(options.strategyFile, { params: options.params, config: options.config, values: options.paramValues });
  } catch (err) {
    await opening.then((r) => r.close(), () => undefined);
    throw err;
  }
  const reader = await opening;
  try {
    const { result, error } = await backtestReader({ ...options, reader, strategy, venueRules: await venueRules(options.venueRules) });
    return { strategy, result, error };
  } finally {
    await reader.close();
  }
}
