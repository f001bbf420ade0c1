/**
 * The order life cycle every layer follows (the simulated broker, the engine's order book, the
 * journaled broker, the journal fold, the venue brokers and the exchange simulator):
 *
 * - `pending → open → partially_filled → filled | cancelled | rejected | expired`; a status never
 *   goes back, and a finished order never reopens;
 * - the filled quantity never shrinks (while the order's amount stays: a split rescales both);
 * - an execution reported after the order finished (it executed before the cancel took effect)
 *   still counts: it adds to the filled quantity, and the order becomes `filled` only if that
 *   completes it — a cancelled order stays cancelled otherwise;
 * - one formula prices the quantity no execution report delivered (`missedFillPrice`).
 *
 * Executions are de-duplicated by id in `execution-tracker.ts`. Pure: it knows no mode or venue.
 */
import { isTerminal, type OrderStatus } from '../model/order.js';

/** Quantities closer than this are equal (a fill that leaves less than it completes the order). */
export const QTY_EPSILON = 1e-9;

const RANK: Readonly<Record<OrderStatus, number>> = {
  pending: 0, open: 1, partially_filled: 2, filled: 3, cancelled: 3, rejected: 3, expired: 3,
};

/**
 * True when an order may go from `from` to `to`: forward through the working statuses, from any
 * working status to a finished one, and from a finished status only to `filled` (the venue's
 * word that executions racing a cancel completed the order). Staying put is allowed.
 */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  if (from === to) return true;
  if (isTerminal(from)) return to === 'filled';
  return RANK[to] >= RANK[from];
}

/** What the life cycle reads of an order snapshot (the engine's `Order`, the journal's record). */
export interface OrderState {
  status: OrderStatus;
  /** Ordered quantity; a change (a split's rescaling) lets the filled quantity change with it. */
  amount: number;
  /** Filled quantity, signed like the order or unsigned; compared by magnitude. */
  filled: number;
  reason: string | null;
}

/**
 * The snapshot to keep when `next` arrives for an order last known as `known`: `next`, except
 * that a status change `canTransition` refuses keeps the known status (and reason), and a smaller
 * filled quantity of the same amount keeps the known one. Returns `next` itself when nothing was
 * refused.
 */
export function nextSnapshot<T extends OrderState>(known: T | undefined, next: T): T {
  if (known === undefined || known === next) return next;
  const statusOk = canTransition(known.status, next.status);
  const filledOk = next.amount !== known.amount || Math.abs(next.filled) >= Math.abs(known.filled);
  if (statusOk && filledOk) return next;
  return {
    ...next,
    ...(statusOk ? {} : { status: known.status, reason: known.reason }),
    ...(filledOk ? {} : { filled: known.filled }),
  };
}

/**
 * The filled quantity after an execution of `qty` (same sign as `amount`) on an order of
 * `amount` with `filled` so far: the sum, snapped to `amount` when within `QTY_EPSILON` of it.
 * Throws when the execution would fill more than the order or goes the other way.
 */
export function filledAfter(amount: number, filled: number, qty: number): number {
  const total = filled + qty;
  if (Math.abs(amount - total) <= QTY_EPSILON) return amount;
  if (qty !== 0 && Math.sign(qty) !== Math.sign(amount)) throw new RangeError(`an execution of ${qty} on an order of ${amount} goes the wrong way`);
  if (Math.abs(total) > Math.abs(amount)) throw new RangeError(`an execution of ${qty} fills ${total} of an order of ${amount}`);
  return total;
}

/**
 * The status after an execution brought the filled quantity to `filled`: `filled` when it is the
 * whole `amount`; otherwise `partially_filled` for a working order, and unchanged for a finished
 * one (a late execution does not reopen a cancelled order).
 */
export function statusAfterFill(status: OrderStatus, amount: number, filled: number): OrderStatus {
  if (filled === amount) return 'filled';
  return isTerminal(status) ? status : 'partially_filled';
}

/**
 * The price of the quantity an order filled that no execution report delivered: the broker says
 * `filled` in total at `average`; the executions known cover `knownQty` for `knownNotional`
 * (qty × price summed). The missing `filled − knownQty` is priced so that the average comes out
 * right: `(average · filled − knownNotional) / (filled − knownQty)`. Signed or unsigned, alike.
 */
export function missedFillPrice(average: number, filled: number, knownQty: number, knownNotional: number): number {
  return (average * filled - knownNotional) / (filled - knownQty);
}
