import { dayNumber } from '../core/time.js';
import type { Asset } from '../model/asset.js';
import type { Ledger } from '../finance/ledger.js';
import type { MetricsTracker } from './metrics-tracker.js';
import type { OrderManager } from './order-manager.js';

const NO_IDS: string[] = [];

/**
 * zipline's auto-close: a position in an asset is closed out at the session end on the first
 * session day on or after the asset's auto-close date, or the day after its end date.
 */
export class AutoClose {
  private readonly days = new Map<Asset, number>();
  /** The earliest auto-close day of the positions held at ledger revision `revision`. */
  private first = Infinity;
  private revision = -1;

  /** The first session day (day number) on which a position in `asset` is closed out (remembered per asset). */
  dayOf(asset: Asset): number {
    let day = this.days.get(asset);
    if (day === undefined) {
      day = asset.autoCloseDate !== null ? dayNumber(asset.autoCloseDate) : dayNumber(asset.endDate) + 1;
      this.days.set(asset, day);
    }
    return day;
  }

  /**
   * Closes out, at `priceOf` and instant `dt`, the positions past their auto-close day on `day`
   * (the transactions go to the tracker); returns the ids of those assets' open orders.
   */
  closeDue(day: number, dt: number, ledger: Ledger, tracker: MetricsTracker, orders: OrderManager, priceOf: (asset: Asset) => number): string[] {
    // The held positions are looked at again only after they change.
    if (ledger.revision !== this.revision) this.refresh(ledger);
    return this.first <= day ? this.close(day, dt, ledger, tracker, orders, priceOf) : NO_IDS;
  }

  /** The earliest auto-close day of the positions held now. */
  private refresh(ledger: Ledger): void {
    const held = ledger.held;
    let first = Infinity;
    for (let i = 0; i < held.length; i++) {
      const d = this.dayOf(held[i]!.asset);
      if (d < first) first = d;
    }
    this.first = first;
    this.revision = ledger.revision;
  }

  private close(day: number, dt: number, ledger: Ledger, tracker: MetricsTracker, orders: OrderManager, priceOf: (asset: Asset) => number): string[] {
    let toCancel: string[] | undefined;
    for (const position of [...ledger.held]) {
      const asset = position.asset;
      if (!(this.dayOf(asset) <= day)) continue;
      const txn = ledger.closePosition(asset, priceOf(asset), dt);
      if (txn) tracker.addTransaction(txn);
      for (const order of orders.openOrders(asset)) (toCancel ??= []).push(order.id);
    }
    return toCancel ?? NO_IDS;
  }
}
