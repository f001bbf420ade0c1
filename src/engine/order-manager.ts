import { IdSequence, type NumberedIds } from '../core/ids.js';
import type { Asset } from '../model/asset.js';
import { FinishedOrders } from '../finance/finished-orders.js';
import { nextSnapshot } from '../finance/order-lifecycle.js';
import { isTerminal, type Order, type OrderStyle } from '../model/order.js';
import { OpenOrderIndex } from './open-orders.js';
import { immediateBroker, type Broker, type ImmediateBroker } from '../ports/broker.js';

/** The orders of a run by id, in the order they were first recorded (read-only, like a `Map`). */
export interface OrderBook {
  /** Number of orders. */
  readonly size: number;
  /** The latest snapshot of order `id`. */
  get(id: string): Order | undefined;
  has(id: string): boolean;
  /** Every order's latest snapshot, oldest first (finished orders are made again from their columns). */
  values(): IterableIterator<Order>;
}

/**
 * The engine's book of orders: it numbers orders deterministically (`<runId>-<n>`), submits them
 * to the broker, keeps the latest snapshot of each and indexes the open ones by asset.
 *
 * Internally an order is an integer (the order it was first recorded in): a working order is
 * kept as its record, a finished one as a row of `FinishedOrders` columns. An id of the engine's
 * own form is turned into its number without a string map; only other ids (a live broker's) are
 * looked up by string.
 */
export class OrderManager implements OrderBook {
  /** Per order: its record while working, its row in `finished` once finished. */
  private readonly slots: (Order | number)[] = [];
  private readonly sequence: IdSequence;
  private readonly finished: FinishedOrders;
  /** Slot of the order with id `<runId>-<n>`, at `n` (−1: none yet). */
  private bySequence = new Int32Array(1024).fill(-1);
  /** Slots of orders whose ids are not of the engine's form. */
  private readonly byOtherId = new Map<string, number>();
  /** Open orders by asset, with their slots (oldest first). */
  private readonly open = new OpenOrderIndex();
  private readonly now: ImmediateBroker | undefined;

  constructor(private readonly broker: Broker, runId: string) {
    this.sequence = new IdSequence(runId);
    this.finished = new FinishedOrders(this.sequence);
    this.now = immediateBroker(broker);
  }

  /** The ids this book gives its orders, as numbers (`<runId>-<n>` ↔ `n`). */
  get ids(): NumberedIds {
    return this.sequence;
  }

  /** The book of every order (this manager, read-only). */
  get orders(): OrderBook {
    return this;
  }

  /** Number of orders recorded. */
  get size(): number {
    return this.slots.length;
  }

  /** Number of orders not yet filled, cancelled, rejected or expired. */
  get openOrderCount(): number {
    return this.open.size;
  }

  /**
   * Sends a new order to the broker and records the order it answers with. An immediate broker
   * answers at once: the only promise is the one returned (the strategy's `await`).
   */
  submit(asset: Asset, amount: number, style: OrderStyle): Promise<Order> {
    const n = this.sequence.size + 1;
    const request = { asset, amount, style, clientOrderId: this.sequence.take() };
    if (this.now) {
      try {
        const order = this.now.submitOrderNow(request);
        this.placed(order, n);
        return Promise.resolve(order);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return this.broker.submitOrder(request).then((order) => {
      this.update(order);
      return order;
    });
  }

  /** Asks the broker to cancel an order (a no-op for one already closed). */
  async cancel(orderId: string): Promise<void> {
    const slot = this.slotOf(orderId);
    const kept = slot < 0 ? undefined : this.slots[slot]!;
    if (kept !== undefined && (typeof kept === 'number' || isTerminal(kept.status))) return;
    this.update(this.now ? this.now.cancelOrderNow(orderId) : await this.broker.cancelOrder(orderId));
  }

  /**
   * Records the order an immediate broker placed for the request numbered `n`: a new working
   * order in a new slot, without looking its id up (`update` for anything else).
   */
  private placed(order: Order, n: number): void {
    if (order.id !== this.sequence.last || isTerminal(order.status) || n >= this.bySequence.length) {
      this.update(order);
      return;
    }
    const slot = this.slots.length;
    this.slots.push(order);
    this.bySequence[n] = slot;
    this.open.set(order.asset, slot, order);
  }

  /** Records a fresh snapshot of an order, never going back (`nextSnapshot`). */
  update(snapshot: Order): void {
    let slot = this.slotOf(snapshot.id);
    const kept = slot < 0 ? undefined : this.slots[slot]!;
    const known = typeof kept === 'number' ? this.finished.order(kept) : kept;
    // An immediate broker answers its own record again: already the one kept, in place.
    const order = known === snapshot ? snapshot : nextSnapshot(known, snapshot);
    if (slot < 0) slot = this.addSlot(order.id);
    if (isTerminal(order.status)) {
      if (typeof kept === 'number') {
        if (order !== known) this.finished.set(kept, order);
        return;
      }
      this.slots[slot] = this.finished.add(order);
      this.open.delete(order.asset, slot);
      return;
    }
    // A working order (a finished one never reopens: `nextSnapshot` keeps it finished).
    this.slots[slot] = order;
    this.open.set(order.asset, slot, order);
  }

  /** The latest snapshot of order `id` (a finished order: a new object each call). */
  get(id: string): Order | undefined {
    const slot = this.slotOf(id);
    return slot < 0 ? undefined : this.orderAt(slot);
  }

  has(id: string): boolean {
    return this.slotOf(id) >= 0;
  }

  /** Every order's latest snapshot, oldest first. */
  *values(): IterableIterator<Order> {
    for (let slot = 0; slot < this.slots.length; slot++) yield this.orderAt(slot);
  }

  /** The orders that filled nothing, oldest first. */
  *neverFilled(): IterableIterator<Order> {
    for (let slot = 0; slot < this.slots.length; slot++) {
      const kept = this.slots[slot]!;
      if (typeof kept !== 'number') {
        if (kept.filled === 0) yield kept;
      } else if (this.finished.filled(kept) === 0) yield this.finished.order(kept);
    }
  }

  /** Open orders, of one asset or all, oldest first. */
  openOrders(asset?: Asset): Order[] {
    if (asset) return this.open.of(asset);
    return this.open.all().sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Signed shares still to fill on the open orders of `asset`. */
  openAmount(asset: Asset): number {
    return this.open.amount(asset);
  }

  /** Assets with open orders. */
  assetsWithOpenOrders(): Asset[] {
    return this.open.assets();
  }

  private orderAt(slot: number): Order {
    const kept = this.slots[slot]!;
    return typeof kept === 'number' ? this.finished.order(kept) : kept;
  }

  /** The slot of order `id`, or −1. */
  private slotOf(id: string): number {
    const n = this.sequence.numberOf(id);
    const slot = n > 0 && n < this.bySequence.length ? this.bySequence[n]! : -1;
    return slot >= 0 || this.byOtherId.size === 0 ? slot : (this.byOtherId.get(id) ?? -1);
  }

  /** A new slot for order `id`: found by its number when the engine numbered it, else by the string. */
  private addSlot(id: string): number {
    const slot = this.slots.length;
    this.slots.push(0);
    const n = this.sequence.numberOf(id);
    if (n <= 0) {
      this.byOtherId.set(id, slot);
      return slot;
    }
    if (n >= this.bySequence.length) {
      const grown = new Int32Array(Math.max(n + 1, 2 * this.bySequence.length)).fill(-1);
      grown.set(this.bySequence);
      this.bySequence = grown;
    }
    this.bySequence[n] = slot;
    return slot;
  }
}
