import type { Asset } from '../../src/model/asset.js';
import type { Bar, BarColumns, Frequency } from '../../src/model/bar.js';
import type { Dividend, Split } from '../../src/model/corporate-actions.js';
import type { BarRange, BundleMeta, BundleReader } from '../../src/ports/bundle-reader.js';
import { DAY_MS, dayNumber, dayString } from '../../src/core/time.js';

/** An equity asset with test defaults. */
export function testAsset(sid: number, symbol: string, startDate: string, endDate: string, overrides: Partial<Asset> = {}): Asset {
  return {
    sid, symbol, name: symbol, exchange: 'TEST', assetClass: 'equity', currency: 'USD',
    startDate, endDate, autoCloseDate: null, tickSize: 0.01, multiplier: 1, fractionable: false, ...overrides,
  };
}

/** A daily bar at session `day` (`Bar.ts` convention: midnight UTC); high/low/volume default from the prices. */
export function dailyBar(sid: number, day: string, open: number, close: number, volume = 1000, high = Math.max(open, close), low = Math.min(open, close)): Bar {
  return { sid, ts: dayNumber(day) * DAY_MS, open, high, low, close, volume };
}

/** What a `MemoryBundleReader` holds. */
export interface MemoryBundleData {
  readonly assets: readonly Asset[];
  readonly daily?: readonly Bar[];
  readonly minute?: readonly Bar[];
  readonly splits?: readonly Split[];
  readonly dividends?: readonly Dividend[];
  readonly calendar?: string;
}

function columns(bars: readonly Bar[]): BarColumns {
  const pick = (f: (b: Bar) => number) => Float64Array.from(bars, f);
  return {
    ts: pick((b) => b.ts), open: pick((b) => b.open), high: pick((b) => b.high),
    low: pick((b) => b.low), close: pick((b) => b.close), volume: pick((b) => b.volume),
  };
}

function select(bars: readonly Bar[], sids: readonly number[], from: number, to: number): Map<number, BarColumns> {
  const wanted = new Set(sids);
  const bySid = new Map<number, Bar[]>();
  for (const b of bars) {
    if (!wanted.has(b.sid) || b.ts < from || b.ts > to) continue;
    let list = bySid.get(b.sid);
    if (!list) bySid.set(b.sid, (list = []));
    list.push(b);
  }
  const out = new Map<number, BarColumns>();
  for (const [sid, list] of bySid) out.set(sid, columns(list.sort((x, y) => x.ts - y.ts)));
  return out;
}

/** A `BundleReader` over bars held in memory; counts bar queries so tests can see chunk loads. */
export class MemoryBundleReader implements BundleReader {
  readonly meta: BundleMeta;
  /** Number of `dailyBars` / `minuteBars` calls so far. */
  readonly queries = { daily: 0, minute: 0 };
  private readonly data: MemoryBundleData;

  constructor(data: MemoryBundleData, name = 'memory') {
    this.data = data;
    const frequencies: Frequency[] = [];
    if (data.daily?.length) frequencies.push('daily');
    if (data.minute?.length) frequencies.push('minute');
    this.meta = {
      name, source: 'memory', calendar: data.calendar ?? 'XNYS', frequencies,
      createdAt: '2024-01-01T00:00:00.000Z', schemaVersion: 1, benchmark: null, path: ':memory:',
    };
  }

  async assets(): Promise<readonly Asset[]> {
    return [...this.data.assets].sort((a, b) => a.sid - b.sid);
  }

  async lookupSymbol(symbol: string): Promise<Asset | undefined> {
    return this.data.assets.find((a) => a.symbol.toUpperCase() === symbol.toUpperCase());
  }

  async dataSessions(): Promise<readonly string[]> {
    return [...new Set((this.data.daily ?? []).map((b) => b.ts / DAY_MS))].sort((a, b) => a - b).map(dayString);
  }

  async dailyBars(sids: readonly number[], startDay: string, endDay: string): Promise<Map<number, BarColumns>> {
    this.queries.daily++;
    return select(this.data.daily ?? [], sids, dayNumber(startDay) * DAY_MS, dayNumber(endDay) * DAY_MS);
  }

  async minuteBars(sids: readonly number[], startMs: number, endMs: number): Promise<Map<number, BarColumns>> {
    this.queries.minute++;
    return select(this.data.minute ?? [], sids, startMs, endMs - 1);
  }

  async range(frequency: Frequency): Promise<BarRange | null> {
    const bars = (frequency === 'daily' ? this.data.daily : this.data.minute) ?? [];
    if (bars.length === 0) return null;
    const ts = bars.map((b) => b.ts);
    return { first: ts.reduce((m, t) => Math.min(m, t)), last: ts.reduce((m, t) => Math.max(m, t)), rows: bars.length };
  }

  async splits(sids?: readonly number[]): Promise<readonly Split[]> {
    return (this.data.splits ?? []).filter((s) => !sids || sids.includes(s.sid));
  }

  async dividends(sids?: readonly number[]): Promise<readonly Dividend[]> {
    return (this.data.dividends ?? []).filter((d) => !sids || sids.includes(d.sid));
  }

  async close(): Promise<void> {}
}
