import type { Asset } from '../../model/asset.js';
import type { Frequency } from '../../model/bar.js';
import type { BarRange, BundleReader } from '../../ports/bundle-reader.js';
import type { TradingCalendar } from '../../ports/calendar.js';
import { UsageError } from '../../core/errors.js';
import { BundleMarketData } from './bundle-market-data.js';
import { ChunkedPanel } from './chunked-panel.js';
import { CorporateActionIndex } from './corporate-action-index.js';
import { dailySource, minuteSource } from './panel-sources.js';

/** Options of `createBundleMarketData`. */
export interface BundleMarketDataOptions {
  readonly reader: BundleReader;
  readonly calendar: TradingCalendar;
  readonly frequency: Frequency;
  /** First and last (inclusive) session of the run, as calendar indices. */
  readonly startIndex: number;
  readonly endIndex: number;
  /** Assets to load (default: every asset of the bundle). */
  readonly sids?: readonly number[];
  /** Sessions per loaded chunk (default: as many as fit about 4 million asset-slots). */
  readonly chunkSessions?: number;
  /** Sessions kept before each chunk for `history` (default 252 daily, 1 minute; grows on demand). */
  readonly lookbackSessions?: number;
}

/**
 * Asset-slots per chunk when `chunkSessions` is not given (×6 fields × 8 bytes ≈ 200 MB): a run
 * whose bars fit is one chunk; a bigger one holds two at a time (the next is read in the background).
 */
const SLOT_BUDGET = 1 << 22;
const DAILY_LOOKBACK = 252;

function pickAssets(all: readonly Asset[], sids: readonly number[] | undefined, bundle: string): readonly Asset[] {
  if (!sids) return all;
  const bySid = new Map(all.map((a) => [a.sid, a]));
  return sids.map((sid) => {
    const asset = bySid.get(sid);
    if (!asset) throw new UsageError(`sid ${sid} is not in bundle '${bundle}'; run \`ziplime bundles\` to list its assets`);
    return asset;
  });
}

/** The bundle's bar range of `frequency`; throws `UsageError` when it has no such bars. */
export async function requireBarRange(reader: BundleReader, frequency: Frequency): Promise<BarRange> {
  const range = await reader.range(frequency);
  if (range) return range;
  const other = frequency === 'daily' ? 'minute' : 'daily';
  throw new UsageError(`bundle '${reader.meta.name}' has no ${frequency} bars; ingest ${frequency} data or run with --frequency ${other}`);
}

/**
 * Opens `MarketData` over a bundle for sessions `startIndex … endIndex` of `calendar` and loads
 * the first chunk. Throws `UsageError` when the range is outside the calendar or the bundle has
 * no bars of `frequency`.
 */
export async function createBundleMarketData(options: BundleMarketDataOptions): Promise<BundleMarketData> {
  const { reader, calendar, frequency, startIndex, endIndex } = options;
  const bundle = reader.meta.name;
  if (!Number.isInteger(startIndex) || !Number.isInteger(endIndex) || startIndex < 0 || endIndex >= calendar.sessionDays.length || startIndex > endIndex) {
    throw new UsageError(`invalid session range ${startIndex}..${endIndex} for calendar ${calendar.name}; pick start and end dates inside the calendar`);
  }
  const [all, dailyRange] = await Promise.all([reader.assets(), reader.range('daily'), requireBarRange(reader, frequency)]);
  const assets = pickAssets(all, options.sids, bundle);
  const sids = assets.map((a) => a.sid);
  const sidIndex = new Int32Array(sids.reduce((m, s) => Math.max(m, s), -1) + 1).fill(-1);
  assets.forEach((a, i) => { sidIndex[a.sid] = i; });
  const indexOfSid = (sid: number) => sidIndex[sid] ?? -1;

  const [splits, dividends] = await Promise.all([reader.splits(sids), reader.dividends(sids)]);
  const actions = new CorporateActionIndex(splits, dividends, calendar, indexOfSid, assets.length);

  const rows = Math.max(1, assets.length);
  const daily = dailySource(reader, calendar, sids, !dailyRange);
  const dailyPlan = {
    startIndex, endIndex,
    chunkSessions: Math.max(1, Math.floor(SLOT_BUDGET / rows)),
    lookbackSessions: DAILY_LOOKBACK,
  };
  let main: ChunkedPanel, dailyPanel: ChunkedPanel | undefined;
  if (frequency === 'daily') {
    main = new ChunkedPanel(daily, {
      ...dailyPlan,
      chunkSessions: options.chunkSessions ?? dailyPlan.chunkSessions,
      lookbackSessions: options.lookbackSessions ?? DAILY_LOOKBACK,
    }, assets.length, indexOfSid);
  } else {
    const perSession = Math.max(1, calendar.minutesInSession(startIndex));
    main = new ChunkedPanel(minuteSource(reader, calendar, sids, (i) => calendar.sessionMinutes(i)), {
      startIndex, endIndex,
      chunkSessions: options.chunkSessions ?? Math.max(1, Math.floor(SLOT_BUDGET / (rows * perSession))),
      lookbackSessions: options.lookbackSessions ?? 1,
    }, assets.length, indexOfSid);
    dailyPanel = new ChunkedPanel(daily, dailyPlan, assets.length, indexOfSid);
  }
  await main.ensure(startIndex - 1, startIndex);
  return new BundleMarketData({ calendar, frequency, startIndex, endIndex, assets, sidIndex, main, daily: dailyPanel, actions });
}
