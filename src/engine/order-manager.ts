import { IdSequence } from '../core/ids.js';
import type { Asset } from '../model/asset.js';
import { nextSnapshot } from '../finance/order-lifecycle.js';
import { isTerminal, type Order, type OrderStyle } from '../model/order.js';
import { immediateBroker, type Broker, type ImmediateBroker } from '../ports/broker.js';

/**
 * The engine's book of orders: it numbers orders deterministically (`<runId>-<n>`), submits them
 * to the broker, keeps the latest snapshot of each and indexes the open ones by asset.
 */
export class OrderManager {
  /** Latest snapshot of every order, in creation order. */
  readonly orders = new Map<string, Order>();
  private readonly openByAsset = new Map<Asset, Map<string, Order>>();
  private readonly ids: IdSequence;
  private openCount = 0;
  private readonly now: ImmediateBroker | undefined;

  constructor(private readonly broker: Broker, runId: string) {
    this.ids = new IdSequence(runId);
    this.now = immediateBroker(broker);
  }

  /** Number of orders not yet filled, cancelled, rejected or expired. */
  get openOrderCount(): number {
    return this.openCount;
  }

  /**
   * Sends a new order to the broker and records the order it answers with. An immediate broker
   * answers at once: the only promise is the one returned (the strategy's `await`).
   */
  submit(asset: Asset, amount: number, style: OrderStyle): Promise<Order> {
    const request = { asset, amount, style, clientOrderId: this.ids.take() };
    if (this.now) {
      try {
        const order = this.now.submitOrderNow(request);
        this.update(order);
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
    const known = this.orders.get(orderId);
    if (known && isTerminal(known.status)) return;
    this.update(this.now ? this.now.cancelOrderNow(orderId) : await this.broker.cancelOrder(orderId));
  }

  /** Records a fresh snapshot of an order, never going back (`nextSnapshot`). */
  update(snapshot: Order): void {
    const known = this.orders.get(snapshot.id);
    // An immediate broker answers its own record again: already the one kept, in place.
    const order = known === snapshot ? snapshot : nextSnapshot(known, snapshot);
    if (order !== known) this.orders.set(order.id, order);
    let open = this.openByAsset.get(order.asset);
    if (isTerminal(order.status)) {
      if (open !== undefined && open.delete(order.id)) this.openCount--;
      return;
    }
    if (!open) this.openByAsset.set(order.asset, (open = new Map()));
    const before = open.size;
    open.set(order.id, order);
    if (open.size !== before) this.openCount++;
  }

  /** Open orders, of one asset or all, oldest first. */
  openOrders(asset?: Asset): Order[] {
    if (asset) return [...(this.openByAsset.get(asset)?.values() ?? [])];
    const out: Order[] = [];
    for (const byAsset of this.openByAsset.values()) out.push(...byAsset.values());
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Signed shares still to fill on the open orders of `asset`. */
  openAmount(asset: Asset): number {
    const open = this.openByAsset.get(asset);
    if (!open) return 0;
    let amount = 0;
    for (const o of open.values()) amount += o.amount - o.filled;
    return amount;
  }

  /** Assets with open orders. */
  assetsWithOpenOrders(): Asset[] {
    const out: Asset[] = [];
    for (const [asset, open] of this.openByAsset) if (open.size > 0) out.push(asset);
    return out;
  }
}
