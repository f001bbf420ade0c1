import { isoUtc } from '../core/time.js';
import type { Asset } from '../model/asset.js';
import type { Bar } from '../model/bar.js';
import type { AssetFinder } from '../ports/asset-finder.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { LiveBar, LiveFeed } from '../ports/live-feed.js';
import type { BarSource } from '../data/market-data/live-market-data.js';

/** Far end date of assets still alive at the end of the history bundle. */
const OPEN_ENDED = '9999-12-31';

/**
 * The run's assets when trading live: the history bundle's, interned by sid, with the ones still
 * alive at the bundle's end made open-ended (the bundle's last day is not their delisting date).
 * Every lookup tells `onLookup` (the market data starts following the asset).
 */
export class LiveAssets implements AssetFinder {
  private readonly bySid = new Map<number, Asset>();
  private readonly bySymbol = new Map<string, Asset>();

  private constructor(private readonly onLookup: (asset: Asset) => void) {}

  /** Loads every asset of the bundle. */
  static async load(reader: BundleReader, onLookup: (asset: Asset) => void): Promise<LiveAssets> {
    const out = new LiveAssets(onLookup);
    const daily = await reader.range('daily');
    const minute = await reader.range('minute');
    const lastMs = Math.max(daily?.last ?? -Infinity, minute?.last ?? -Infinity);
    const lastDay = Number.isFinite(lastMs) ? isoUtc(lastMs).slice(0, 10) : '';
    for (const a of await reader.assets()) {
      const alive = a.endDate >= lastDay;
      const asset: Asset = alive ? { ...a, endDate: OPEN_ENDED, autoCloseDate: null } : a;
      out.bySid.set(asset.sid, asset);
      out.bySymbol.set(asset.symbol.toUpperCase(), asset);
    }
    return out;
  }

  /** Every asset, by sid, without following them. */
  all(): Asset[] {
    return [...this.bySid.values()].sort((a, b) => a.sid - b.sid);
  }

  /** The asset of a symbol without following it (broker positions, journal entries). */
  bySymbolQuiet(symbol: string): Asset | undefined {
    return this.bySymbol.get(symbol.toUpperCase());
  }

  /** The asset of a sid without following it. */
  bySidQuiet(sid: number): Asset | undefined {
    return this.bySid.get(sid);
  }

  async lookupSymbol(symbol: string): Promise<Asset | undefined> {
    const asset = this.bySymbol.get(symbol.toUpperCase());
    if (asset) this.onLookup(asset);
    return asset;
  }

  async lookupSid(sid: number): Promise<Asset | undefined> {
    const asset = this.bySid.get(sid);
    if (asset) this.onLookup(asset);
    return asset;
  }
}

/** A live bar with the run's sid (by symbol); undefined for a symbol the run does not know. */
export function toRunBar(bar: LiveBar, assets: LiveAssets): Bar | undefined {
  const asset = assets.bySymbolQuiet(bar.symbol);
  if (!asset) return undefined;
  return { sid: asset.sid, ts: bar.ts, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
}

/** A `LiveFeed` as the market data's bar source, mapping symbols to the run's sids. */
export function feedBarSource(feed: LiveFeed, assets: LiveAssets): BarSource {
  return {
    subscribe: (list) => feed.subscribe(list.map((a) => a.symbol)),
    async backfill(list, startMs, endMs) {
      const bars = await feed.backfill(list.map((a) => a.symbol), startMs, endMs);
      const out: Bar[] = [];
      for (const b of bars) {
        const bar = toRunBar(b, assets);
        if (bar) out.push(bar);
      }
      return out;
    },
  };
}
