import { limitPriceOf, stopPriceOf, type OrderRequest } from '../../model/order.js';
import type { BrokerageAccountView, BrokerageModel } from '../../ports/brokerage-model.js';

/** One market's trading rules as ccxt's unified market structure states them (tick-size precision). */
export interface MarketRules {
  readonly symbol: string;
  readonly quote: string;
  /** Amount step (ccxt `precision.amount` in TICK_SIZE mode), e.g. 0.00001. */
  readonly amountStep: number;
  /** Price tick (ccxt `precision.price`), e.g. 0.01. */
  readonly priceTick: number;
  /** Minimum amount (`limits.amount.min`), 0 when none. */
  readonly minAmount: number;
  /** Minimum notional in the quote currency (`limits.cost.min`), 0 when none. */
  readonly minNotional: number;
}

/** The part of a ccxt market these rules read. */
export interface CcxtMarketLike {
  readonly symbol: string;
  readonly quote: string;
  readonly precision: { readonly amount?: number | undefined; readonly price?: number | undefined };
  readonly limits: { readonly amount?: { readonly min?: number | undefined }; readonly cost?: { readonly min?: number | undefined } };
}

/**
 * A ccxt market's rules. `decimalPlaces`: the exchange's `precisionMode` is DECIMAL_PLACES, so
 * precision counts digits (4 → a step of 0.0001) rather than being the step itself.
 */
export function marketRules(m: CcxtMarketLike, decimalPlaces = false): MarketRules {
  const step = (p: number | undefined): number => (p === undefined ? 0 : decimalPlaces ? Number((10 ** -p).toFixed(p)) : p);
  return { symbol: m.symbol, quote: m.quote, amountStep: step(m.precision.amount), priceTick: step(m.precision.price), minAmount: m.limits.amount?.min ?? 0, minNotional: m.limits.cost?.min ?? 0 };
}

/** Digits after the point of a step such as 0.00001 (5). */
const digitsOf = (step: number): number => Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));

/** `x` truncated toward zero to a multiple of `step` (ccxt's `amountToPrecision`, TRUNCATE); `step` 0 keeps `x`. */
export function truncateToStep(x: number, step: number): number {
  if (!(step > 0)) return x;
  const n = Math.trunc(Math.abs(x) / step + 1e-9);
  return Math.sign(x) * Number((n * step).toFixed(digitsOf(step)));
}

/** True when `x` is a whole number of `step`s (within float noise). */
function onStep(x: number, step: number): boolean {
  if (!(step > 0)) return true;
  const k = Math.abs(x) / step;
  return Math.abs(k - Math.round(k)) <= 1e-9 * Math.max(1, k);
}

/** Why the market would refuse `request` (one line), or null. */
export function marketRefusal(rules: MarketRules, request: OrderRequest, account: Pick<BrokerageAccountView, 'price'>): string | null {
  const amount = Math.abs(request.amount);
  if (!onStep(amount, rules.amountStep)) {
    return `amount ${amount} is not a multiple of ${rules.symbol}'s step ${rules.amountStep}; round it, e.g. to ${Math.abs(truncateToStep(amount, rules.amountStep))}`;
  }
  if (amount < rules.minAmount) return `amount ${amount} is below ${rules.symbol}'s minimum ${rules.minAmount}`;
  for (const [what, p] of [['limit', limitPriceOf(request.style)], ['stop', stopPriceOf(request.style)]] as const) {
    if (p !== null && !onStep(p, rules.priceTick)) return `${what} price ${p} is not a multiple of ${rules.symbol}'s tick ${rules.priceTick}; round it, e.g. to ${truncateToStep(p, rules.priceTick)}`;
  }
  const price = limitPriceOf(request.style) ?? account.price;
  if (price !== undefined && amount * price < rules.minNotional) {
    return `notional ${amount} × ${price} = ${Number((amount * price).toPrecision(8))} ${rules.quote} is below ${rules.symbol}'s minimum ${rules.minNotional} ${rules.quote}`;
  }
  return null;
}

/**
 * An exchange's spot markets as a brokerage model: amounts on the market's step and at least its
 * minimum, limit and stop prices on its tick, the value (limit price, else the last price) at
 * least the minimum notional. A symbol the exchange does not list is refused.
 */
export function ccxtBrokerageModel(name: string, markets: readonly MarketRules[]): BrokerageModel {
  const bySymbol = new Map(markets.map((m) => [m.symbol, m]));
  return {
    name,
    check(request, account) {
      const rules = bySymbol.get(request.asset.symbol);
      if (!rules) return `${name} lists no market ${request.asset.symbol}`;
      return marketRefusal(rules, request, account);
    },
  };
}
