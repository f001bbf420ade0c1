import { formatDecimal, type AlpacaOrderRequest } from './parse.js';

/**
 * Alpaca's order rules as a pure value: the client checks a request before sending it, and the
 * simulated venue answers with the same codes and messages. Codes and messages quoted in the
 * protocol reference are used verbatim; rules the reference states without a message use
 * Alpaca's generic validation code 40010001 (HTTP 422).
 */

/** Why Alpaca refuses an order: HTTP status, Alpaca code, message. */
export interface OrderRuleViolation {
  readonly status: 403 | 422;
  readonly code: number;
  readonly message: string;
}

/** What the venue knows about the asset of an order. */
export interface RuleAsset {
  readonly tradable: boolean;
  readonly fractionable: boolean;
  readonly shortable?: boolean;
}

/** An open order of the account, as far as the rules need it. */
export interface RuleOpenOrder {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  /** Unfilled quantity (positive). */
  readonly remainingQty: number;
}

/** The account state an order is checked against. */
export interface OrderRuleContext {
  /** The asset, or undefined when the venue does not know the symbol. */
  readonly asset: RuleAsset | undefined;
  /** Signed position in the symbol before the order (0 when flat; null when unknown: position rules are skipped). */
  readonly positionQty: number | null;
  /** Open orders of the account (all symbols; the rules filter). */
  readonly openOrders: readonly RuleOpenOrder[];
}

/** Alpaca's generic invalid-request code. */
export const CODE_INVALID = 40010001;
/** Alpaca's code for requests its order rules refuse (sub-penny, not tradable, …). */
export const CODE_UNPROCESSABLE = 42210000;
/** Alpaca's code for forbidden orders (buying power, qty available, wash trade). */
export const CODE_FORBIDDEN = 40310000;

const EPS = 1e-9;
const invalid = (message: string): OrderRuleViolation => ({ status: 422, code: CODE_INVALID, message });
const unprocessable = (message: string): OrderRuleViolation => ({ status: 422, code: CODE_UNPROCESSABLE, message });
const forbidden = (message: string): OrderRuleViolation => ({ status: 403, code: CODE_FORBIDDEN, message });

/** Decimal places Alpaca allows in a price: 2 at or above $1, 4 below. */
export function priceDecimals(price: number): number {
  return Math.abs(price) >= 1 ? 2 : 4;
}

/** True when `price` has no more decimals than Alpaca allows for it. */
export function isValidPriceIncrement(price: number): boolean {
  const f = 10 ** priceDecimals(price);
  const scaled = price * f;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

function isWhole(x: number): boolean {
  return Math.abs(x - Math.round(x)) < EPS;
}

function structure(r: AlpacaOrderRequest): OrderRuleViolation | null {
  if ((r.qty === null) === (r.notional === null)) return invalid('qty or notional is required (exactly one)');
  if (r.qty !== null && !(r.qty > 0)) return invalid('qty must be > 0');
  if (r.notional !== null && !(r.notional > 0)) return invalid('notional must be > 0');
  if ((r.type === 'limit' || r.type === 'stop_limit') && r.limitPrice === null) return invalid(`limit_price is required for ${r.type} orders`);
  if ((r.type === 'stop' || r.type === 'stop_limit') && r.stopPrice === null) return invalid(`stop_price is required for ${r.type} orders`);
  if (r.type === 'trailing_stop' && (r.trailPrice === null) === (r.trailPercent === null)) {
    return invalid('trailing_stop orders require exactly one of trail_price or trail_percent');
  }
  for (const [name, p] of [['limit_price', r.limitPrice], ['stop_price', r.stopPrice]] as const) {
    if (p !== null && !(p > 0)) return invalid(`${name} must be > 0`);
  }
  return null;
}

function subPenny(r: AlpacaOrderRequest): OrderRuleViolation | null {
  for (const [name, p] of [['limit_price', r.limitPrice], ['stop_price', r.stopPrice]] as const) {
    if (p !== null && !isValidPriceIncrement(p)) {
      return unprocessable(`invalid ${name} ${formatDecimal(p)}. sub-penny increment does not fulfill minimum pricing criteria`);
    }
  }
  return null;
}

function exempt(r: AlpacaOrderRequest): boolean {
  return r.type === 'trailing_stop' || r.orderClass === 'bracket' || r.orderClass === 'oco' || r.orderClass === 'oto';
}

/** The rules, in the order Alpaca applies them. Each returns a violation or null. */
export const ORDER_RULES: readonly ((r: AlpacaOrderRequest, c: OrderRuleContext) => OrderRuleViolation | null)[] = [
  (r) => structure(r),
  (r, c) => (c.asset === undefined || !c.asset.tradable ? unprocessable(`asset "${r.symbol}" is not tradable`) : null),
  (r) => subPenny(r),
  (r) => (r.notional !== null && (r.type !== 'market' || r.timeInForce !== 'day')
    ? invalid('notional orders are only allowed for market orders with time_in_force day')
    : null),
  (r, c) => {
    const fractional = r.notional !== null || (r.qty !== null && !isWhole(r.qty));
    if (!fractional) return null;
    if (!c.asset?.fractionable) return unprocessable(`asset "${r.symbol}" is not fractionable`);
    if (c.positionQty === null) return null;
    const short = r.side === 'sell' && (r.qty === null ? c.positionQty <= 0 : c.positionQty + EPS < r.qty);
    return short ? forbidden('fractional orders cannot be sold short') : null;
  },
  (r) => (r.extendedHours && r.type !== 'limit' ? invalid('extended hours order must be DAY limit orders') : null),
  (r, c) => {
    if (r.qty === null || !c.positionQty) return null;
    const closing = (c.positionQty > 0 && r.side === 'sell') || (c.positionQty < 0 && r.side === 'buy');
    if (!closing) return null;
    const held = c.openOrders
      .filter((o) => o.symbol === r.symbol && o.side === r.side)
      .reduce((s, o) => s + o.remainingQty, 0);
    const available = Math.max(0, Math.abs(c.positionQty) - held);
    return r.qty > available + EPS
      ? forbidden(`insufficient qty available for order (requested: ${formatDecimal(r.qty)}, available: ${formatDecimal(available)})`)
      : null;
  },
  (r, c) => (!exempt(r) && c.openOrders.some((o) => o.symbol === r.symbol && o.side !== r.side)
    ? forbidden('potential wash trade detected. use complex orders')
    : null),
];

/**
 * Checks an order request against Alpaca's rules: sub-penny prices, notional only market/day,
 * fractional only for fractionable assets and never short, extended hours only limit, no
 * long↔short flip in one order (Alpaca answers it as insufficient qty available), no order
 * against an open opposite-side order in the symbol (wash trade). Returns the first violation
 * (status, Alpaca code, message) or null when Alpaca would accept it.
 */
export function validateOrder(request: AlpacaOrderRequest, context: OrderRuleContext): OrderRuleViolation | null {
  for (const rule of ORDER_RULES) {
    const v = rule(request, context);
    if (v) return v;
  }
  return null;
}
