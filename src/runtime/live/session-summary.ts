import Table from 'cli-table3';
import { isoUtc } from '../../core/time.js';
import type { Order } from '../../model/order.js';
import type { Ledger } from '../../finance/ledger.js';

/** What a paper or live session did, for the table printed at its end. */
export interface SessionSummary {
  readonly mode: 'paper' | 'live';
  readonly strategy: string;
  /** Broker name and where it trades (host, account). */
  readonly broker: string;
  readonly account: string;
  readonly runId: string;
  readonly journal: string;
  /** Why it stopped: `SIGTERM`, `SIGINT`, `clock ended`, or an error message. */
  readonly stoppedBy: string;
  /** Strategy time of the first and last event (epoch ms; NaN when none). */
  readonly from: number;
  readonly to: number;
  readonly sessions: number;
  readonly orders: { placed: number; filled: number; cancelled: number; rejected: number; open: number };
  readonly onExit: 'cancel' | 'keep';
  readonly fills: number;
  readonly positions: readonly { symbol: string; amount: number; price: number }[];
  readonly startingCash: number;
  readonly cash: number;
  readonly equity: number;
  readonly reconnects: number;
  /** Differences reconciliation found (start, reconnects, shutdown). */
  readonly differences: number;
}

/** Order counts by final status. */
export function countOrders(orders: Iterable<Order>): SessionSummary['orders'] {
  const c = { placed: 0, filled: 0, cancelled: 0, rejected: 0, open: 0 };
  for (const o of orders) {
    c.placed++;
    if (o.status === 'filled') c.filled++;
    else if (o.status === 'cancelled' || o.status === 'expired') c.cancelled++;
    else if (o.status === 'rejected') c.rejected++;
    else c.open++;
  }
  return c;
}

/** Positions of a ledger as summary rows, by symbol. */
export function positionRows(ledger: Ledger): SessionSummary['positions'] {
  return [...ledger.positions.values()]
    .map((p) => ({ symbol: p.asset.symbol, amount: p.amount, price: p.lastSalePrice }))
    .sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
}

const money = (x: number) => (Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : 'n/a');
const when = (ms: number) => (Number.isFinite(ms) ? isoUtc(ms).replace('.000Z', 'Z') : '—');

/** The session summary as a table. */
export function formatSessionSummary(s: SessionSummary): string {
  const table = new Table({ head: [`${s.mode} session`, s.strategy], style: { head: [], border: [] } });
  const o = s.orders;
  table.push(
    ['broker / account', `${s.broker} · ${s.account}`],
    ['run id / journal', `${s.runId} · ${s.journal}`],
    ['strategy time', `${when(s.from)} → ${when(s.to)} (${s.sessions} session${s.sessions === 1 ? '' : 's'} ended)`],
    ['stopped by', s.stoppedBy],
    ['orders', `${o.placed} placed · ${o.filled} filled · ${o.cancelled} cancelled · ${o.rejected} rejected · ${o.open} open (${s.onExit === 'keep' ? 'kept' : 'cancelled on exit'})`],
    ['fills', String(s.fills)],
    ['positions', s.positions.length === 0 ? 'none' : s.positions.map((p) => `${p.symbol} ${p.amount} @ ${money(p.price)}`).join('\n')],
    ['cash / equity', `${money(s.cash)} / ${money(s.equity)}`],
    ['P&L', `${money(s.equity - s.startingCash)} on ${money(s.startingCash)}`],
    ['reconnects / differences', `${s.reconnects} / ${s.differences}`],
  );
  return table.toString();
}
