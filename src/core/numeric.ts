/** Rounds toward zero to whole units (zipline rounds share amounts this way). */
export function roundTowardZero(x: number): number {
  return x < 0 ? Math.ceil(x) : Math.floor(x);
}

/**
 * Rounds `x` to `decimals` places, half away from zero, after removing floating-point noise
 * (so 0.1 + 0.2 rounds as 0.3 would).
 */
export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const y = Math.abs(x) * f;
  const r = Math.round(Number(y.toPrecision(15)));
  return (Math.sign(x) * r) / f;
}

/** True when `a` and `b` agree within `eps` (absolute). */
export function nearlyEqual(a: number, b: number, eps = 1e-9): boolean {
  return Math.abs(a - b) <= eps;
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
