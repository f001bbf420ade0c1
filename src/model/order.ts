import type { Asset } from './asset.js';

/**
 * Exit orders attached to an entry: a take-profit limit and/or a stop-loss (stop or stop-limit).
 * With both, the entry is a bracket; with one, one-triggers-other (OTO). The legs open when the
 * entry has filled (for the quantity filled) and cancel each other: the first execution of one
 * cancels the other, as does cancelling either.
 */
export interface OrderLegs {
  readonly takeProfit?: { readonly limitPrice: number };
  readonly stopLoss?: { readonly stopPrice: number; readonly limitPrice?: number };
}

/** Alpaca's order classes: a plain order, or an order with legs (DESIGN.md §3.1). */
export type OrderClass = 'simple' | 'bracket' | 'oto' | 'oco';

/** What any style may carry besides its prices: legs and the class they make. */
interface StyleExtras {
  /** Exit legs of a bracket / OTO entry, or the stop-loss paired with an OCO take-profit limit. */
  readonly legs?: OrderLegs;
  /** `bracket`, `oto` or `oco` when `legs` are given (`simple` or absent otherwise). */
  readonly orderClass?: OrderClass;
}

/** How an order is priced (DESIGN.md §3.1). */
export type OrderStyle = StyleExtras & (
  | { readonly type: 'market' }
  | { readonly type: 'limit'; readonly limitPrice: number }
  | { readonly type: 'stop'; readonly stopPrice: number }
  | { readonly type: 'stop_limit'; readonly limitPrice: number; readonly stopPrice: number }
  /**
   * A stop that follows the price at a distance: `trailPrice` (currency) or `trailPercent`
   * (exactly one). A sell's stop is the highest price seen since submission less the trail, a
   * buy's the lowest plus it; once touched it is a market order.
   */
  | { readonly type: 'trailing_stop'; readonly trailPrice?: number; readonly trailPercent?: number }
);

export type OrderType = OrderStyle['type'];

/**
 * A style as a strategy may pass it to `ctx.order*`: an `OrderStyle`, or, as zipline's
 * `order(asset, amount, limit_price, stop_price)`, prices without a `type`, from which the type
 * is inferred: `limitPrice` alone makes a limit order, `stopPrice` alone a stop, both a
 * stop-limit, neither a market order.
 */
export type OrderStyleInput = OrderStyle | (StyleExtras & {
  readonly type?: undefined;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
});

/** The limit price of a `limit` or `stop_limit` style; `null` for other styles. */
export const limitPriceOf = (style: OrderStyle): number | null =>
  style.type === 'limit' || style.type === 'stop_limit' ? style.limitPrice : null;

/** The stop price of a `stop` or `stop_limit` style; `null` for other styles (a trailing stop's moves). */
export const stopPriceOf = (style: OrderStyle): number | null =>
  style.type === 'stop' || style.type === 'stop_limit' ? style.stopPrice : null;

/** The stop of a trailing stop whose watermark (highest price for a sell, lowest for a buy) is `mark`. */
export function trailingStopPrice(style: { readonly trailPrice?: number; readonly trailPercent?: number }, buy: boolean, mark: number): number {
  const sign = buy ? 1 : -1;
  return style.trailPrice !== undefined ? mark + sign * style.trailPrice : mark * (1 + sign * style.trailPercent! / 100);
}

/**
 * Order life cycle: `pending → open/partially_filled → filled | cancelled | rejected | expired`.
 * `pending` = sent, not yet acknowledged by the broker.
 */
export type OrderStatus = 'pending' | 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'expired';

/** True when an order can no longer fill (`filled`, `cancelled`, `rejected` or `expired`). */
export const isTerminal = (s: OrderStatus): boolean => s === 'filled' || s === 'cancelled' || s === 'rejected' || s === 'expired';

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
  /**
   * A limit order's side of the book when placed: true when it crossed the price then (it takes
   * liquidity), false when it rested (it makes it); absent for other orders and when unknown.
   */
  readonly marketable?: boolean;
  /** Why the order was rejected, cancelled or expired, when known. */
  reason: string | null;
  /** For a leg of a bracket, OTO or OCO order: the id of the order it belongs to. */
  readonly parentId?: string;
}
