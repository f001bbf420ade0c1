/** Trading days per year used to annualise daily figures (empyrical's `DAILY` factor). */
export const TRADING_DAYS_PER_YEAR = 252;

/** Mean of the non-NaN values (NaN when there are none), like numpy's `nanmean`. */
export function nanMean(xs: ArrayLike<number>): number {
  let s = 0, n = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (!Number.isNaN(x)) { s += x; n++; }
  }
  return n === 0 ? NaN : s / n;
}

/** Standard deviation of the non-NaN values with `ddof` degrees of freedom, like `nanstd`. */
export function nanStd(xs: ArrayLike<number>, ddof: number): number {
  const m = nanMean(xs);
  let ss = 0, n = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (!Number.isNaN(x)) { ss += (x - m) * (x - m); n++; }
  }
  return n - ddof <= 0 ? NaN : Math.sqrt(ss / (n - ddof));
}

/** A Float64Array copy of `xs` (shared as-is when it already is one). */
export function asFloat64(xs: ArrayLike<number>): Float64Array {
  return xs instanceof Float64Array ? xs : Float64Array.from(xs);
}
