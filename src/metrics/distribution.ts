import { asFloat64, TRADING_DAYS_PER_YEAR } from './stats.js';
import { alphaBeta } from './risk.js';

/** The finite values of `xs`, sorted ascending. */
function sortedFinite(xs: ArrayLike<number>): Float64Array {
  return Float64Array.from(Array.from(xs).filter(Number.isFinite)).sort();
}

/**
 * The `p`-th percentile (0–100) with linear interpolation between closest ranks (numpy's
 * default `np.percentile`); NaN for no values.
 */
export function percentile(xs: ArrayLike<number>, p: number): number {
  const s = sortedFinite(xs);
  if (s.length === 0) return NaN;
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank), hi = Math.ceil(rank);
  return s[lo]! + (s[hi]! - s[lo]!) * (rank - lo);
}

/** Central moments m2, m3, m4 (divided by n) and n of the finite values. */
function moments(xs: ArrayLike<number>): { n: number; m2: number; m3: number; m4: number } {
  const v = sortedFinite(xs);
  const n = v.length;
  let mean = 0;
  for (const x of v) mean += x;
  mean /= n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (const x of v) {
    const d = x - mean, d2 = d * d;
    m2 += d2; m3 += d2 * d; m4 += d2 * d2;
  }
  return { n, m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

/**
 * Sample skewness, bias-adjusted (pandas' `Series.skew`, which QuantStats reports):
 * `√(n(n−1)) / (n−2) · m3 / m2^1.5`; NaN with fewer than 3 values or no spread.
 */
export function skew(returns: ArrayLike<number>): number {
  const { n, m2, m3 } = moments(returns);
  if (n < 3 || m2 === 0) return NaN;
  return (Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
}

/**
 * Excess kurtosis, bias-adjusted (pandas' `Series.kurt`, as QuantStats):
 * `(n−1) / ((n−2)(n−3)) · ((n+1)·(m4/m2² − 3) + 6)`; NaN with fewer than 4 values or no spread.
 */
export function kurtosis(returns: ArrayLike<number>): number {
  const { n, m2, m4 } = moments(returns);
  if (n < 4 || m2 === 0) return NaN;
  return ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * (m4 / (m2 * m2) - 3) + 6);
}

/** |95th percentile| / |5th percentile| of the returns (empyrical's `tail_ratio`). */
export function tailRatio(returns: ArrayLike<number>): number {
  const r = Math.abs(percentile(returns, 95)) / Math.abs(percentile(returns, 5));
  return Number.isFinite(r) ? r : NaN;
}

/** Historical value at risk: the `cutoff` quantile of the returns (empyrical's `value_at_risk`, 5 % by default). */
export function valueAtRisk(returns: ArrayLike<number>, cutoff = 0.05): number {
  return percentile(returns, 100 * cutoff);
}

/** Expected shortfall: the mean of the returns at or below the `cutoff` VaR (empyrical's `conditional_value_at_risk`). */
export function conditionalValueAtRisk(returns: ArrayLike<number>, cutoff = 0.05): number {
  const cut = valueAtRisk(returns, cutoff);
  let s = 0, n = 0;
  for (const x of sortedFinite(returns)) if (x <= cut) { s += x; n++; }
  return n === 0 ? NaN : s / n;
}

/** Beta over each trailing `window` of returns against the benchmark (NaN for the first `window − 1`). */
export function rollingBeta(returns: ArrayLike<number>, benchmark: ArrayLike<number>, window: number, periods = TRADING_DAYS_PER_YEAR): Float64Array {
  if (!Number.isInteger(window) || window < 2) throw new RangeError(`rolling window must be an integer ≥ 2, got ${window}`);
  const r = asFloat64(returns), b = asFloat64(benchmark);
  const out = new Float64Array(r.length).fill(NaN);
  for (let i = window - 1; i < r.length; i++) out[i] = alphaBeta(r.subarray(i - window + 1, i + 1), b.subarray(i - window + 1, i + 1), periods).beta;
  return out;
}

/** Counts of values per bin. */
export interface Histogram {
  /** `bins + 1` edges, ascending: bin k holds `edges[k] ≤ x < edges[k+1]` (the last bin includes its right edge). */
  edges: number[];
  counts: number[];
}

/** A histogram of the finite values in `bins` equal-width bins over their range (numpy's `histogram`). */
export function histogram(xs: ArrayLike<number>, bins: number): Histogram {
  const v = sortedFinite(xs);
  if (v.length === 0 || bins < 1) return { edges: [], counts: [] };
  let lo = v[0]!, hi = v[v.length - 1]!;
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => lo + k * width);
  const counts = new Array<number>(bins).fill(0);
  for (const x of v) counts[Math.min(bins - 1, Math.floor((x - lo) / width))]!++;
  return { edges, counts };
}
