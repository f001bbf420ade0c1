import type { Order, OrderRequest } from '../model/order.js';

/** The account an order is checked against, as the broker holding it sees it. */
export interface BrokerageAccountView {
  /** Signed shares held in the order's asset before the order (0 when flat). */
  readonly position: number;
  /** The account's open orders (all assets). */
  readonly openOrders: readonly Order[];
  /** The asset's last price when the order is placed, when known (minimum-notional checks). */
  readonly price?: number;
}

/**
 * A venue's order rules (LEAN's brokerage model): what the venue would refuse. The adapter of a
 * venue provides its model; the simulated broker applies it (`--venue-rules`) so a backtest or
 * paper run rejects what the venue would.
 */
export interface BrokerageModel {
  /** The venue's name, for messages. */
  readonly name: string;
  /** Why the venue would refuse `request` (one line), or null when it would accept it. */
  check(request: OrderRequest, account: BrokerageAccountView): string | null;
}
