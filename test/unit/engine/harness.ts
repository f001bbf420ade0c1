import { pino } from 'pino';
import { getCalendar } from '../../../src/calendar/index.js';
import type { Asset } from '../../../src/model/asset.js';
import type { Bar } from '../../../src/model/bar.js';
import type { Dividend, Split } from '../../../src/model/corporate-actions.js';
import type { FillPolicy } from '../../../src/model/results.js';
import { backtestReader } from '../../../src/runtime/backtest-reader.js';
import type { StrategyDefinition } from '../../../src/strategy/define.js';
import { MemoryBundleReader, dailyBar, testAsset } from '../../helpers/memory-bundle.js';

export { testAsset, dailyBar };

/** `count` XNYS sessions from `start` on. */
export function sessions(start: string, count: number): string[] {
  const cal = getCalendar('XNYS');
  const i = cal.sessionOnOrAfter(start);
  return cal.sessions.slice(i, i + count) as string[];
}

/** Daily bars of one asset: `[open, close]` pairs (or one price for both) on consecutive sessions. */
export function barsOf(asset: Asset, days: readonly string[], prices: readonly (number | readonly [number, number])[], volume = 1e6): Bar[] {
  return prices.map((p, i) => (typeof p === 'number' ? dailyBar(asset.sid, days[i]!, p, p, volume) : dailyBar(asset.sid, days[i]!, p[0], p[1], volume)));
}

/** Runs a strategy over in-memory daily bars through the real backtest stack. */
export async function runDaily(
  strategy: StrategyDefinition<any, any>,
  data: { assets: Asset[]; bars: Bar[]; splits?: Split[]; dividends?: Dividend[]; calendar?: string },
  options: { capital?: number; fill?: FillPolicy; start?: string; end?: string; benchmark?: string; params?: Record<string, unknown> } = {},
) {
  const reader = new MemoryBundleReader({ assets: data.assets, daily: data.bars, splits: data.splits, dividends: data.dividends, calendar: data.calendar });
  return backtestReader({
    reader, strategy: { definition: strategy, params: options.params ?? {}, name: 'test' },
    capital: options.capital ?? 10_000, frequency: 'daily', fill: options.fill ?? 'next-close',
    start: options.start, end: options.end, benchmark: options.benchmark ?? 'none', logger: pino({ level: 'silent' }),
  });
}
