import type { Asset } from './asset.js';

/** How an order is priced (DESIGN.md §3.1). */
export type OrderStyle =
  | { readonly type: 'market' }
  | { readonly type: 'limit'; readonly limitPrice: number }
  | { readonly type: 'stop'; readonly stopPrice: number }
  | { readonly type: 'stop_limit'; readonly limitPrice: number; readonly stopPrice: number };

export type OrderType = OrderStyle['type'];

/** The limit price of a `limit` or `stop_limit` style; `null` for other styles. */
export const limitPriceOf = (style: OrderStyle): number | null =>
  style.type === 'limit' || style.type === 'stop_limit' ? style.limitPrice : null;

/** The stop price of a `stop` or `stop_limit` style; `null` for other styles. */
export const stopPriceOf = (style: OrderStyle): number | null =>
  style.type === 'stop' || style.type === 'stop_limit' ? style.stopPrice : null;

/**
 * Order life cycle: `pending → open/partially_filled → filled | cancelled | rejected | expired`.
 * `pending` = sent, not yet acknowledged by the broker.
 */
export type OrderStatus = 'pending' | 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'expired';

const TERMINAL_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected', 'expired']);

/** True when an order can no longer fill. */
export const isTerminal = (s: OrderStatus): boolean => TERMINAL_ORDER_STATUSES.has(s);

/** What a strategy asks a broker to do. `amount` is signed shares (negative = sell). */
export interface OrderRequest {
  readonly asset: Asset;
  readonly amount: number;
  readonly style: OrderStyle;
  /** Deterministic id chosen by the engine (run id + sequence); the broker echoes it. */
  readonly clientOrderId: string;
}

/** An order as the engine and the strategy see it. Brokers return fresh snapshots. */
export interface Order {
  /** Broker-assigned id (the simulated broker uses the client order id). */
  readonly id: string;
  readonly clientOrderId: string;
  readonly asset: Asset;
  /** Signed total shares ordered (adjusted by splits while open). */
  amount: number;
  /** Signed shares filled so far. */
  filled: number;
  status: OrderStatus;
  readonly style: OrderStyle;
  limitPrice: number | null;
  stopPrice: number | null;
  /** Stop orders: whether the stop price was touched (the order then behaves as market/limit). */
  stopReached: boolean;
  /** Epoch ms the order was created (simulation or wall time). */
  readonly createdAt: number;
  /** Epoch ms of the last change. */
  updatedAt: number;
  /** Total commission charged on fills so far. */
  commission: number;
  /** Why the order was rejected, cancelled or expired, when known. */
  reason: string | null;
}
