import type { Dividend, Split } from '../model/corporate-actions.js';
import type { SplitRow, TransactionRow } from '../model/results.js';

/**
 * Hands out corporate actions in date order, each once: `take(session)` returns the ones dated
 * on or before `session` not handed out yet. Actions dated before the first session taken are
 * dropped (nothing was held then).
 */
export class DatedQueue<T> {
  private readonly items: T[];
  private next = 0;
  private started = false;
  private readonly empty: T[] = [];

  constructor(items: readonly T[], private readonly dateOf: (item: T) => string) {
    this.items = [...items].sort((a, b) => (dateOf(a) < dateOf(b) ? -1 : dateOf(a) > dateOf(b) ? 1 : 0));
  }

  /** The actions due on `session` (dated on or before it and after the previous call's session). */
  take(session: string): readonly T[] {
    const { items, dateOf } = this;
    if (!this.started) {
      this.started = true;
      while (this.next < items.length && dateOf(items[this.next]!) < session) this.next++;
    }
    if (this.next >= items.length || dateOf(items[this.next]!) > session) return this.empty;
    const start = this.next;
    while (this.next < items.length && dateOf(items[this.next]!) <= session) this.next++;
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
export function splitRows(applied: readonly AppliedSplit[], dates: readonly string[], transactions: readonly TransactionRow[]): SplitRow[] {
  if (applied.length === 0) return [];
  const symbols = new Map<number, string>();
  for (const t of transactions) symbols.set(t.sid, t.symbol);
  const rows: SplitRow[] = [];
  for (const { sid, ratio, session } of applied) {
    const symbol = symbols.get(sid), date = dates[session];
    if (symbol !== undefined && date !== undefined) rows.push({ date, symbol, sid, ratio });
  }
  return rows;
}
