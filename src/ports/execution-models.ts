import type { Order } from '../model/order.js';

/**
 * The bar an order is matched against, with the price the fill policy chose (open or close). Its
 * prices may be getters that read the market data: read the fields, do not spread the object.
 */
export interface FillBar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Shares traded on the bar; `Infinity` when the data has no volume (no volume cap applies). */
  readonly volume: number;
  /** The reference fill price the policy picked from this bar (before slippage). */
  readonly price: number;
}

/** What a slippage model decides for one order on one bar. */
export interface SlippageFill {
  /** Fill price after slippage. */
  readonly price: number;
  /** Signed shares to fill on this bar. */
  readonly amount: number;
}

/**
 * Slippage (zipline's `SlippageModel`): how much of an order fills on a bar and at what price.
 * `volumeUsed` is the volume already filled for the same asset on this bar.
 */
export interface SlippageModel {
  readonly name: string;
  fill(order: Order, bar: FillBar, volumeUsed: number): SlippageFill | null;
}

/** Commission for one execution of `amount` shares at `price` belonging to `order`. */
export interface CommissionModel {
  readonly name: string;
  calculate(order: Order, amount: number, price: number): number;
}

/** When open orders are cancelled by the engine/broker (zipline's cancel policies). */
export interface CancelPolicy {
  readonly name: string;
  shouldCancel(event: 'bar' | 'session-end'): boolean;
}
