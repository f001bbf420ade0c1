import { DAY_MS, dayNumber } from '../core/time.js';
import type { SplitRow, TransactionRow } from '../model/results.js';
import { lowerBound } from '../core/numeric.js';

/** One closed round trip: shares opened by earlier fills and closed by one later fill. */
export interface RoundTrip {
  symbol: string;
  sid: number;
  direction: 'long' | 'short';
  /** Shares closed (always positive), counted in shares of the exit date (after any split). */
  amount: number;
  /** Time of the earliest matched opening fill (ISO string as in the transactions). */
  entryDt: string;
  /** Time of the closing fill. */
  exitDt: string;
  /** Share-weighted average price of the matched opening fills, adjusted for later splits. */
  entryPrice: number;
  exitPrice: number;
  /** Net profit or loss: price difference times shares, less the pro-rated commissions. */
  pnl: number;
  /** `pnl` over the capital the matched shares tied up at entry. */
  returnPct: number;
  /** Sessions from the entry's session to the exit's (1 = exited the next session; NaN without the run's sessions). */
  holdingSessions: number;
}

interface Lot {
  /** Signed open shares left in the lot. */
  amount: number;
  price: number;
  dt: string;
  ms: number;
  /** Commission per share paid to open the lot. */
  commissionPerShare: number;
}

const EPS = 1e-9;

/** How many of the ascending `sessions` are on or before `day`. */
function sessionsUpTo(sessions: readonly string[], day: string): number {
  return lowerBound(sessions, day, true);
}

/**
 * Applies a split of `ratio` to an asset's open lots: each holds `ratio` times the shares at a
 * `ratio`-th of the price (and commission per share). Like the ledger (zipline's `handle_split`),
 * only whole shares are kept: the fraction is taken from the newest lots. The ledger pays that
 * fraction out at its cost basis, so it realises nothing and is not a round trip.
 */
function applySplit(open: Lot[], ratio: number): void {
  let total = 0;
  for (const lot of open) {
    lot.amount *= ratio;
    lot.price /= ratio;
    lot.commissionPerShare /= ratio;
    total += lot.amount;
  }
  let excess = total - Math.floor(total + EPS);
  if (total < 0) {
    // a short grows to the whole share below, as in the ledger
    open[open.length - 1]!.amount -= excess;
    return;
  }
  while (excess > EPS && open.length > 0) {
    const lot = open[open.length - 1]!;
    const n = Math.min(lot.amount, excess);
    lot.amount -= n;
    excess -= n;
    if (lot.amount <= EPS) open.pop();
  }
}

/**
 * Closed round trips from fills, FIFO per asset (pyfolio's convention): a fill against the open
 * position closes the oldest lots first and yields one round trip; a fill larger than the open
 * position closes it and opens the rest in the other direction (a flip). Commissions are
 * pro-rated by shares to the entry and exit sides. Lots still open at the end are not counted.
 * Fills keep the raw prices and amounts of their day, so each of `splits` rescales the open lots
 * of its asset before the fills of its date (see `applySplit`). Holding periods count the run's
 * `sessions` (ascending `YYYY-MM-DD`) between the entry's and the exit's session dates.
 */
export function roundTrips(
  transactions: readonly TransactionRow[], splits: readonly SplitRow[] = [], sessions: readonly string[] = [],
): RoundTrip[] {
  const held = (entryDt: string, exitDt: string): number =>
    sessions.length === 0 ? NaN : sessionsUpTo(sessions, exitDt.slice(0, 10)) - sessionsUpTo(sessions, entryDt.slice(0, 10));
  const ordered = transactions
    .map((t, i) => ({ t, i, ms: Date.parse(t.dt) }))
    .sort((a, b) => a.ms - b.ms || a.i - b.i);
  const pending = splits
    .map((s, i) => ({ s, i, ms: dayNumber(s.date) * DAY_MS }))
    .sort((a, b) => a.ms - b.ms || a.i - b.i);
  let nextSplit = 0;
  const lots = new Map<number, Lot[]>();
  const out: RoundTrip[] = [];
  for (const { t, ms } of ordered) {
    for (; nextSplit < pending.length && pending[nextSplit]!.ms <= ms; nextSplit++) {
      const { sid, ratio } = pending[nextSplit]!.s;
      const open = lots.get(sid);
      if (open && open.length > 0 && ratio > 0) applySplit(open, ratio);
    }
    if (Math.abs(t.amount) < EPS) continue;
    const open = lots.get(t.sid) ?? [];
    lots.set(t.sid, open);
    const commissionPerShare = t.commission / Math.abs(t.amount);
    let remaining = t.amount;
    if (open.length > 0 && Math.sign(open[0]!.amount) !== Math.sign(remaining)) {
      const direction = open[0]!.amount > 0 ? 'long' : 'short';
      const sign = direction === 'long' ? 1 : -1;
      let closed = 0, cost = 0, entryCommission = 0;
      const entryDt = open[0]!.dt;
      while (open.length > 0 && Math.abs(remaining) > EPS) {
        const lot = open[0]!;
        const n = Math.min(Math.abs(lot.amount), Math.abs(remaining));
        closed += n;
        cost += n * lot.price;
        entryCommission += n * lot.commissionPerShare;
        lot.amount -= sign * n;
        remaining += sign * n;
        if (Math.abs(lot.amount) <= EPS) open.shift();
      }
      const entryPrice = cost / closed;
      const pnl = sign * (t.price - entryPrice) * closed - entryCommission - closed * commissionPerShare;
      out.push({
        symbol: t.symbol, sid: t.sid, direction, amount: closed, entryDt, exitDt: t.dt,
        entryPrice, exitPrice: t.price, pnl, returnPct: pnl / cost, holdingSessions: held(entryDt, t.dt),
      });
    }
    if (Math.abs(remaining) > EPS) open.push({ amount: remaining, price: t.price, dt: t.dt, ms, commissionPerShare });
  }
  return out;
}
