import { FinishedOrders } from '../finance/finished-orders.js';
import { isTerminal, limitPriceOf, stopPriceOf, trailingStopPrice, type Order, type OrderRequest } from '../model/order.js';
import type { BrokerEvent } from '../ports/broker.js';
import { exitLegs } from './order-legs.js';
import { UnknownOrderError } from './unknown-order-error.js';

/** An order a `SimulatedBroker` holds, with what its matching remembers. */
export interface WorkingOrder {
  order: Order;
  /** dt of the bar this order was last matched against (NaN: never). */
  lastBar: number;
  /** Trailing stops: the highest (sell) or lowest (buy) price seen since submission. */
  mark?: number;
  /** Bracket / OTO entries: whether the exit legs were opened. */
  legsOpened?: boolean;
}

/**
 * The orders of a `SimulatedBroker`: every order by id, the working ones (not finished) in
 * submission order, and the links between orders — OCO groups and bracket / OTO exit legs,
 * which open when their entry fills and cancel one another when one executes or is cancelled.
 * A finished order leaves the working list at the next `prune` and is kept in columns
 * (`FinishedOrders`), not as an object.
 */
export class WorkingOrders {
  /** Every order placed or opened, by id: its record while working, its row in `finished` once pruned. */
  private readonly byId = new Map<string, WorkingOrder | number>();
  private readonly finished = new FinishedOrders();
  /** The orders still working (finished ones are pruned after each bar), in submission order. */
  readonly working: WorkingOrder[] = [];
  /** Order id → the orders it cancels when it executes or is cancelled (OCO groups, bracket legs). */
  private readonly linked = new Map<string, string[]>();

  /**
   * @param brokerName the broker's name (unknown-order errors)
   * @param out how an order leaves the broker in an event (a copy, or the record itself)
   * @param now the broker's current time (stamps a cancellation; NaN before the first bar)
   * @param keepFinished whether finished orders stay known once pruned (else they are forgotten)
   */
  constructor(
    private readonly brokerName: string,
    private readonly out: (o: Order) => Order,
    private readonly now: () => number,
    private readonly keepFinished = true,
  ) {}

  /** Adds an order (placed, or opened by the broker itself with `lastBar`). */
  add(w: WorkingOrder): void {
    this.byId.set(w.order.id, w);
    this.working.push(w);
  }

  /** Adds an order the broker opened itself (a leg). */
  open(order: Order, lastBar: number): void {
    this.add({ order, lastBar });
  }

  /** Whether an order `orderId` was placed or opened. */
  has(orderId: string): boolean {
    return this.byId.has(orderId);
  }

  /** The order `orderId` (a finished one pruned from the working list: made again, never matched). */
  get(orderId: string): WorkingOrder | undefined {
    const w = this.byId.get(orderId);
    return typeof w === 'number' ? { order: this.finished.order(w), lastBar: Number.NaN } : w;
  }

  /** The order `orderId`; throws `UnknownOrderError` when there is none. */
  lookup(orderId: string): WorkingOrder {
    const w = this.get(orderId);
    if (!w) throw new UnknownOrderError(orderId, this.brokerName);
    return w;
  }

  /** Makes each of `ids` cancel the others. */
  link(ids: readonly string[]): void {
    for (const id of ids) this.linked.set(id, ids.filter((x) => x !== id));
  }

  /** Whether `id` cancels other orders when it executes or is cancelled. */
  isLinked(id: string): boolean {
    return this.linked.size !== 0 && this.linked.has(id);
  }

  /** Cancels the open orders linked to `id` (reported in `events`). */
  cancelLinked(id: string, reason: string, events: BrokerEvent[]): void {
    for (const other of this.linked.get(id) ?? []) {
      const w = this.byId.get(other);
      if (w === undefined || typeof w === 'number' || isTerminal(w.order.status)) continue;
      this.cancel(w, reason, events);
      events.push({ kind: 'order', order: this.out(w.order) });
    }
  }

  /** Opens the exit legs of a bracket / OTO entry for what it filled (once). */
  openLegs(w: WorkingOrder, dt: number, events: BrokerEvent[]): void {
    if (w.legsOpened || !w.order.style.legs || w.order.style.orderClass === 'oco') return;
    w.legsOpened = true;
    const legs = exitLegs(w.order, w.order.filled, dt);
    for (const leg of legs) {
      this.open(leg, dt);
      events.push({ kind: 'order', order: this.out(leg) });
    }
    if (legs.length > 1) this.link(legs.map((l) => l.id));
  }

  /** Cancels an order; a bracket / OTO entry that partly filled opens its legs for what it filled. */
  cancel(w: WorkingOrder, reason: string, events: BrokerEvent[]): void {
    const now = this.now();
    w.order.status = 'cancelled';
    w.order.reason = reason;
    w.order.updatedAt = Number.isNaN(now) ? w.order.updatedAt : now;
    if (w.order.filled !== 0) this.openLegs(w, w.order.updatedAt, events);
  }

  /** Moves finished orders from the working list (compacted in place) to the finished columns, or forgets them. */
  prune(): void {
    const working = this.working;
    let kept = 0;
    for (let i = 0; i < working.length; i++) {
      const w = working[i]!;
      if (!isTerminal(w.order.status)) working[kept++] = w;
      else if (this.keepFinished) this.byId.set(w.order.id, this.finished.add(w.order));
      else {
        this.byId.delete(w.order.id);
        this.linked.delete(w.order.id);
      }
    }
    working.length = kept;
  }
}

/** The record of an order placed at `now` when the asset's price was `price`: open, nothing filled. */
export function placedOrder(request: OrderRequest, price: number, now: number): Order {
  const { style } = request;
  const order: Order = {
    id: request.clientOrderId,
    clientOrderId: request.clientOrderId,
    asset: request.asset,
    amount: request.amount,
    filled: 0,
    status: 'open',
    style,
    limitPrice: limitPriceOf(style),
    stopPrice: style.type === 'trailing_stop' ? trailingStopPrice(style, request.amount > 0, price) : stopPriceOf(style),
    stopReached: false,
    createdAt: now,
    updatedAt: now,
    commission: 0,
    reason: null,
  };
  // Set after the literal (still the last key): a conditional spread makes every order a slow-path copy.
  if (style.type === 'limit' && Number.isFinite(price)) (order as { marketable?: boolean }).marketable = request.amount > 0 ? style.limitPrice >= price : style.limitPrice <= price;
  return order;
}
