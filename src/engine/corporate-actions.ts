import { dayNumber } from '../core/time.js';
import type { Dividend, Split } from '../model/corporate-actions.js';
import type { Asset } from '../model/asset.js';
import type { SplitRow } from '../model/results.js';

/**
 * Hands out corporate actions in date order, each once: `take(day)` returns the ones dated on or
 * before session day number `day` not handed out yet. Actions dated before the first session
 * taken are dropped (nothing was held then).
 */
export class DatedQueue<T> {
  private readonly items: T[];
  private readonly days: Float64Array;
  private next = 0;
  private started = false;
  private readonly empty: T[] = [];

  constructor(items: readonly T[], dateOf: (item: T) => string) {
    const dated = items.map((item) => ({ item, day: dayNumber(dateOf(item)) }));
    dated.sort((a, b) => a.day - b.day);
    this.items = dated.map((d) => d.item);
    this.days = Float64Array.from(dated, (d) => d.day);
  }

  /** Whether nothing is left to hand out. */
  get done(): boolean {
    return this.next >= this.items.length;
  }

  /** The actions due on session day `day` (dated on or before it and after the previous call's session). */
  take(day: number): readonly T[] {
    const { items, days } = this;
    if (!this.started) {
      this.started = true;
      while (this.next < items.length && days[this.next]! < day) this.next++;
    }
    if (this.next >= items.length || days[this.next]! > day) return this.empty;
    const start = this.next;
    while (this.next < items.length && days[this.next]! <= day) this.next++;
    return items.slice(start, this.next);
  }
}

/** Splits by effective date. */
export const splitQueue = (splits: readonly Split[]): DatedQueue<Split> => new DatedQueue(splits, (s) => s.effectiveDate);
/** Dividends by ex date. */
export const dividendQueue = (dividends: readonly Dividend[]): DatedQueue<Dividend> => new DatedQueue(dividends, (d) => d.exDate);

/** A split the ledger applied, at the session with index `session` of the run. */
export interface AppliedSplit {
  readonly sid: number;
  readonly ratio: number;
  readonly session: number;
}

/**
 * The result's `splits`: those applied in a session that was recorded (`dates[session]`), in
 * assets the run traded (held ones included, since holding takes a fill), named by the traded
 * symbol.
 */
export function splitRows(applied: readonly AppliedSplit[], dates: readonly string[], traded: readonly Asset[]): SplitRow[] {
  if (applied.length === 0) return [];
  const symbols = new Map<number, string>();
  for (const t of traded) symbols.set(t.sid, t.symbol);
  const rows: SplitRow[] = [];
  for (const { sid, ratio, session } of applied) {
    const symbol = symbols.get(sid), date = dates[session];
    if (symbol !== undefined && date !== undefined) rows.push({ date, symbol, sid, ratio });
  }
  return rows;
}
