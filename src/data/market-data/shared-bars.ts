import { createHash } from 'node:crypto';
import type { Asset } from '../../model/asset.js';
import type { BarColumns, Frequency } from '../../model/bar.js';
import type { Dividend, Split } from '../../model/corporate-actions.js';
import type { BarRange, BundleMeta, BundleReader } from '../../ports/bundle-reader.js';
import { dayNumber, DAY_MS } from '../../core/time.js';
import { lowerBound } from '../../core/numeric.js';

/**
 * The bars of one frequency of a bundle as six columns over `SharedArrayBuffer`s, sorted by
 * (sid, ts): rows `offsets[i] … offsets[i+1]-1` belong to `sids[i]`. Posted to a worker thread,
 * the columns are shared, not copied.
 */
export interface SharedColumns {
  readonly sids: Int32Array;
  readonly offsets: Int32Array;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly range: BarRange | null;
}

/**
 * A bundle version loaded once into memory that worker threads can share: meta, assets,
 * corporate actions and the bars of the frequencies a run reads. Plain data (structured-clone
 * safe); `sharedBarsReader` turns it back into a `BundleReader`.
 */
export interface SharedBars {
  readonly meta: BundleMeta;
  readonly assets: readonly Asset[];
  readonly sessionDays: Int32Array;
  readonly daily: SharedColumns | null;
  readonly minute: SharedColumns | null;
  readonly splits: readonly Split[];
  readonly dividends: readonly Dividend[];
  /** Content hash (sha256 hex) of everything above but `meta.path` and `meta.createdAt`. */
  readonly version: string;
}

function sharedFloat64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8), 0, n);
}

function share(bars: ReadonlyMap<number, BarColumns>, range: BarRange | null): SharedColumns {
  const sids = Int32Array.from([...bars.keys()].sort((a, b) => a - b));
  const offsets = new Int32Array(sids.length + 1);
  sids.forEach((sid, i) => { offsets[i + 1] = offsets[i]! + bars.get(sid)!.ts.length; });
  const rows = offsets[sids.length]!;
  const cols = { ts: sharedFloat64(rows), open: sharedFloat64(rows), high: sharedFloat64(rows), low: sharedFloat64(rows), close: sharedFloat64(rows), volume: sharedFloat64(rows) };
  sids.forEach((sid, i) => {
    const b = bars.get(sid)!;
    for (const k of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) cols[k].set(b[k], offsets[i]!);
  });
  return { sids, offsets, ...cols, range };
}

function contentHash(parts: Omit<SharedBars, 'version'>): string {
  const h = createHash('sha256');
  const { path: _path, createdAt: _created, ...meta } = parts.meta;
  h.update(JSON.stringify([meta, parts.assets, parts.splits, parts.dividends]));
  h.update(new Uint8Array(parts.sessionDays.buffer, parts.sessionDays.byteOffset, parts.sessionDays.byteLength));
  for (const c of [parts.daily, parts.minute]) {
    if (!c) { h.update('-'); continue; }
    for (const a of [c.sids, c.offsets, c.ts, c.open, c.high, c.low, c.close, c.volume]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return h.digest('hex');
}

/**
 * Reads every bar a run of `frequency` can ask for (daily bars; minute bars too for a minute run
 * or a minute-only bundle) once, into shared columns.
 */
export async function shareBundleBars(reader: BundleReader, frequency: Frequency): Promise<SharedBars> {
  const [assets, dailyRange, minuteRange, splits, dividends] = await Promise.all([
    reader.assets(), reader.range('daily'), reader.range('minute'), reader.splits(), reader.dividends(),
  ]);
  const sids = assets.map((a) => a.sid);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const daily = dailyRange ? share(await reader.dailyBars(sids, day(dailyRange.first), day(dailyRange.last)), dailyRange) : null;
  const wantMinute = minuteRange && (frequency === 'minute' || !dailyRange);
  const minute = wantMinute ? share(await reader.minuteBars(sids, minuteRange.first, minuteRange.last + 1), minuteRange) : null;
  const sessionDays = reader.meta.calendar === 'data'
    ? (reader.dataSessionDays ? await reader.dataSessionDays() : Int32Array.from(await reader.dataSessions(), dayNumber))
    : new Int32Array(0);
  const parts = { meta: reader.meta, assets: assets.map((a) => ({ ...a })), sessionDays, daily, minute, splits: [...splits], dividends: [...dividends] };
  return { ...parts, version: contentHash(parts) };
}


function slice(c: SharedColumns | null, sids: readonly number[], startMs: number, endMs: number): Map<number, BarColumns> {
  const out = new Map<number, BarColumns>();
  if (!c) return out;
  const wanted = new Set(sids);
  for (let i = 0; i < c.sids.length; i++) {
    const sid = c.sids[i]!;
    if (!wanted.has(sid)) continue;
    const from = lowerBound(c.ts, startMs, false, c.offsets[i]!, c.offsets[i + 1]!);
    const to = lowerBound(c.ts, endMs, false, from, c.offsets[i + 1]!);
    if (to === from) continue;
    out.set(sid, {
      ts: c.ts.subarray(from, to), open: c.open.subarray(from, to), high: c.high.subarray(from, to),
      low: c.low.subarray(from, to), close: c.close.subarray(from, to), volume: c.volume.subarray(from, to),
    });
  }
  return out;
}

/**
 * A `BundleReader` over shared bars: the same answers as the reader they were loaded from, from
 * memory (bar columns are views into the shared buffers, never written).
 */
export function sharedBarsReader(bars: SharedBars): BundleReader {
  const assets = bars.assets.map((a) => Object.freeze({ ...a }));
  const bySymbol = new Map(assets.map((a) => [a.symbol.toUpperCase(), a]));
  const bySid = (sids?: readonly number[]) => (sids ? new Set(sids) : null);
  return {
    meta: bars.meta,
    assets: async () => assets,
    lookupSymbol: async (symbol) => bySymbol.get(symbol.toUpperCase()),
    dataSessions: async () => Array.from(bars.sessionDays, (d) => new Date(d * DAY_MS).toISOString().slice(0, 10)),
    dataSessionDays: async () => bars.sessionDays,
    dailyBars: async (sids, startDay, endDay) => slice(bars.daily, sids, dayNumber(startDay) * DAY_MS, dayNumber(endDay) * DAY_MS + 1),
    minuteBars: async (sids, startMs, endMs) => slice(bars.minute, sids, startMs, endMs),
    range: async (frequency) => (frequency === 'daily' ? bars.daily?.range : bars.minute?.range) ?? null,
    splits: async (sids) => { const s = bySid(sids); return s ? bars.splits.filter((x) => s.has(x.sid)) : bars.splits; },
    dividends: async (sids) => { const s = bySid(sids); return s ? bars.dividends.filter((x) => s.has(x.sid)) : bars.dividends; },
    close: async () => undefined,
  };
}
