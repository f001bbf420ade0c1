/**
 * Runs a stream over whole arrays: the vectorized form of an indicator is its stream driven
 * bar by bar, so both forms share one implementation of the maths.
 */
import type { Stream1 } from './moving-average.js';
import type { StreamHlc } from './volatility.js';

/** Input series: any array-like of numbers (Float64Array for speed). */
export type Series = ArrayLike<number>;

/** Output arrays by line name. */
export type Lines<K extends string> = Record<K, Float64Array>;

/** Drives a one-input stream over `values`. */
export function run1(stream: Stream1, values: Series): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = stream.update(values[i]!);
  return out;
}

/** Drives a two-input stream (high/low, or a/b) over two arrays of one length. */
export function run2(stream: { update(a: number, b: number): number }, a: Series, b: Series): Float64Array {
  sameLength(a, b);
  const n = a.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = stream.update(a[i]!, b[i]!);
  return out;
}

/** Drives a high/low/close stream. */
export function runHlc(stream: StreamHlc, high: Series, low: Series, close: Series): Float64Array {
  sameLength(high, low, close);
  const n = close.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = stream.update(high[i]!, low[i]!, close[i]!);
  return out;
}

/**
 * Drives a multi-output stream: `step(i)` feeds bar i and returns the stream's (reused) output
 * object; each of `keys` becomes an array.
 */
export function runLines<K extends string>(n: number, keys: readonly K[], step: (i: number) => Record<K, number>): Lines<K> {
  const out = {} as Lines<K>;
  for (const k of keys) out[k] = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = step(i);
    for (const k of keys) out[k][i] = v[k];
  }
  return out;
}

/** Throws a RangeError unless all inputs have one length. */
export function sameLength(...series: Series[]): void {
  const n = series[0]!.length;
  for (const s of series) {
    if (s.length !== n) throw new RangeError(`input arrays differ in length (${n} and ${s.length}); pass one value per bar in each`);
  }
}
