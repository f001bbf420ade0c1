/** Price and volume fields a bar has. */
export type OhlcvField = 'open' | 'high' | 'low' | 'close' | 'volume';
/** Fields strategies may ask for: OHLCV plus `price` (last close, forward-filled). */
export type BarField = OhlcvField | 'price';
/** Every `BarField`, in the order error messages list them. */
export const BAR_FIELDS: readonly BarField[] = ['open', 'high', 'low', 'close', 'volume', 'price'];
const FIELD_SET: ReadonlySet<string> = new Set(BAR_FIELDS);
/** True when `x` is a `BarField`. */
export const isBarField = (x: unknown): x is BarField => typeof x === 'string' && FIELD_SET.has(x);
/** Bar frequencies. */
export type Frequency = 'daily' | 'minute';
/** Frequencies as strategies write them in `history` (`'1d'`, `'1m'`). */
export type HistoryFrequency = '1d' | '1m';

/**
 * One bar. `ts` is epoch milliseconds: for daily bars midnight UTC of the session date; for
 * minute bars the bar's opening instant (Alpaca's convention) — the bar is complete one minute later.
 */
export interface Bar {
  readonly sid: number;
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * Bars of one asset as columns (struct of arrays), sorted by `ts` ascending.
 * This is what the bundle reader returns and what the engine keeps in memory.
 */
export interface BarColumns {
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}
