import { ExecutionIds } from '../finance/execution-tracker.js';
import { nextSnapshot } from '../finance/order-lifecycle.js';
import { isTerminal, type OrderStatus, type OrderStyle } from '../model/order.js';
import type { FillEntry, JournalRecord, StartEntry } from './journal.js';

/** What the journal knows about one order (by client order id). */
export interface JournaledOrder {
  readonly cid: string;
  /** Broker order id ('' while the broker never acknowledged it). */
  id: string;
  readonly sid: number;
  readonly symbol: string;
  amount: number;
  readonly style: OrderStyle | null;
  filled: number;
  /** `pending` while only the intent is known. */
  status: OrderStatus;
  reason: string | null;
  readonly createdAt: number;
}

/** The journal folded: orders, fills (once per execution id), net position per sid, cash moved. */
export interface JournalState {
  /** The first start entry (its `base` names this state directory's runs), if any. */
  readonly first: StartEntry | undefined;
  /** Number of start entries so far (the next process is incarnation `starts + 1`). */
  readonly starts: number;
  readonly orders: Map<string, JournaledOrder>;
  readonly fills: Map<string, FillEntry>;
  /** Signed shares per sid from the journaled fills. */
  readonly positions: Map<number, number>;
  /** Cash moved by journaled fills (−Σ amount·price − commission). */
  readonly cashDelta: number;
  readonly lastSeq: number;
}

/** Folds journal records, in order, into a `JournalState`. */
export function foldJournal(records: readonly JournalRecord[]): JournalState {
  let first: StartEntry | undefined;
  let starts = 0, cashDelta = 0, lastSeq = 0;
  const orders = new Map<string, JournaledOrder>();
  const fills = new Map<string, FillEntry>();
  const executions = new ExecutionIds();
  const positions = new Map<number, number>();
  for (const r of records) {
    lastSeq = Math.max(lastSeq, r.seq ?? 0);
    switch (r.type) {
      case 'start':
        first ??= r;
        starts++;
        break;
      case 'intent':
        if (!orders.has(r.cid)) {
          orders.set(r.cid, {
            cid: r.cid, id: '', sid: r.sid, symbol: r.symbol, amount: r.amount, style: r.style,
            filled: 0, status: 'pending', reason: null, createdAt: r.dt,
          });
        }
        break;
      case 'order': {
        const known = orders.get(r.cid);
        if (!known) {
          orders.set(r.cid, {
            cid: r.cid, id: r.id, sid: r.sid, symbol: r.symbol, amount: r.amount, style: null,
            filled: r.filled, status: r.status, reason: r.reason, createdAt: r.dt,
          });
        } else {
          const next = nextSnapshot(known, { ...known, amount: r.amount, filled: r.filled, status: r.status, reason: r.reason });
          known.id = r.id || known.id;
          known.amount = next.amount;
          known.filled = next.filled;
          known.status = next.status;
          known.reason = next.reason;
        }
        break;
      }
      case 'fill':
        if (!executions.first(r.executionId)) break;
        fills.set(r.executionId, r);
        positions.set(r.sid, (positions.get(r.sid) ?? 0) + r.amount);
        if (Math.abs(positions.get(r.sid)!) < 1e-9) positions.delete(r.sid);
        cashDelta -= r.amount * r.price + r.commission;
        break;
      default:
        break;
    }
  }
  return { first, starts, orders, fills, positions, cashDelta, lastSeq };
}

/** Orders the journal does not know to be finished (pending intents included), oldest first. */
export function unfinishedOrders(state: JournalState): JournaledOrder[] {
  return [...state.orders.values()].filter((o) => !isTerminal(o.status)).sort((a, b) => a.createdAt - b.createdAt);
}
