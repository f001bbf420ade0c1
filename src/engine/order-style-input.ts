import type { OrderStyle, OrderStyleInput, OrderType } from '../model/order.js';

/** Keys any style may carry besides its type and prices. */
const EXTRAS = ['legs', 'orderClass'];
/** The price keys each style type takes (all of them; a trailing stop takes exactly one). */
const PRICE_KEYS: Record<OrderType, readonly string[]> = {
  market: [],
  limit: ['limitPrice'],
  stop: ['stopPrice'],
  stop_limit: ['limitPrice', 'stopPrice'],
  trailing_stop: ['trailPrice', 'trailPercent'],
};
/** Price keys a style needs present. */
const REQUIRED: Record<OrderType, readonly string[]> = { ...PRICE_KEYS, trailing_stop: [] };

const describe = (style: object) => JSON.stringify(style);

/**
 * The order style a `ctx.order*` call asked for: a style with a `type` as given; one without a
 * type inferred from its prices as zipline's `order(limit_price=, stop_price=)` does (limit,
 * stop, stop-limit when both, market when neither). Throws `TypeError` (one line) for a style
 * whose type is unknown, that lacks a price its type needs, carries a price its type does not
 * take (`{ type: 'market', limitPrice }`) or has an unknown key (a misspelt `limitprice`), so a
 * mistyped style can never silently become a market order.
 */
export function resolveOrderStyle(input: OrderStyleInput): OrderStyle {
  if (input === null || typeof input !== 'object') {
    throw new TypeError(`order style must be an object such as limit(10) or { limitPrice: 10 }, got ${String(input)}`);
  }
  const given = input as Record<string, unknown>;
  const has = (key: string) => given[key] !== undefined;
  const declared = given['type'];
  let type: OrderType;
  if (declared === undefined) {
    type = has('limitPrice') ? (has('stopPrice') ? 'stop_limit' : 'limit') : has('stopPrice') ? 'stop' : 'market';
  } else if (typeof declared === 'string' && Object.hasOwn(PRICE_KEYS, declared)) {
    type = declared as OrderType;
  } else {
    throw new TypeError(`order style ${describe(input)}: unknown type ${JSON.stringify(declared)}; use one of ${Object.keys(PRICE_KEYS).join(', ')}`);
  }
  const allowed = new Set(['type', ...EXTRAS, ...(declared === undefined ? ['limitPrice', 'stopPrice'] : PRICE_KEYS[type])]);
  for (const key of Object.keys(given)) {
    if (allowed.has(key)) continue;
    const known = key === 'limitPrice' || key === 'stopPrice' || key === 'trailPrice' || key === 'trailPercent';
    throw new TypeError(known
      ? `order style ${describe(input)}: a ${type} order takes no ${key}; drop it or change the type`
      : `order style ${describe(input)}: unknown key "${key}"; a style takes type, limitPrice, stopPrice, trailPrice, trailPercent, legs and orderClass`);
  }
  const missing = REQUIRED[type].filter((key) => !has(key));
  if (missing.length > 0) throw new TypeError(`order style ${describe(input)}: a ${type} order needs ${missing.join(' and ')}`);
  return declared === undefined ? { ...input, type } as OrderStyle : input as OrderStyle;
}
