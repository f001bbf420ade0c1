import { DAY_MS, MINUTE_MS, dayNumber, dayString, localDay, zonedTimeToUtc } from '../core/time.js';
import type { Asset } from '../model/asset.js';
import type { BarColumns } from '../model/bar.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { BarWire } from '../adapters/alpaca/wire/market-data.js';
import type { MinuteBarCache } from './minute-cache.js';
import { VenueError } from './venue-error.js';
import { VENUE_TZ } from '../adapters/alpaca/config.js';
import { rfc3339 } from './wire-format.js';

/** Where bars come from: the bundle, and its minute bars through the day cache. */
export interface BarSource {
  readonly reader: BundleReader;
  readonly minutes: MinuteBarCache;
}

/**
 * A parsed Alpaca timeframe: minute buckets of `minutes` (1–59 Min, 1–23 Hour), one session, or
 * sessions grouped by calendar week (Monday–Sunday) or by `months` calendar months (1, 2, 3, 6, 12).
 */
export type Timeframe =
  | { readonly unit: 'minute'; readonly minutes: number }
  | { readonly unit: 'day' }
  | { readonly unit: 'week' }
  | { readonly unit: 'month'; readonly months: number };

/** Bar adjustments of the data API. */
export type AdjustmentName = 'raw' | 'split' | 'dividend' | 'all';

const bad = (message: string): VenueError => new VenueError(400, undefined, message);

/** Parses `1Min`, `5Min`, `1Hour`, `1Day`, `1Week`, `1Month`–`12Month` (also `1T`, `1H`, `1D`, `1W`, `1M`). */
export function parseTimeframe(tf: string | null): Timeframe {
  const m = /^(\d+)(Min|T|Hour|H|Day|D|Week|W|Month|M)$/.exec(tf ?? '');
  const n = Number(m?.[1]);
  if (m && (m[2] === 'Min' || m[2] === 'T') && n >= 1 && n <= 59) return { unit: 'minute', minutes: n };
  if (m && (m[2] === 'Hour' || m[2] === 'H') && n >= 1 && n <= 23) return { unit: 'minute', minutes: n * 60 };
  if (m && (m[2] === 'Day' || m[2] === 'D') && n === 1) return { unit: 'day' };
  if (m && (m[2] === 'Week' || m[2] === 'W') && n === 1) return { unit: 'week' };
  if (m && (m[2] === 'Month' || m[2] === 'M') && [1, 2, 3, 6, 12].includes(n)) return { unit: 'month', months: n };
  throw bad(`invalid timeframe '${tf ?? ''}': use 1-59Min, 1-23Hour, 1Day, 1Week or 1, 2, 3, 6, 12Month`);
}

/** The period a session day falls in: its week's Monday, or the first day of its group of `months`. */
function periodOf(tf: Timeframe, day: number): number {
  if (tf.unit === 'week') return day - ((new Date(day * DAY_MS).getUTCDay() + 6) % 7);
  if (tf.unit !== 'month') return day;
  const d = new Date(day * DAY_MS);
  const month = d.getUTCMonth() - (d.getUTCMonth() % tf.months);
  return Date.UTC(d.getUTCFullYear(), month, 1) / DAY_MS;
}

/** Parses `adjustment` (default raw). */
export function parseAdjustment(a: string | null): AdjustmentName {
  const v = a ?? 'raw';
  if (v === 'raw' || v === 'split' || v === 'dividend' || v === 'all') return v;
  throw bad(`invalid adjustment '${v}': use raw, split, dividend or all`);
}

/** A query bound: RFC 3339, or `YYYY-MM-DD` (that day's midnight ET; for `end`, the end of that day). */
export function parseBound(name: string, v: string | null, isEnd: boolean): number | null {
  if (v === null || v === '') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const day = dayNumber(v);
    if (Number.isNaN(day)) throw bad(`invalid ${name} '${v}'`);
    return zonedTimeToUtc(VENUE_TZ, isEnd ? day + 1 : day, 0) - (isEnd ? 1 : 0);
  }
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw bad(`invalid ${name} '${v}': use RFC 3339 or YYYY-MM-DD`);
  return ms;
}

/** Midnight ET of session `day`, in UTC: the `t` of a daily bar. */
export const dailyBarTime = (day: string): number => zonedTimeToUtc(VENUE_TZ, dayNumber(day), 0);

/** One bar on the wire; `n` and `vw` are estimates (bundles hold neither). */
export function barToWire(t: number, o: number, h: number, l: number, c: number, v: number): BarWire {
  return { t: rfc3339(t).replace('.000000000', ''), o, h, l, c, v, n: v > 0 ? Math.max(1, Math.round(v / 100)) : 0, vw: Math.round(((h + l + c) / 3) * 1e4) / 1e4 };
}

const NO_FACTOR = { price: 1, volume: 1 };

interface Factor {
  /** Bars before this day are scaled. */
  readonly day: number;
  readonly price: number;
  readonly volume: number;
}

/**
 * Bars of one asset from a bundle as the data API serves them: only bars complete at `now`
 * (nothing later is ever visible), adjusted for splits/dividends known at `now`, aggregated to
 * the timeframe, oldest first.
 */
export async function barSeries(
  source: BarSource, asset: Asset, tf: Timeframe, from: number, to: number, adjustment: AdjustmentName, now: number,
): Promise<BarWire[]> {
  const { reader } = source;
  const factors = await adjustmentFactors(reader, asset, adjustment, localDay(VENUE_TZ, now));
  const out: BarWire[] = [];
  if (tf.unit === 'week' || tf.unit === 'month') return periodSeries(reader, asset, tf, from, to, now, factors);
  if (tf.unit === 'day') {
    const first = localDay(VENUE_TZ, from), last = localDay(VENUE_TZ, Math.min(to, now));
    const cols = (await reader.dailyBars([asset.sid], first, last)).get(asset.sid);
    if (!cols) return out;
    for (let i = 0; i < cols.ts.length; i++) {
      const day = cols.ts[i]! / DAY_MS, t = dailyBarTime(dayString(day));
      if (t < from || t > to || zonedTimeToUtc(VENUE_TZ, day + 1, 0) > now) continue;
      push(out, t, cols, i, i, factorFor(factors, day));
    }
    return out;
  }
  const end = Math.min(to + 1, now - MINUTE_MS + 1);
  const cols = concat(await source.minutes.range(asset.sid, from, end));
  const size = tf.minutes * MINUTE_MS;
  for (let i = 0; i < cols.ts.length;) {
    const bucket = Math.floor(cols.ts[i]! / size) * size;
    let j = i;
    while (j + 1 < cols.ts.length && cols.ts[j + 1]! < bucket + size) j++;
    push(out, bucket, cols, i, j, factors.length === 0 ? NO_FACTOR : factorFor(factors, dayNumber(localDay(VENUE_TZ, cols.ts[i]!))));
    i = j + 1;
  }
  return out;
}

/**
 * Weekly / monthly bars from the complete daily bars: one bar per period with at least one
 * session in [from, to] (aggregating all of its complete sessions), stamped at midnight ET of the period's first day (a week's Monday, a
 * month's 1st), open of its first session, close of its last one so far; every daily bar adjusted
 * on its own day's factor before aggregation.
 */
async function periodSeries(
  reader: BundleReader, asset: Asset, tf: Timeframe, from: number, to: number, now: number, factors: readonly Factor[],
): Promise<BarWire[]> {
  const first = dayString(periodOf(tf, dayNumber(localDay(VENUE_TZ, from))));
  const cols = (await reader.dailyBars([asset.sid], first, localDay(VENUE_TZ, Math.min(to, now)))).get(asset.sid);
  const out: BarWire[] = [];
  if (!cols) return out;
  let o = NaN, h = -Infinity, l = Infinity, c = NaN, v = 0, period = NaN, inRange = false;
  const flush = () => {
    if (inRange) out.push(barToWire(dailyBarTime(dayString(period)), o, h, l, c, v));
  };
  for (let i = 0; i < cols.ts.length; i++) {
    const day = cols.ts[i]! / DAY_MS;
    if (zonedTimeToUtc(VENUE_TZ, day + 1, 0) > now) break;
    const f = factorFor(factors, day);
    const p = (x: number) => Math.round(x * f.price * 1e4) / 1e4;
    const at = periodOf(tf, day);
    if (at !== period) {
      flush();
      period = at;
      inRange = false;
      o = p(cols.open[i]!);
      h = -Infinity;
      l = Infinity;
      v = 0;
    }
    const t = dailyBarTime(dayString(day));
    if (t >= from && t <= to) inRange = true;
    h = Math.max(h, p(cols.high[i]!));
    l = Math.min(l, p(cols.low[i]!));
    c = p(cols.close[i]!);
    v += Math.round(cols.volume[i]! * f.volume);
  }
  flush();
  return out;
}

function push(out: BarWire[], t: number, c: BarColumns, i: number, j: number, f: { price: number; volume: number }): void {
  let h = -Infinity, l = Infinity, v = 0;
  for (let k = i; k <= j; k++) {
    h = Math.max(h, c.high[k]!);
    l = Math.min(l, c.low[k]!);
    v += c.volume[k]!;
  }
  const p = (x: number) => Math.round(x * f.price * 1e4) / 1e4;
  out.push(barToWire(t, p(c.open[i]!), p(h), p(l), p(c.close[j]!), f.volume === 1 ? v : Math.round(v * f.volume)));
}

function factorFor(factors: readonly Factor[], day: number): { price: number; volume: number } {
  let price = 1, volume = 1;
  for (const f of factors) {
    if (day < f.day) {
      price *= f.price;
      volume *= f.volume;
    }
  }
  return { price, volume };
}

async function adjustmentFactors(reader: BundleReader, asset: Asset, adjustment: AdjustmentName, today: string): Promise<Factor[]> {
  const out: Factor[] = [];
  if (adjustment === 'split' || adjustment === 'all') {
    for (const s of await reader.splits([asset.sid])) {
      if (s.effectiveDate <= today && s.ratio > 0) out.push({ day: dayNumber(s.effectiveDate), price: 1 / s.ratio, volume: s.ratio });
    }
  }
  if (adjustment === 'dividend' || adjustment === 'all') {
    for (const d of await reader.dividends([asset.sid])) {
      if (d.exDate > today) continue;
      const ex = dayNumber(d.exDate);
      const before = (await reader.dailyBars([asset.sid], dayString(ex - 10), dayString(ex - 1))).get(asset.sid);
      const close = before && before.close.length > 0 ? before.close[before.close.length - 1]! : NaN;
      if (close > d.amount) out.push({ day: ex, price: 1 - d.amount / close, volume: 1 });
    }
  }
  return out;
}

function concat(parts: readonly BarColumns[]): BarColumns {
  if (parts.length === 1) return parts[0]!;
  const n = parts.reduce((s, p) => s + p.ts.length, 0);
  const join = (f: keyof BarColumns) => {
    const out = new Float64Array(n);
    let at = 0;
    for (const p of parts) {
      out.set(p[f], at);
      at += p.ts.length;
    }
    return out;
  };
  return { ts: join('ts'), open: join('open'), high: join('high'), low: join('low'), close: join('close'), volume: join('volume') };
}
