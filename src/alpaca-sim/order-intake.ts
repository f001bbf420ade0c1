import { OrderRejectedError } from '../core/errors.js';
import type { Asset } from '../model/asset.js';
import type { OrderClass, OrderStyle } from '../model/order.js';
import { validateStyleExtras } from '../sim/order-legs.js';
import { formatDecimal, orderRequestFromWire, styleFromWire, type AlpacaOrderRequest } from '../adapters/alpaca/parse.js';
import { CODE_FORBIDDEN, CODE_INVALID, validateOrder, type RuleOpenOrder } from '../adapters/alpaca/rules.js';
import { OrderRequestWire } from '../adapters/alpaca/wire/trading.js';
import { VenueError } from './venue-error.js';

/** What the venue knows when it checks a new order. */
export interface IntakeContext {
  assetOf(symbol: string): Asset | undefined;
  isTradable(asset: Asset): boolean;
  positionQty(asset: Asset): number;
  openOrders(): readonly RuleOpenOrder[];
  isDuplicate(clientOrderId: string): boolean;
  /** Last trade price (NaN before the first bar). */
  price(asset: Asset): number;
  buyingPower(): number;
  /** Minutes since midnight New York time, now. */
  venueMinuteOfDay(): number;
}

/** An accepted order request with its asset and quantity resolved. */
export interface OrderIntake extends AlpacaOrderRequest {
  readonly asset: Asset;
  /** Shares; for a notional order, the notional at the current price. */
  readonly shares: number;
}

const invalid = (message: string): VenueError => new VenueError(422, CODE_INVALID, message);

/** Parses a POST /v2/orders body (422 with the first problem when it does not match the schema). */
export function parseOrderBody(body: unknown): AlpacaOrderRequest {
  const parsed = OrderRequestWire.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`invalid order request: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim());
  }
  const r = orderRequestFromWire(parsed.data);
  const tp = r.legs?.takeProfit, sl = r.legs?.stopLoss;
  checkDecimals({
    qty: r.qty, notional: r.notional, limit_price: r.limitPrice, stop_price: r.stopPrice, trail_price: r.trailPrice, trail_percent: r.trailPercent,
    'take_profit.limit_price': tp?.limitPrice ?? null, 'stop_loss.stop_price': sl?.stopPrice ?? null, 'stop_loss.limit_price': sl?.limitPrice ?? null,
  });
  if (r.orderClass === 'oco' && tp) {
    // An OCO is its take-profit limit order (price from take_profit) with the stop-loss as its one leg.
    return { ...r, symbol: r.symbol.toUpperCase(), limitPrice: r.limitPrice ?? tp.limitPrice, legs: sl ? { stopLoss: sl } : {} };
  }
  return { ...r, symbol: r.symbol.toUpperCase() };
}

/** Largest quantity or price the venue accepts (beyond it, cost and cash arithmetic lose meaning). */
export const MAX_DECIMAL = 1e12;

/** 422 for a decimal field that is not a number, not finite, or out of range (absent fields pass). */
export function checkDecimals(fields: Record<string, number | null>): void {
  for (const [name, v] of Object.entries(fields)) {
    if (v === null) continue;
    if (Number.isNaN(v)) throw invalid(`invalid ${name}: not a decimal number`);
    if (!Number.isFinite(v) || Math.abs(v) > MAX_DECIMAL) throw invalid(`invalid ${name}: out of range (at most ${MAX_DECIMAL})`);
  }
}

function unsupported(r: AlpacaOrderRequest): string | null {
  if (r.timeInForce === 'fok') return 'time_in_force fok is not supported by the simulator';
  if (r.orderClass === 'mleg') return 'order_class mleg (options) is not supported by the simulator';
  return null;
}

/**
 * Alpaca's rules for trailing stops and orders with legs (the simulated broker's, plus: legs only
 * with a bracket/OTO/OCO class, such orders DAY or GTC, not notional, not extended hours).
 */
function complexOrderProblem(r: AlpacaOrderRequest, asset: Asset): string | null {
  const cls = r.orderClass === '' ? 'simple' : r.orderClass;
  const legs = r.legs;
  if (cls === 'simple' && legs) return 'take_profit and stop_loss need order_class bracket, oto or oco';
  if (cls !== 'simple') {
    if (r.timeInForce !== 'day' && r.timeInForce !== 'gtc') return `${cls} orders must be day or gtc`;
    if (r.notional !== null) return `${cls} orders need a qty, not a notional`;
    if (r.extendedHours) return `${cls} orders cannot be extended hours`;
  }
  if (cls === 'simple' && r.type !== 'trailing_stop') return null;
  const style: OrderStyle = r.type === 'trailing_stop'
    ? (r.trailPrice !== null ? { type: 'trailing_stop', trailPrice: r.trailPrice } : { type: 'trailing_stop', trailPercent: r.trailPercent ?? undefined })
    : { ...styleFromWire(r.type, r.limitPrice, r.stopPrice), orderClass: cls as OrderClass, ...(legs ? { legs } : {}) };
  try {
    validateStyleExtras({ asset, amount: (r.side === 'sell' ? -1 : 1) * (r.qty ?? 1), style, clientOrderId: '' });
  } catch (err) {
    if (err instanceof OrderRejectedError) return err.message.replace(/^.*?: /, '');
    throw err;
  }
  return null;
}

/** Alpaca's opg/cls submission windows (ET): opg refused 9:28–19:00, cls refused 15:50–19:00. */
function auctionWindow(r: AlpacaOrderRequest, minuteOfDay: number): string | null {
  if (r.timeInForce === 'opg' && minuteOfDay >= 9 * 60 + 28 && minuteOfDay < 19 * 60) {
    return 'opg orders are accepted only before 9:28 a.m. or after 7:00 p.m. ET';
  }
  if (r.timeInForce === 'cls' && minuteOfDay >= 15 * 60 + 50 && minuteOfDay < 19 * 60) {
    return 'cls orders are accepted only before 3:50 p.m. or after 7:00 p.m. ET';
  }
  return null;
}

/** The cash an order would commit: the part that opens or grows a position, at its limit or the last price. */
export function openingCost(side: 'buy' | 'sell', shares: number, positionQty: number, price: number): number {
  const opening = side === 'buy' ? (positionQty >= 0 ? shares : Math.max(0, shares + positionQty)) : (positionQty <= 0 ? shares : Math.max(0, shares - positionQty));
  return opening * price;
}

/**
 * Checks a new order the way Alpaca does: schema, unique client_order_id (also after the first
 * one was cancelled), the venue rules of `rules.ts` (tradable, sub-penny, notional, fractional,
 * extended hours, qty available / no flip, wash trade), opg/cls windows, and buying power.
 * Throws `VenueError` with Alpaca's status, code and message.
 */
export function checkOrder(r: AlpacaOrderRequest, ctx: IntakeContext): OrderIntake {
  if (r.clientOrderId !== null && ctx.isDuplicate(r.clientOrderId)) throw invalid('client_order_id must be unique');
  const why = unsupported(r);
  if (why) throw invalid(why);
  const asset = ctx.assetOf(r.symbol);
  const positionQty = asset ? ctx.positionQty(asset) : 0;
  const violation = validateOrder(r, {
    asset: asset && { tradable: ctx.isTradable(asset), fractionable: asset.fractionable, shortable: true },
    positionQty,
    openOrders: ctx.openOrders(),
  });
  if (violation) throw new VenueError(violation.status, violation.code, violation.message);
  const complex = complexOrderProblem(r, asset!);
  if (complex) throw invalid(complex);
  const window = auctionWindow(r, ctx.venueMinuteOfDay());
  if (window) throw invalid(window);
  const last = ctx.price(asset!);
  let shares = r.qty ?? 0;
  if (r.notional !== null) {
    if (!Number.isFinite(last)) throw invalid(`notional order for ${r.symbol}: no price yet; use qty`);
    shares = Math.floor((r.notional / last) * 1e9) / 1e9;
  }
  const refPrice = r.type === 'limit' || r.type === 'stop_limit' ? r.limitPrice! : r.type === 'stop' ? Math.max(r.stopPrice!, Number.isFinite(last) ? last : 0) : last;
  const cost = Number.isFinite(refPrice) ? openingCost(r.side, shares, positionQty, refPrice) : 0;
  const power = ctx.buyingPower();
  if (cost > power + 1e-9) {
    throw new VenueError(403, CODE_FORBIDDEN, 'insufficient buying power', {
      buying_power: formatDecimal(Math.max(0, power)),
      cost_basis: formatDecimal(Math.round(cost * 100) / 100),
    });
  }
  return { ...r, asset: asset!, shares };
}
