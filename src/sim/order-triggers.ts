import type { Order } from '../model/order.js';

/** The prices of the bar an order is matched against. */
export interface BarRange {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** What the trigger rules decided for one order on one bar. */
export interface TriggerResult {
  /** Reference fill price before slippage, or null when the order does not fill on this bar. */
  readonly price: number | null;
  /** Whether the stop price has been touched (now or on an earlier bar). */
  readonly stopReached: boolean;
}

/**
 * Applies an order's stop and limit rules to the fill bar's range.
 *
 * - Market: fills at the reference (the open for `next-open`, otherwise the close).
 * - Limit: a buy fills when low ≤ limit, at min(reference, limit); a sell when high ≥ limit, at
 *   max(reference, limit).
 * - Stop: a buy triggers when high ≥ stop, a sell when low ≤ stop; the order is then a market
 *   order. At the open (`next-open`) it fills where the stop was touched: max(open, stop) for a
 *   buy (the open when it gapped through), min(open, stop) for a sell — backtrader's rule. With a
 *   close reference the stop touched during the bar and the resulting market order fills at the
 *   close, like every other market order on that bar (zipline fills triggered stops at the close).
 * - Stop-limit: the stop rule, then the limit rule against that price on the same bar; once the
 *   stop was reached the order stays a limit order on later bars (zipline's `stopReached`).
 */
export function applyTriggers(order: Order, bar: BarRange, atOpen: boolean): TriggerResult {
  const buy = order.amount > 0;
  let price = atOpen ? bar.open : bar.close;
  let stopReached = order.stopReached;
  const stop = order.stopPrice;
  if (stop !== null && !stopReached) {
    if (buy ? bar.high >= stop : bar.low <= stop) {
      stopReached = true;
      if (atOpen) price = buy ? Math.max(bar.open, stop) : Math.min(bar.open, stop);
    } else {
      return { price: null, stopReached: false };
    }
  }
  const limit = order.limitPrice;
  if (limit !== null) {
    if (buy ? bar.low <= limit : bar.high >= limit) price = buy ? Math.min(price, limit) : Math.max(price, limit);
    else return { price: null, stopReached };
  }
  return { price: Number.isFinite(price) ? price : null, stopReached };
}

/** Caps a slipped price at the order's limit: a buy never pays more, a sell never receives less. */
export function capAtLimit(order: Order, price: number): number {
  const limit = order.limitPrice;
  if (limit === null) return price;
  return order.amount > 0 ? Math.min(price, limit) : Math.max(price, limit);
}
