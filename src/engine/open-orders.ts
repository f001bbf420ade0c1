import type { Asset } from '../model/asset.js';
import type { Order } from '../model/order.js';

/** The open orders of one asset, oldest first: `slots[i]` and `orders[i]` for `i < count`. */
interface AssetOpenOrders {
  readonly slots: number[];
  readonly orders: (Order | undefined)[];
  count: number;
}

/**
 * The open orders of a run by asset, each kept with its slot in the order book, oldest first.
 * Its arrays only grow: an order that finishes is taken out by shifting the later ones down and
 * the freed entry is cleared, so placing and filling orders allocates nothing once an asset has
 * had as many open orders at once as it will have.
 */
export class OpenOrderIndex {
  private readonly byAsset = new Map<Asset, AssetOpenOrders>();
  private total = 0;

  /** Number of open orders. */
  get size(): number {
    return this.total;
  }

  /** Records `order` (in book slot `slot`) as open: added last, or replacing the slot's earlier snapshot. */
  set(asset: Asset, slot: number, order: Order): void {
    let open = this.byAsset.get(asset);
    if (open === undefined) this.byAsset.set(asset, (open = { slots: [], orders: [], count: 0 }));
    const i = indexOf(open, slot);
    if (i >= 0) {
      open.orders[i] = order;
      return;
    }
    const n = open.count++;
    open.slots[n] = slot;
    open.orders[n] = order;
    this.total++;
  }

  /** Takes the order in book slot `slot` out (nothing when it is not open). */
  delete(asset: Asset, slot: number): void {
    const open = this.byAsset.get(asset);
    if (open === undefined) return;
    const i = indexOf(open, slot);
    if (i < 0) return;
    const last = --open.count, { slots, orders } = open;
    for (let k = i; k < last; k++) {
      slots[k] = slots[k + 1]!;
      orders[k] = orders[k + 1];
    }
    orders[last] = undefined;
    this.total--;
  }

  /** The open orders of `asset`, oldest first (a new array). */
  of(asset: Asset): Order[] {
    const open = this.byAsset.get(asset);
    return open === undefined ? [] : (open.orders.slice(0, open.count) as Order[]);
  }

  /** Every open order, asset after asset (each asset's oldest first). */
  all(): Order[] {
    const out: Order[] = [];
    for (const open of this.byAsset.values()) for (let i = 0; i < open.count; i++) out.push(open.orders[i]!);
    return out;
  }

  /** Signed shares still to fill on the open orders of `asset`. */
  amount(asset: Asset): number {
    const open = this.byAsset.get(asset);
    if (open === undefined) return 0;
    let amount = 0;
    for (let i = 0; i < open.count; i++) amount += open.orders[i]!.amount - open.orders[i]!.filled;
    return amount;
  }

  /** Assets with open orders, in the order each first had one. */
  assets(): Asset[] {
    const out: Asset[] = [];
    for (const [asset, open] of this.byAsset) if (open.count > 0) out.push(asset);
    return out;
  }
}

function indexOf(open: AssetOpenOrders, slot: number): number {
  const slots = open.slots;
  for (let i = 0; i < open.count; i++) if (slots[i] === slot) return i;
  return -1;
}
