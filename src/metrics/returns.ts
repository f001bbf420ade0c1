import { TRADING_DAYS_PER_YEAR } from './stats.js';

/**
 * Daily returns of a portfolio-value series: `r_t = PV_t / PV_{t-1} − 1`, the first day against
 * `startingCash`.
 */
export function dailyReturns(values: ArrayLike<number>, startingCash: number): Float64Array {
  const out = new Float64Array(values.length);
  let prev = startingCash;
  for (let i = 0; i < values.length; i++) {
    out[i] = values[i]! / prev - 1;
    prev = values[i]!;
  }
  return out;
}

/** Growth of 1 unit over the series, `∏(1 + r)`; NaN returns count as 0. */
export function cumulativeWealth(returns: ArrayLike<number>): number {
  let w = 1;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i]!;
    if (!Number.isNaN(r)) w *= 1 + r;
  }
  return w;
}

/** Total compounded return `∏(1 + r) − 1` (NaN for an empty series). */
export function cumulativeReturn(returns: ArrayLike<number>): number {
  return returns.length === 0 ? NaN : cumulativeWealth(returns) - 1;
}

/** Compound annual growth rate, empyrical's `annual_return`: `(∏(1 + r))^(252 / n) − 1`. */
export function annualReturn(returns: ArrayLike<number>, periods = TRADING_DAYS_PER_YEAR): number {
  const n = returns.length;
  return n === 0 ? NaN : cumulativeWealth(returns) ** (periods / n) - 1;
}
