/** Rounds toward zero to whole units (zipline rounds share amounts this way). */
export function roundTowardZero(x: number): number {
  return x < 0 ? Math.ceil(x) : Math.floor(x);
}

/**
 * Rounds shares toward zero to whole shares unless the asset trades fractional shares (after
 * removing floating-point noise, so 0.29 × 100 counts as 29 shares, not 28).
 */
export const wholeShares = (shares: number, fractionable: boolean): number =>
  fractionable ? shares : roundTowardZero(roundTo(shares, 9));

/**
 * Rounds `x` to `decimals` places, half away from zero, after removing floating-point noise
 * (so 0.1 + 0.2 rounds as 0.3 would).
 */
export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const y = Math.abs(x) * f;
  return (Math.sign(x) * roundDenoised(y)) / f;
}

/**
 * `Math.round(Number(y.toPrecision(15)))` for y ≥ 0. Rounding to 15 significant digits moves y by
 * at most 5e-15·y, which can only change the result when y lies that close to a half-integer (or
 * y is too large to keep its integer digits); only then is the decimal conversion needed.
 */
function roundDenoised(y: number): number {
  if (y < 1e14 && Math.abs(y - Math.floor(y) - 0.5) > 1e-14 * y) return Math.round(y);
  return Math.round(Number(y.toPrecision(15)));
}

/** Sum of a numeric array. */
export function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

/** Arithmetic mean (NaN for an empty array). */
export function mean(xs: ArrayLike<number>): number {
  return xs.length === 0 ? NaN : sum(xs) / xs.length;
}

/**
 * Index of the first element of the ascending `xs[from, to)` that is not less than `x` (`after`:
 * greater than `x`); `to` when none is. The one binary search of the code base.
 */
export function lowerBound<T extends number | string>(xs: ArrayLike<T>, x: T, after = false, from = 0, to = xs.length): number {
  let lo = from, hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x || (after && xs[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `lowerBound` over items sorted ascending by a numeric `key` (e.g. bars by `ts`). */
export function lowerBoundBy<T>(items: readonly T[], x: number, key: (item: T) => number): number {
  let lo = 0, hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid]!) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
