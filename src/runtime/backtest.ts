import type { StrategyError } from '../core/errors.js';
import type { RunResult } from '../model/results.js';
import { openBundle, openBundleVersion } from '../data/registry.js';
import type { ReaderBacktest } from './backtest-reader.js';
import { backtestData } from './backtest-data.js';
import type { LoadedStrategy } from './load-strategy.js';
import type { VenueRulesName } from './venue-rules.js';

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
 * opens and its calendar and bars are read (`backtestData`) while the strategy and the engine's
 * modules load; a strategy problem is still reported first, then the bundle's.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestRun> {
  const opening = options.bundleVersion === undefined
    ? openBundle(options.bundlesDir, options.bundle)
    : openBundleVersion(options.bundlesDir, options.bundle, options.bundleVersion).then(({ reader, found }) => {
      if (!found) options.onWarning?.(`bundle '${options.bundle}' version ${options.bundleVersion} is gone; running on its newest version instead`);
      return reader;
    });
  const stop = { stopped: false };
  const data = opening.then((reader) => backtestData({ ...options, reader }, stop));
  for (const p of [opening, data]) p.catch(() => undefined); // errors are reported when awaited below, after the strategy's
  /** Closes the bundle once nothing reads it any more (a read under way finishes; no other starts). */
  const close = async (): Promise<void> => {
    stop.stopped = true;
    await data.catch(() => undefined);
    await opening.then((r) => r.close(), () => undefined);
  };
  let strategy: LoadedStrategy;
  let backtestReader: typeof import('./backtest-reader.js').backtestReader;
  let venueRules: typeof import('./venue-rules.js').venueRules;
  try {
    // The engine's modules load before the strategy is imported: that turns source maps on, and
    // every module loaded after it would have its map read as well.
    const [{ loadStrategy }, engine, rules] = await Promise.all([import('./load-strategy.js'), import('./backtest-reader.js'), import('./venue-rules.js')]);
    ({ backtestReader } = engine);
    ({ venueRules } = rules);
    strategy = await loadStrategy(options.strategyFile, { params: options.params, config: options.config, values: options.paramValues });
  } catch (err) {
    await close();
    throw err;
  }
  try {
    const reader = await opening;
    const rules = await venueRules(options.venueRules);
    const { result, error } = await backtestReader({ ...options, reader, strategy, venueRules: rules }, data);
    return { strategy, result, error };
  } finally {
    await close();
  }
}
