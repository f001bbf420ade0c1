import type { OrderStyle } from '../model/order.js';

/** A market order (the default). */
export const market = (): OrderStyle => ({ type: 'market' });
/** Buy at `limitPrice` or lower / sell at it or higher. */
export const limit = (limitPrice: number): OrderStyle => ({ type: 'limit', limitPrice });
/** Becomes a market order once the price touches `stopPrice`. */
export const stop = (stopPrice: number): OrderStyle => ({ type: 'stop', stopPrice });
/** Becomes a limit order at `limitPrice` once the price touches `stopPrice`. */
export const stopLimit = (limitPrice: number, stopPrice: number): OrderStyle => ({ type: 'stop_limit', limitPrice, stopPrice });
