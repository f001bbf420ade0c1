import type { Asset } from '../model/asset.js';
import type { Frequency } from '../model/bar.js';
import type { Dividend, Split } from '../model/corporate-actions.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { TradingCalendar } from '../ports/calendar.js';
import { bundleCalendar } from '../data/bundle-calendar.js';
import type { BundleMarketData } from '../data/market-data/bundle-market-data.js';
import { createBundleMarketData } from '../data/market-data/create-bundle-market-data.js';
import { resolveBenchmark, sessionRange } from '../data/bundle-run.js';

/** What a backtest reads from its bundle before the engine starts. */
export interface BacktestData {
  readonly calendar: TradingCalendar;
  /** First and last (inclusive) session of the run, as calendar indices. */
  readonly startIndex: number;
  readonly endIndex: number;
  readonly benchmark: Asset | null;
  /** The bundle market data, its first chunk loaded. */
  readonly market: BundleMarketData;
  readonly splits: readonly Split[];
  readonly dividends: readonly Dividend[];
}

/** The run options `backtestData` needs (those of `ReaderBacktest`). */
export interface BacktestDataOptions {
  readonly reader: BundleReader;
  readonly frequency: Frequency;
  /** First and last session `YYYY-MM-DD` (default: the bundle's range). */
  readonly start?: string;
  readonly end?: string;
  /** A symbol, `none`, or undefined for the bundle's benchmark. */
  readonly benchmark?: string;
}

/** Stops `backtestData` before its next read (the read under way finishes). */
export interface DataStop {
  readonly stopped: boolean;
}

/**
 * The bundle side of a backtest: calendar → session range → benchmark → market data (first chunk
 * loaded), splits and dividends. It needs nothing of the strategy, so `runBacktest` reads it while
 * the strategy and the engine load. Usage problems (dates outside the data, an unknown benchmark,
 * no bars of the frequency) throw `UsageError`. When `stop` is stopped (the run fails before it
 * starts) it reads no further and rejects.
 */
export async function backtestData(setup: BacktestDataOptions, stop?: DataStop): Promise<BacktestData> {
  const { reader, frequency } = setup;
  const go = <T>(value: T): T => {
    if (stop?.stopped) throw new Error('the backtest stopped before its data was read');
    return value;
  };
  const calendar = go(await bundleCalendar(reader));
  const { startIndex, endIndex } = go(await sessionRange(reader, calendar, frequency, setup.start, setup.end));
  const benchmark = go(await resolveBenchmark(reader, setup.benchmark));
  const [market, splits, dividends] = await Promise.all([
    createBundleMarketData({ reader, calendar, frequency, startIndex, endIndex }),
    reader.splits(),
    reader.dividends(),
  ]);
  return { calendar, startIndex, endIndex, benchmark, market, splits, dividends };
}
