import type { Bar, BarColumns } from '../../model/bar.js';
import { lowerBoundBy } from '../../core/numeric.js';

/** What `put` did with a bar. */
export type PutResult = 'added' | 'replaced' | 'duplicate';

const sameValues = (a: Bar, b: Bar) =>
  a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;

/**
 * Minute bars received live or over REST, per sid, sorted by `ts`, at most one per minute:
 * a second bar for the same minute replaces the first (a correction), an identical one is a
 * duplicate. Bars usually arrive in order, so adding is an append.
 */
export class MinuteBarStore {
  private readonly bySid = new Map<number, Bar[]>();

  /** Adds or replaces the bar of `bar.sid` at `bar.ts`. */
  put(bar: Bar): PutResult {
    let list = this.bySid.get(bar.sid);
    if (!list) this.bySid.set(bar.sid, (list = []));
    const n = list.length;
    if (n === 0 || list[n - 1]!.ts < bar.ts) {
      list.push(bar);
      return 'added';
    }
    const k = lowerBound(list, bar.ts);
    if (k < n && list[k]!.ts === bar.ts) {
      if (sameValues(list[k]!, bar)) return 'duplicate';
      list[k] = bar;
      return 'replaced';
    }
    list.splice(k, 0, bar);
    return 'added';
  }

  /** `ts` of the newest bar of `sid` (−Infinity when none). */
  lastTs(sid: number): number {
    const list = this.bySid.get(sid);
    return list && list.length > 0 ? list[list.length - 1]!.ts : -Infinity;
  }

  /** True when `sid` has a bar at exactly `ts`. */
  has(sid: number, ts: number): boolean {
    const list = this.bySid.get(sid);
    if (!list) return false;
    const k = lowerBound(list, ts);
    return k < list.length && list[k]!.ts === ts;
  }

  /** Bars of `sid` with `startMs ≤ ts < endMs`, oldest first. */
  range(sid: number, startMs: number, endMs: number): Bar[] {
    const list = this.bySid.get(sid);
    if (!list) return [];
    return list.slice(lowerBound(list, startMs), lowerBound(list, endMs));
  }

  /** Bars of `sids` with `startMs ≤ ts < endMs` as columns (sids without bars are absent). */
  columns(sids: readonly number[], startMs: number, endMs: number): Map<number, BarColumns> {
    const out = new Map<number, BarColumns>();
    for (const sid of sids) {
      const bars = this.range(sid, startMs, endMs);
      if (bars.length > 0) out.set(sid, toColumns(bars));
    }
    return out;
  }

  /** Drops bars older than `ts` (memory stays bounded over a long session). */
  prune(ts: number): void {
    for (const [sid, list] of this.bySid) {
      const k = lowerBound(list, ts);
      if (k === list.length) this.bySid.delete(sid);
      else if (k > 0) list.splice(0, k);
    }
  }

  /** Number of bars held. */
  get size(): number {
    let n = 0;
    for (const list of this.bySid.values()) n += list.length;
    return n;
  }
}

const byTs = (bar: Bar) => bar.ts;
const lowerBound = (list: readonly Bar[], ts: number) => lowerBoundBy(list, ts, byTs);

/** Bars (sorted) as columns. */
export function toColumns(bars: readonly Bar[]): BarColumns {
  const pick = (f: (b: Bar) => number) => Float64Array.from(bars, f);
  return {
    ts: pick((b) => b.ts), open: pick((b) => b.open), high: pick((b) => b.high),
    low: pick((b) => b.low), close: pick((b) => b.close), volume: pick((b) => b.volume),
  };
}

/**
 * Two sorted column sets of one sid merged into one: on the same `ts`, `b` wins (live and REST
 * bars over the bundle's).
 */
export function mergeColumns(a: BarColumns | undefined, b: BarColumns | undefined): BarColumns | undefined {
  if (!a || a.ts.length === 0) return b;
  if (!b || b.ts.length === 0) return a;
  const bars: Bar[] = [];
  let i = 0, j = 0;
  const at = (c: BarColumns, k: number): Bar => ({ sid: 0, ts: c.ts[k]!, open: c.open[k]!, high: c.high[k]!, low: c.low[k]!, close: c.close[k]!, volume: c.volume[k]! });
  while (i < a.ts.length || j < b.ts.length) {
    if (j >= b.ts.length || (i < a.ts.length && a.ts[i]! < b.ts[j]!)) bars.push(at(a, i++));
    else {
      if (i < a.ts.length && a.ts[i] === b.ts[j]) i++;
      bars.push(at(b, j++));
    }
  }
  return toColumns(bars);
}
