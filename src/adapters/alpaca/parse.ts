import { localDay, dayNumber, DAY_MS } from '../../core/time.js';
import type { BrokerAccount } from '../../model/account.js';
import type { Asset } from '../../model/asset.js';
import type { Bar } from '../../model/bar.js';
import { limitPriceOf, stopPriceOf, type Order, type OrderLegs, type OrderRequest, type OrderStatus, type OrderStyle } from '../../model/order.js';
import type { Position } from '../../model/position.js';
import type { LiveBar } from '../../ports/live-feed.js';
import { AlpacaPayloadError } from './errors.js';
import { VENUE_TZ } from './config.js';
import type { AccountWire, ClockWire, OrderRequestWire, OrderWire, PositionWire } from './wire/trading.js';
import type { BarWire } from './wire/market-data.js';
import type { StreamBarMessageWire, TradeUpdateWire } from './wire/streams.js';

/**
 * Conversions between Alpaca's wire payloads and our model. Decimal strings become numbers here
 * and nowhere else; numbers become decimal strings here and nowhere else.
 */

type WireDecimal = string | number | null | undefined;

/** A wire decimal as a number (NaN for a malformed string); null/absent stay null. */
export function decimalOrNull(x: WireDecimal): number | null {
  if (x === null || x === undefined || x === '') return null;
  return typeof x === 'number' ? x : Number(x);
}

/** A wire decimal as a number; null/absent → `fallback`. */
export function decimal(x: WireDecimal, fallback = 0): number {
  return decimalOrNull(x) ?? fallback;
}

/** A number as an Alpaca decimal string: plain notation, at most 9 decimals, no float noise. */
export function formatDecimal(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot send ${x} as a decimal`);
  const s = x.toFixed(9).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

/** RFC 3339 (nanoseconds allowed, any offset) → epoch ms; null/absent → null. */
export function timeOrNull(s: string | null | undefined): number | null {
  if (!s) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : ms;
}

/** GET /v2/clock as epoch ms. */
export interface BrokerClockReading {
  /** The broker's now. */
  readonly timestamp: number;
  readonly isOpen: boolean;
  readonly nextOpen: number;
  readonly nextClose: number;
}

/** A /v2/clock answer as epoch ms; an unreadable timestamp is a payload error. */
export function clockFromWire(w: ClockWire): BrokerClockReading {
  const at = (field: keyof ClockWire & string, s: string): number => {
    const ms = timeOrNull(s);
    if (ms === null) throw new AlpacaPayloadError('GET /v2/clock', `${field} '${s}' is not an RFC 3339 time`);
    return ms;
  };
  return { timestamp: at('timestamp', w.timestamp), isOpen: w.is_open, nextOpen: at('next_open', w.next_open), nextClose: at('next_close', w.next_close) };
}

/** Order statuses Alpaca documents (reference §1.2). */
export const ALPACA_ORDER_STATUSES: ReadonlySet<string> = new Set([
  'new', 'partially_filled', 'filled', 'done_for_day', 'canceled', 'expired', 'replaced', 'pending_cancel',
  'pending_replace', 'accepted', 'pending_new', 'accepted_for_bidding', 'stopped', 'rejected', 'suspended',
  'calculated', 'held',
]);

/**
 * Our status for an Alpaca status. `pending_new` → pending; `canceled` and `replaced` →
 * cancelled; `filled`, `expired`, `rejected` as named; every other live status (new, accepted,
 * held, done_for_day, pending_cancel, …) and any unknown one → open, or partially_filled once
 * something filled. `known` is false for statuses Alpaca does not document (callers log them).
 */
export function orderStatusFromWire(status: string, filledQty: number): { status: OrderStatus; known: boolean } {
  const known = ALPACA_ORDER_STATUSES.has(status);
  switch (status) {
    case 'filled': return { status: 'filled', known };
    case 'canceled':
    case 'replaced': return { status: 'cancelled', known };
    case 'expired': return { status: 'expired', known };
    case 'rejected': return { status: 'rejected', known };
    case 'pending_new': if (filledQty === 0) return { status: 'pending', known };
  }
  return { status: filledQty !== 0 ? 'partially_filled' : 'open', known };
}

/** Our order style for an Alpaca type and prices (a trailing stop is a stop at its current stop price). */
export function styleFromWire(type: string, limitPrice: number | null, stopPrice: number | null): OrderStyle {
  switch (type) {
    case 'limit': return { type: 'limit', limitPrice: limitPrice ?? NaN };
    case 'stop':
    case 'trailing_stop': return { type: 'stop', stopPrice: stopPrice ?? NaN };
    case 'stop_limit': return { type: 'stop_limit', limitPrice: limitPrice ?? NaN, stopPrice: stopPrice ?? NaN };
    default: return { type: 'market' };
  }
}

function reasonFor(w: OrderWire): string | null {
  if (w.status === 'replaced') return `replaced by ${w.replaced_by ?? 'a new order'}`;
  if (w.status === 'canceled' || w.status === 'expired' || w.status === 'rejected') return w.status;
  return null;
}

/**
 * An Alpaca order as our `Order`: signed amounts (sell → negative), cumulative `filled`,
 * commission 0 (Alpaca charges none on equities). A notional order's amount is what has filled.
 */
export function orderFromWire(w: OrderWire, asset: Asset): Order {
  const sign = w.side === 'sell' ? -1 : 1;
  const filledQty = decimal(w.filled_qty);
  const qty = decimalOrNull(w.qty) ?? filledQty;
  const limitPrice = decimalOrNull(w.limit_price);
  const stopPrice = decimalOrNull(w.stop_price);
  const style = styleFromWire(w.type, limitPrice, stopPrice);
  const createdAt = timeOrNull(w.created_at) ?? timeOrNull(w.submitted_at) ?? 0;
  return {
    id: w.id,
    clientOrderId: w.client_order_id,
    asset,
    amount: qty === 0 ? 0 : sign * qty,
    filled: filledQty === 0 ? 0 : sign * filledQty,
    status: orderStatusFromWire(w.status, filledQty).status,
    style,
    limitPrice,
    stopPrice,
    stopReached: (style.type === 'stop' || style.type === 'stop_limit') && filledQty > 0,
    createdAt,
    updatedAt: timeOrNull(w.updated_at) ?? createdAt,
    commission: 0,
    reason: reasonFor(w),
  };
}

/** An Alpaca order request with numbers instead of decimal strings (what `rules.ts` checks). */
export interface AlpacaOrderRequest {
  readonly symbol: string;
  readonly qty: number | null;
  readonly notional: number | null;
  readonly side: 'buy' | 'sell';
  readonly type: OrderRequestWire['type'];
  readonly timeInForce: OrderRequestWire['time_in_force'];
  readonly limitPrice: number | null;
  readonly stopPrice: number | null;
  readonly trailPrice: number | null;
  readonly trailPercent: number | null;
  readonly extendedHours: boolean;
  readonly clientOrderId: string | null;
  readonly orderClass: string;
  /** Legs of a bracket / OTO / OCO order (absent for a simple order). */
  readonly legs?: OrderLegs;
}

/** Time in force the broker uses for an order request. */
export type TimeInForce = OrderRequestWire['time_in_force'];

/** Our order request as Alpaca's (side from the sign, qty = |amount|). */
export function alpacaRequestFromOrder(req: OrderRequest, timeInForce: TimeInForce): AlpacaOrderRequest {
  const s = req.style;
  return {
    symbol: req.asset.symbol,
    qty: Math.abs(req.amount),
    notional: null,
    side: req.amount < 0 ? 'sell' : 'buy',
    type: s.type,
    timeInForce,
    limitPrice: limitPriceOf(s),
    stopPrice: stopPriceOf(s),
    trailPrice: s.type === 'trailing_stop' ? s.trailPrice ?? null : null,
    trailPercent: s.type === 'trailing_stop' ? s.trailPercent ?? null : null,
    extendedHours: false,
    clientOrderId: req.clientOrderId,
    orderClass: s.orderClass ?? 'simple',
    ...(s.legs ? { legs: s.legs } : {}),
  };
}

/** An order request as the POST body (decimals as strings, absent fields omitted). */
export function orderRequestToWire(r: AlpacaOrderRequest): OrderRequestWire {
  const body: OrderRequestWire = { symbol: r.symbol, side: r.side, type: r.type, time_in_force: r.timeInForce };
  if (r.qty !== null) body.qty = formatDecimal(r.qty);
  if (r.notional !== null) body.notional = formatDecimal(r.notional);
  if (r.limitPrice !== null) body.limit_price = formatDecimal(r.limitPrice);
  if (r.stopPrice !== null) body.stop_price = formatDecimal(r.stopPrice);
  if (r.trailPrice !== null) body.trail_price = formatDecimal(r.trailPrice);
  if (r.trailPercent !== null) body.trail_percent = formatDecimal(r.trailPercent);
  if (r.extendedHours) body.extended_hours = true;
  if (r.clientOrderId !== null) body.client_order_id = r.clientOrderId;
  if (r.orderClass !== 'simple' && r.orderClass !== '') body.order_class = r.orderClass as OrderRequestWire['order_class'];
  const tp = r.legs?.takeProfit ?? (r.orderClass === 'oco' && r.limitPrice !== null ? { limitPrice: r.limitPrice } : undefined), sl = r.legs?.stopLoss;
  if (tp) body.take_profit = { limit_price: formatDecimal(tp.limitPrice) };
  if (sl) body.stop_loss = { stop_price: formatDecimal(sl.stopPrice), ...(sl.limitPrice !== undefined ? { limit_price: formatDecimal(sl.limitPrice) } : {}) };
  return body;
}

/** A POST body as an order request with numbers (the simulator's side of `orderRequestToWire`). */
export function orderRequestFromWire(w: OrderRequestWire): AlpacaOrderRequest {
  return {
    symbol: w.symbol,
    qty: decimalOrNull(w.qty),
    notional: decimalOrNull(w.notional),
    side: w.side,
    type: w.type,
    timeInForce: w.time_in_force,
    limitPrice: decimalOrNull(w.limit_price),
    stopPrice: decimalOrNull(w.stop_price),
    trailPrice: decimalOrNull(w.trail_price),
    trailPercent: decimalOrNull(w.trail_percent),
    extendedHours: w.extended_hours ?? false,
    clientOrderId: w.client_order_id ?? null,
    orderClass: w.order_class || 'simple',
    ...(w.take_profit || w.stop_loss ? { legs: legsFromWire(w) } : {}),
  };
}

function legsFromWire(w: OrderRequestWire): OrderLegs {
  const tp = w.take_profit, sl = w.stop_loss;
  const slLimit = sl ? decimalOrNull(sl.limit_price) : null;
  return {
    ...(tp ? { takeProfit: { limitPrice: decimal(tp.limit_price, NaN) } } : {}),
    ...(sl ? { stopLoss: { stopPrice: decimal(sl.stop_price, NaN), ...(slLimit !== null ? { limitPrice: slLimit } : {}) } } : {}),
  };
}

/** An Alpaca position as ours (signed amount, average entry price as cost basis). */
export function positionFromWire(w: PositionWire, asset: Asset, now: number): Position {
  const amount = decimal(w.qty);
  return {
    asset,
    amount: w.side === 'short' && amount > 0 ? -amount : amount,
    costBasis: decimal(w.avg_entry_price),
    lastSalePrice: decimal(w.current_price, decimal(w.avg_entry_price)),
    lastSaleDate: now,
  };
}

/** An Alpaca account as the broker account the engine reconciles against. */
export function accountFromWire(w: AccountWire): BrokerAccount {
  return { cash: decimal(w.cash), equity: decimal(w.equity), buyingPower: decimal(w.buying_power) };
}

/**
 * Bar `ts` in our convention: minute (and hour) bars keep their opening instant; daily bars
 * (stamped at midnight New York time) become midnight UTC of their session date.
 */
export function barTime(t: string, daily: boolean): number {
  const ms = Date.parse(t);
  return daily ? dayNumber(localDay(VENUE_TZ, ms)) * DAY_MS : ms;
}

/** A historical bar as ours. */
export function barFromWire(w: BarWire, sid: number, daily: boolean): Bar {
  return { sid, ts: barTime(w.t, daily), open: w.o, high: w.h, low: w.l, close: w.c, volume: w.v };
}

/** A historical minute bar as a live bar (backfill). */
export function liveBarFromHistorical(w: BarWire, symbol: string, sid: number): LiveBar {
  return { ...barFromWire(w, sid, false), symbol, corrected: false };
}

/** A streamed `b`/`u`/`d` bar as a live bar (`u` → corrected). */
export function liveBarFromStream(w: StreamBarMessageWire, sid: number): LiveBar {
  return { ...barFromWire(w, sid, w.T === 'd'), symbol: w.S, corrected: w.T === 'u' };
}

/** A trade update with numbers: `qty`/`price` are this execution's, signed by the order side. */
export interface TradeUpdate {
  readonly event: string;
  readonly executionId: string | null;
  readonly order: OrderWire;
  /** Signed shares of this execution (fill/partial_fill), else 0. */
  readonly qty: number;
  readonly price: number | null;
  readonly positionQty: number | null;
  /** Epoch ms of the event (the order's update time when absent). */
  readonly ts: number;
}

/** A trade_updates payload as a `TradeUpdate`. */
export function tradeUpdateFromWire(w: TradeUpdateWire): TradeUpdate {
  const sign = w.order.side === 'sell' ? -1 : 1;
  return {
    event: w.event,
    executionId: w.execution_id ?? null,
    order: w.order,
    qty: decimal(w.qty) === 0 ? 0 : sign * Math.abs(decimal(w.qty)),
    price: decimalOrNull(w.price),
    positionQty: decimalOrNull(w.position_qty),
    ts: timeOrNull(w.timestamp) ?? timeOrNull(w.order.updated_at) ?? Date.now(),
  };
}
