import { dayNumber, localDay, zonedTimeToUtc } from '../core/time.js';
import type { BarColumns } from '../model/bar.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import { VENUE_TZ } from '../adapters/alpaca/config.js';
import { lowerBound } from '../core/numeric.js';

/** Queries spanning more days than this go to the bundle directly instead of through the cache. */
const CACHED_DAYS = 5;
/** Asset-days kept (about 20 KB each for a regular session). */
const MAX_ENTRIES = 4_096;

const EMPTY: BarColumns = {
  ts: new Float64Array(0), open: new Float64Array(0), high: new Float64Array(0),
  low: new Float64Array(0), close: new Float64Array(0), volume: new Float64Array(0),
};

/**
 * Minute bars of one asset by New York day, kept in memory, so the short history requests a
 * live client repeats (backfills, indicator windows) do not each query the bundle.
 */
export class MinuteBarCache {
  private readonly days = new Map<string, Promise<BarColumns>>();

  constructor(private readonly reader: BundleReader) {}

  /** Minute bars of `sid` with `from ≤ ts < to`, as one or more column sets (oldest first). */
  async range(sid: number, from: number, to: number): Promise<BarColumns[]> {
    if (to <= from) return [];
    const first = dayNumber(localDay(VENUE_TZ, from)), last = dayNumber(localDay(VENUE_TZ, to - 1));
    if (last - first >= CACHED_DAYS) {
      const cols = (await this.reader.minuteBars([sid], from, to)).get(sid);
      return cols ? [cols] : [];
    }
    const out: BarColumns[] = [];
    for (let d = first; d <= last; d++) {
      const cols = await this.day(sid, d);
      const lo = lowerBound(cols.ts, from), hi = lowerBound(cols.ts, to);
      if (hi > lo) out.push(slice(cols, lo, hi));
    }
    return out;
  }

  private day(sid: number, day: number): Promise<BarColumns> {
    const key = `${sid}:${day}`;
    let p = this.days.get(key);
    if (!p) {
      const start = zonedTimeToUtc(VENUE_TZ, day, 0), end = zonedTimeToUtc(VENUE_TZ, day + 1, 0);
      p = this.reader.minuteBars([sid], start, end).then((m) => m.get(sid) ?? EMPTY);
      p.catch(() => this.days.delete(key));
      if (this.days.size >= MAX_ENTRIES) this.days.delete(this.days.keys().next().value!);
      this.days.set(key, p);
    }
    return p;
  }
}


function slice(c: BarColumns, lo: number, hi: number): BarColumns {
  return {
    ts: c.ts.subarray(lo, hi), open: c.open.subarray(lo, hi), high: c.high.subarray(lo, hi),
    low: c.low.subarray(lo, hi), close: c.close.subarray(lo, hi), volume: c.volume.subarray(lo, hi),
  };
}

