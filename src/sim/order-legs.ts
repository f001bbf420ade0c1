import { OrderRejectedError } from '../core/errors.js';
import { trailingStopPrice, type Order, type OrderLegs, type OrderRequest, type OrderStyle } from '../model/order.js';

const positive = (p: number | undefined): boolean => p !== undefined && Number.isFinite(p) && p > 0;

/**
 * Throws `OrderRejectedError` when a trailing stop or an order with legs cannot be placed, with
 * Alpaca's rules: a trailing stop has exactly one positive trail (a percentage below 100); a
 * bracket or OTO entry is a market or limit order; an OCO is a limit take-profit with a stop-loss
 * leg; a take-profit lies on the profitable side of the stop-loss (above it for a long position's
 * exits, below for a short's); a stop-limit leg's limit is on the far side of its stop.
 */
export function validateStyleExtras(request: OrderRequest): void {
  const { style, amount, asset } = request;
  // A plain order (no trail, no legs, no class): nothing to check, and no message to build.
  if (style.type !== 'trailing_stop' && style.legs === undefined && style.orderClass === undefined) return;
  const what = `${style.orderClass ?? style.type} order for ${amount} ${asset.symbol}`;
  if (style.type === 'trailing_stop') {
    const { trailPrice, trailPercent } = style;
    if ((trailPrice === undefined) === (trailPercent === undefined)) throw new OrderRejectedError(`${what}: give exactly one of trail price or trail percent`);
    if (!positive(trailPrice ?? trailPercent) || (trailPercent !== undefined && trailPercent >= 100)) {
      throw new OrderRejectedError(`${what}: the trail must be a positive number (a percentage below 100)`);
    }
  }
  const legs = style.legs;
  const cls = style.orderClass ?? 'simple';
  if (!legs) {
    if (cls !== 'simple') throw new OrderRejectedError(`${what}: a ${cls} order needs its legs (take-profit and/or stop-loss)`);
    return;
  }
  const { takeProfit: tp, stopLoss: sl } = legs;
  if (cls === 'oco') {
    if (style.type !== 'limit' || !sl || tp) throw new OrderRejectedError(`${what}: an OCO order is a limit take-profit with one stop-loss leg`);
  } else {
    if (style.type !== 'market' && style.type !== 'limit') throw new OrderRejectedError(`${what}: the entry of a bracket or OTO order is a market or limit order`);
    if (cls === 'bracket' && (!tp || !sl)) throw new OrderRejectedError(`${what}: a bracket needs both a take-profit and a stop-loss`);
    if (cls === 'oto' && (!tp) === (!sl)) throw new OrderRejectedError(`${what}: an OTO order has exactly one leg (take-profit or stop-loss)`);
    if (cls === 'simple') throw new OrderRejectedError(`${what}: legs need order class bracket, oto or oco`);
  }
  const takeProfit = tp?.limitPrice ?? (cls === 'oco' && style.type === 'limit' ? style.limitPrice : undefined);
  if (tp && !positive(tp.limitPrice)) throw new OrderRejectedError(`${what}: the take-profit limit must be a positive number`);
  if (sl && (!positive(sl.stopPrice) || (sl.limitPrice !== undefined && !positive(sl.limitPrice)))) {
    throw new OrderRejectedError(`${what}: the stop-loss prices must be positive numbers`);
  }
  // The exits sell a long entry (amount > 0) and buy back a short one; an OCO is itself the exit.
  const exitSells = cls === 'oco' ? amount < 0 : amount > 0;
  if (takeProfit !== undefined && sl && (exitSells ? takeProfit <= sl.stopPrice : takeProfit >= sl.stopPrice)) {
    throw new OrderRejectedError(`${what}: the take-profit ${takeProfit} must be ${exitSells ? 'above' : 'below'} the stop-loss ${sl.stopPrice}`);
  }
  if (sl?.limitPrice !== undefined && (exitSells ? sl.limitPrice > sl.stopPrice : sl.limitPrice < sl.stopPrice)) {
    throw new OrderRejectedError(`${what}: the stop-loss limit ${sl.limitPrice} must be ${exitSells ? 'at or below' : 'at or above'} its stop ${sl.stopPrice}`);
  }
}

/** The style of the stop-loss leg. */
export function stopLossStyle(sl: NonNullable<OrderLegs['stopLoss']>): OrderStyle {
  return sl.limitPrice === undefined ? { type: 'stop', stopPrice: sl.stopPrice } : { type: 'stop_limit', stopPrice: sl.stopPrice, limitPrice: sl.limitPrice };
}

/** An exit leg of `parent`: `amount` shares (signed), `style`, id `<parent id>-<suffix>`, created at `dt`. */
export function legOrder(parent: Order, suffix: 'tp' | 'sl', amount: number, style: OrderStyle, dt: number): Order {
  const id = `${parent.id}-${suffix}`;
  return {
    id, clientOrderId: id, asset: parent.asset, amount, filled: 0, status: 'open', style,
    limitPrice: style.type === 'limit' || style.type === 'stop_limit' ? style.limitPrice : null,
    stopPrice: style.type === 'stop' || style.type === 'stop_limit' ? style.stopPrice : null,
    stopReached: false, createdAt: dt, updatedAt: dt, commission: 0, reason: null, parentId: parent.id,
  };
}

/** The exit legs of a bracket or OTO entry that filled `filled` shares (signed), created at `dt`. */
export function exitLegs(parent: Order, filled: number, dt: number): Order[] {
  const legs = parent.style.legs;
  if (!legs || filled === 0) return [];
  const out: Order[] = [];
  if (legs.takeProfit) out.push(legOrder(parent, 'tp', -filled, { type: 'limit', limitPrice: legs.takeProfit.limitPrice }, dt));
  if (legs.stopLoss) out.push(legOrder(parent, 'sl', -filled, stopLossStyle(legs.stopLoss), dt));
  return out;
}

/**
 * Moves a trailing stop after a bar that did not trigger it: the watermark follows the bar's high
 * (sell) or low (buy); the stop never moves against the order. Returns the new watermark.
 */
export function trailAfterBar(order: Order, mark: number, bar: { high: number; low: number }): number {
  const style = order.style;
  if (style.type !== 'trailing_stop') return mark;
  const buy = order.amount > 0;
  const next = buy ? Math.min(mark, bar.low) : Math.max(mark, bar.high);
  if (Number.isFinite(next) && next !== mark) order.stopPrice = trailingStopPrice(style, buy, next);
  return Number.isFinite(next) ? next : mark;
}
