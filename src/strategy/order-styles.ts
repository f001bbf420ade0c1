import type { OrderStyle } from '../model/order.js';

/** A market order (the default). */
export const market = (): OrderStyle => ({ type: 'market' });
/** Buy at `limitPrice` or lower / sell at it or higher. */
export const limit = (limitPrice: number): OrderStyle => ({ type: 'limit', limitPrice });
/** Becomes a market order once the price touches `stopPrice`. */
export const stop = (stopPrice: number): OrderStyle => ({ type: 'stop', stopPrice });
/** Becomes a limit order at `limitPrice` once the price touches `stopPrice`. */
export const stopLimit = (limitPrice: number, stopPrice: number): OrderStyle => ({ type: 'stop_limit', limitPrice, stopPrice });

/**
 * A stop that trails the price: `{ percent }` or `{ price }` (currency) below the highest price
 * since the order was placed for a sell, above the lowest for a buy; once touched it is a market order.
 */
export function trailingStop(trail: { readonly percent: number } | { readonly price: number }): OrderStyle {
  return 'percent' in trail ? { type: 'trailing_stop', trailPercent: trail.percent } : { type: 'trailing_stop', trailPrice: trail.price };
}

/** A stop-loss leg: a stop price, or `{ stop, limit }` for a stop-limit. */
export type StopLossLeg = number | { readonly stop: number; readonly limit: number };

/** Exit legs of an entry order. */
export interface ExitLegs {
  /** Entry style: `market()` (default) or `limit(price)`. */
  readonly entry?: OrderStyle;
  /** Limit price of the take-profit exit. */
  readonly takeProfit?: number;
  readonly stopLoss?: StopLossLeg;
}

const stopLossOf = (sl: StopLossLeg | undefined) =>
  sl === undefined ? undefined : typeof sl === 'number' ? { stopPrice: sl } : { stopPrice: sl.stop, limitPrice: sl.limit };

function withLegs(orderClass: 'bracket' | 'oto', legs: ExitLegs): OrderStyle {
  const entry = legs.entry ?? market();
  const stopLoss = stopLossOf(legs.stopLoss);
  return {
    ...entry,
    orderClass,
    legs: { ...(legs.takeProfit !== undefined ? { takeProfit: { limitPrice: legs.takeProfit } } : {}), ...(stopLoss ? { stopLoss } : {}) },
  };
}

/**
 * An entry with a take-profit limit and a stop-loss: once the entry fills, both exits are placed
 * for the quantity filled, and the first to execute cancels the other (Alpaca's bracket order).
 * `ctx.order(asset, 100, bracket({ takeProfit: 110, stopLoss: 95 }))`.
 */
export function bracket(legs: ExitLegs & { readonly takeProfit: number; readonly stopLoss: StopLossLeg }): OrderStyle {
  return withLegs('bracket', legs);
}

/** One-triggers-other: an entry with one exit (`takeProfit` or `stopLoss`) placed once it fills. */
export function oto(legs: ExitLegs): OrderStyle {
  return withLegs('oto', legs);
}

/**
 * One-cancels-other exit of a position: a take-profit limit and a stop-loss placed together; the
 * first to execute cancels the other. `ctx.order(asset, -100, oco({ takeProfit: 110, stopLoss: 95 }))`.
 */
export function oco(legs: { readonly takeProfit: number; readonly stopLoss: StopLossLeg }): OrderStyle {
  return { type: 'limit', limitPrice: legs.takeProfit, orderClass: 'oco', legs: { stopLoss: stopLossOf(legs.stopLoss)! } };
}
