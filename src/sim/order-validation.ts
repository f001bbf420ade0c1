import { OrderRejectedError } from '../core/errors.js';
import { isoUtc } from '../core/time.js';
import type { BrokerageModel } from '../ports/brokerage-model.js';
import { isTerminal, limitPriceOf, stopPriceOf, type Order, type OrderRequest } from '../model/order.js';

const positivePrice = (p: number | undefined): boolean => p === undefined || (Number.isFinite(p) && p > 0);

function checkShares(amount: number, order: { asset: Order['asset'] }, what: string): void {
  const { symbol, fractionable } = order.asset;
  if (!Number.isFinite(amount) || amount === 0) {
    throw new OrderRejectedError(`${what} ${amount} shares of ${symbol}: the amount must be a non-zero number`);
  }
  if (!fractionable && !Number.isInteger(amount)) {
    throw new OrderRejectedError(`${what} ${amount} shares of ${symbol}: ${symbol} is not fractionable; order whole shares`);
  }
}

/**
 * Throws `OrderRejectedError` when a new order cannot be placed: a zero, non-finite or (for a
 * non-fractionable asset) fractional amount, a non-positive limit/stop price, a reused client
 * order id, no current price for the asset, or no simulation time yet.
 */
export function validateOrderRequest(request: OrderRequest, at: { price: number; now: number; known: boolean }): void {
  const { asset, amount, style, clientOrderId } = request;
  checkShares(amount, request, 'order for');
  if (at.known) throw new OrderRejectedError(`client order id '${clientOrderId}' was already used; every order needs a new one`);
  const limit = limitPriceOf(style) ?? undefined;
  const stop = stopPriceOf(style) ?? undefined;
  if (!positivePrice(limit) || !positivePrice(stop)) {
    throw new OrderRejectedError(`order for ${amount} ${asset.symbol}: limit and stop prices must be positive numbers (limit ${limit}, stop ${stop})`);
  }
  if (Number.isNaN(at.now)) {
    throw new OrderRejectedError(`order for ${amount} ${asset.symbol} placed before the simulation started; place orders from handleData, beforeTradingStart or a scheduled function`);
  }
  if (!Number.isFinite(at.price)) {
    throw new OrderRejectedError(`order for ${amount} ${asset.symbol} at ${isoUtc(at.now)}: ${asset.symbol} has no price yet (no bar so far); check data.canTrade() first`);
  }
}

/** Throws `OrderRejectedError` when `changes` cannot be applied to `order` (see `Broker.replaceOrder`). */
export function validateOrderChanges(order: Order, changes: { amount?: number; limitPrice?: number; stopPrice?: number }): void {
  const what = `replacing order ${order.id} (${order.amount} ${order.asset.symbol})`;
  if (isTerminal(order.status)) throw new OrderRejectedError(`${what}: the order is ${order.status}; only open orders can be replaced`);
  if (changes.amount !== undefined) {
    checkShares(changes.amount, order, `${what} with`);
    if (Math.sign(changes.amount) !== Math.sign(order.amount) || Math.abs(changes.amount) <= Math.abs(order.filled)) {
      throw new OrderRejectedError(`${what}: the new amount ${changes.amount} must keep the order's side and exceed the ${order.filled} shares already filled`);
    }
  }
  if (changes.limitPrice !== undefined && order.limitPrice === null) throw new OrderRejectedError(`${what}: a ${order.style.type} order has no limit price`);
  if (changes.stopPrice !== undefined && order.stopPrice === null) throw new OrderRejectedError(`${what}: a ${order.style.type} order has no stop price`);
  if (!positivePrice(changes.limitPrice) || !positivePrice(changes.stopPrice)) {
    throw new OrderRejectedError(`${what}: limit and stop prices must be positive numbers`);
  }
}

/**
 * Throws `OrderRejectedError` when the venue's rules refuse `request`, judged on the broker's own
 * position in the asset (`position`, signed shares) and its open orders among `working`.
 */
export function checkVenueRules(rules: BrokerageModel, request: OrderRequest, price: number, position: number, working: readonly { order: Order }[]): void {
  const openOrders: Order[] = [];
  for (const w of working) if (!isTerminal(w.order.status)) openOrders.push(w.order);
  const refusal = rules.check(request, { position, openOrders, ...(Number.isFinite(price) ? { price } : {}) });
  if (refusal !== null) throw new OrderRejectedError(`order for ${request.amount} ${request.asset.symbol}: ${rules.name} would refuse it: ${refusal}`);
}
