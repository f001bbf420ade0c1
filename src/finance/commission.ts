import type { Order } from '../model/order.js';
import type { CommissionModel } from '../ports/execution-models.js';

/**
 * Commission models with zipline's formulas and defaults. `calculate(order, amount, price)` is
 * called once per execution BEFORE the execution is applied to the order, so `order.filled` and
 * `order.commission` are what was filled and charged on earlier executions of the same order.
 */

function nonNegative(value: number, model: string, option: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`commission.${model}({ ${option}: ${value} }): ${option} must be a finite number ≥ 0`);
  }
  return value;
}

/**
 * `cost` per share with a per-ORDER minimum `minTradeCost` (zipline's `PerShare`): the first
 * execution pays at least the minimum; later executions pay nothing until the per-share total of
 * all executions exceeds what was already charged, then the excess.
 */
export class PerShareCommission implements CommissionModel {
  readonly name = 'perShare';
  constructor(readonly cost = 0.001, readonly minTradeCost = 0) {
    nonNegative(cost, 'perShare', 'cost');
    nonNegative(minTradeCost, 'perShare', 'minTradeCost');
  }

  calculate(order: Order, amount: number, _price: number): number {
    const additional = Math.abs(amount * this.cost);
    if (order.commission === 0) return Math.max(this.minTradeCost, additional);
    const perShareTotal = Math.abs(order.filled * this.cost) + additional;
    return perShareTotal < this.minTradeCost ? 0 : perShareTotal - order.commission;
  }
}

/** A flat `cost` per order, charged on its first execution only (zipline's `PerTrade`). */
export class PerTradeCommission implements CommissionModel {
  readonly name = 'perTrade';
  constructor(readonly cost = 0) {
    nonNegative(cost, 'perTrade', 'cost');
  }

  calculate(order: Order): number {
    return order.commission === 0 ? this.cost : 0;
  }
}

/** `cost` per dollar traded: |amount| × price × cost (zipline's `PerDollar`). */
export class PerDollarCommission implements CommissionModel {
  readonly name = 'perDollar';
  constructor(readonly cost = 0.0015) {
    nonNegative(cost, 'perDollar', 'cost');
  }

  calculate(_order: Order, amount: number, price: number): number {
    return Math.abs(amount) * price * this.cost;
  }
}

/**
 * A crypto exchange's maker/taker fees, each a fraction of the value traded (|amount| × price):
 * a limit order that rested in the book when placed (`order.marketable === false`) pays `maker`;
 * market and stop orders, and limit orders that crossed the price when placed, pay `taker`.
 * The fee is in the quote currency, like the cash.
 */
export class MakerTakerCommission implements CommissionModel {
  readonly name = 'makerTaker';
  constructor(readonly maker = 0.001, readonly taker = 0.001) {
    nonNegative(maker, 'makerTaker', 'maker');
    nonNegative(taker, 'makerTaker', 'taker');
  }

  calculate(order: Order, amount: number, price: number): number {
    return Math.abs(amount) * price * (order.marketable === false ? this.maker : this.taker);
  }
}

/** Free trading (zipline's `NoCommission`). */
export class NoCommission implements CommissionModel {
  readonly name = 'none';
  calculate(): number {
    return 0;
  }
}
