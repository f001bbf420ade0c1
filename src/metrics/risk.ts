import { TRADING_DAYS_PER_YEAR, asFloat64, nanMean, nanStd } from './stats.js';
import { annualReturn } from './returns.js';
import { maxDrawdown } from './drawdown.js';

/**
 * Annualised volatility: `std(r, ddof=1) · √periods` (NaN for fewer than 2 returns); `periods`
 * is the number of return periods a year (252 sessions; 52 for weekly bars, 12 for monthly).
 */
export function annualVolatility(returns: ArrayLike<number>, periods = TRADING_DAYS_PER_YEAR): number {
  return returns.length < 2 ? NaN : nanStd(returns, 1) * Math.sqrt(periods);
}

/**
 * Annualised Sharpe ratio: `mean(r − rf) / std(r − rf, ddof=1) · √252`, `riskFree` per period
 * (daily). NaN for fewer than 2 returns or zero variance.
 */
export function sharpe(returns: ArrayLike<number>, riskFree = 0, periods = TRADING_DAYS_PER_YEAR): number {
  if (returns.length < 2) return NaN;
  const sd = nanStd(returns, 1);
  if (!(sd > 0)) return NaN;
  return ((nanMean(returns) - riskFree) / sd) * Math.sqrt(periods);
}

/** Annualised downside deviation below `required`: `√mean(min(r − required, 0)²) · √252`. */
export function downsideRisk(returns: ArrayLike<number>, required = 0, periods = TRADING_DAYS_PER_YEAR): number {
  if (returns.length === 0) return NaN;
  let ss = 0, n = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i]!;
    if (Number.isNaN(r)) continue;
    const d = Math.min(r - required, 0);
    ss += d * d;
    n++;
  }
  return n === 0 ? NaN : Math.sqrt(ss / n) * Math.sqrt(periods);
}

/**
 * Annualised Sortino ratio as empyrical: `mean(r − required) · 252 / downsideRisk(r, required)`.
 * NaN for fewer than 2 returns; `Infinity` when there is no downside but a positive mean.
 */
export function sortino(returns: ArrayLike<number>, required = 0, periods = TRADING_DAYS_PER_YEAR): number {
  if (returns.length < 2) return NaN;
  return ((nanMean(returns) - required) * periods) / downsideRisk(returns, required, periods);
}

/** Jensen's alpha (annualised) and beta against a benchmark. */
export interface AlphaBeta {
  alpha: number;
  beta: number;
}

/**
 * Alpha and beta as empyrical's `alpha_beta` with a zero risk-free rate, over the days where both
 * series are defined: `β = cov(r, b) / var(b)` (both population moments), `α = (1 + mean(r − β·b))^252 − 1`.
 * Both NaN for fewer than 2 paired days or a constant benchmark.
 */
export function alphaBeta(returns: ArrayLike<number>, benchmark: ArrayLike<number>, periods = TRADING_DAYS_PER_YEAR): AlphaBeta {
  const n = Math.min(returns.length, benchmark.length);
  const r: number[] = [], b: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(returns[i]!) && !Number.isNaN(benchmark[i]!)) { r.push(returns[i]!); b.push(benchmark[i]!); }
  }
  if (r.length < 2) return { alpha: NaN, beta: NaN };
  const mb = nanMean(b);
  let cov = 0, varB = 0;
  for (let i = 0; i < r.length; i++) {
    cov += (b[i]! - mb) * r[i]!;
    varB += (b[i]! - mb) ** 2;
  }
  cov /= r.length;
  varB /= r.length;
  const beta = varB < 1e-30 ? NaN : cov / varB;
  let excess = 0;
  for (let i = 0; i < r.length; i++) excess += r[i]! - beta * b[i]!;
  const alpha = (1 + excess / r.length) ** periods - 1;
  return { alpha, beta };
}

/** Calmar ratio: annual return / |max drawdown|; NaN without a drawdown. */
export function calmar(returns: ArrayLike<number>): number {
  const mdd = maxDrawdown(returns);
  return mdd < 0 ? calmarOf(annualReturn(returns), mdd) : NaN;
}

/** Calmar ratio from an annual return and a max drawdown (≤ 0) already computed; NaN without a drawdown. */
export function calmarOf(annual: number, maxDrawdown: number): number {
  if (!(maxDrawdown < 0)) return NaN;
  const c = annual / Math.abs(maxDrawdown);
  return Number.isFinite(c) ? c : NaN;
}

function rolling(returns: ArrayLike<number>, window: number, stat: (w: Float64Array) => number): Float64Array {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`rolling window must be a positive integer, got ${window}`);
  const r = asFloat64(returns);
  const out = new Float64Array(r.length).fill(NaN);
  for (let i = window - 1; i < r.length; i++) out[i] = stat(r.subarray(i - window + 1, i + 1));
  return out;
}

/** Sharpe ratio over each trailing `window` of returns (NaN for the first `window − 1` days). */
export function rollingSharpe(returns: ArrayLike<number>, window: number): Float64Array {
  return rolling(returns, window, (w) => sharpe(w));
}

/** Annualised volatility over each trailing `window` (NaN for the first `window − 1` days). */
export function rollingVolatility(returns: ArrayLike<number>, window: number): Float64Array {
  return rolling(returns, window, annualVolatility);
}
