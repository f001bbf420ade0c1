/**
 * Vectorized indicators of bars (high/low/close, and open for Heikin-Ashi) and of two series
 * (crosses): each drives its stream from `volatility.ts`, `range.ts` or `chart.ts`.
 */
import { AccDecStream, AoStream, CrossStream, Dv2Stream, FractalStream, HeikinAshiStream, IchimokuStream, type IchimokuOptions } from './chart.js';
import { type Lines, type Series, run2, runHlc, runLines, sameLength } from './drive.js';
import { AroonStream, DirectionalMovementStream, StochasticStream, UltimateOscillatorStream, VortexStream, WilliamsAdStream, WilliamsRStream } from './range.js';
import { AtrStream, CciStream, PgoStream, TrueRangeStream } from './volatility.js';

/** True range. */
export const trueRange = (high: Series, low: Series, close: Series): Float64Array => runHlc(new TrueRangeStream(), high, low, close);
/** Average true range (Wilder smoothing). */
export const atr = (high: Series, low: Series, close: Series, period = 14): Float64Array => runHlc(new AtrStream(period), high, low, close);
/** Commodity channel index. */
export const cci = (high: Series, low: Series, close: Series, period = 20, factor = 0.015): Float64Array =>
  runHlc(new CciStream(period, factor), high, low, close);
/** Pretty Good Oscillator. */
export const prettyGoodOscillator = (high: Series, low: Series, close: Series, period = 14): Float64Array =>
  runHlc(new PgoStream(period), high, low, close);
/** Williams %R. */
export const williamsR = (high: Series, low: Series, close: Series, period = 14): Float64Array => runHlc(new WilliamsRStream(period), high, low, close);
/** Williams accumulation/distribution. */
export const williamsAd = (high: Series, low: Series, close: Series): Float64Array => runHlc(new WilliamsAdStream(), high, low, close);
/** Ultimate oscillator. */
export const ultimateOscillator = (high: Series, low: Series, close: Series, p1 = 7, p2 = 14, p3 = 28): Float64Array =>
  runHlc(new UltimateOscillatorStream(p1, p2, p3), high, low, close);
/** DV2. */
export function dv2(high: Series, low: Series, close: Series, period = 252, maPeriod = 2): Float64Array {
  const s = new Dv2Stream(period, maPeriod);
  sameLength(high, low, close);
  return runHlc(s, high, low, close);
}
/** Awesome oscillator. */
export const ao = (high: Series, low: Series, fast = 5, slow = 34): Float64Array => run2(new AoStream(fast, slow), high, low);
/** Acceleration/deceleration oscillator. */
export const accDecOscillator = (high: Series, low: Series, period = 5): Float64Array => run2(new AccDecStream(period), high, low);

function hlcLines<K extends string>(
  keys: readonly K[], s: { update(h: number, l: number, c: number): Record<K, number> }, high: Series, low: Series, close: Series,
): Lines<K> {
  sameLength(high, low, close);
  return runLines(close.length, keys, (i) => s.update(high[i]!, low[i]!, close[i]!));
}

/** Slow stochastic (backtrader's Stochastic): k = SMA(fast %K, dfast), d = SMA(k, dslow). */
export const stochastic = (high: Series, low: Series, close: Series, period = 14, dFast = 3, dSlow = 3): Lines<'k' | 'd'> =>
  hlcLines(['k', 'd'], new StochasticStream(period, dFast, dSlow, 'slow'), high, low, close);
/** Fast stochastic: k = raw %K, d = SMA(k, dfast). */
export const stochasticFast = (high: Series, low: Series, close: Series, period = 14, dFast = 3): Lines<'k' | 'd'> =>
  hlcLines(['k', 'd'], new StochasticStream(period, dFast, 1, 'fast'), high, low, close);
/** Full stochastic: raw %K, d = SMA(k, dfast), dSlow = SMA(d, dslow). */
export const stochasticFull = (high: Series, low: Series, close: Series, period = 14, dFast = 3, dSlow = 3): Lines<'k' | 'd' | 'dSlow'> =>
  hlcLines(['k', 'd', 'dSlow'], new StochasticStream(period, dFast, dSlow, 'full'), high, low, close);
/** Directional movement: +DI, −DI, ADX, ADXR. */
export const directionalMovement = (high: Series, low: Series, close: Series, period = 14): Lines<'plusDI' | 'minusDI' | 'adx' | 'adxr'> =>
  hlcLines(['plusDI', 'minusDI', 'adx', 'adxr'], new DirectionalMovementStream(period), high, low, close);
/** Vortex indicator. */
export const vortex = (high: Series, low: Series, close: Series, period = 14): Lines<'viPlus' | 'viMinus'> =>
  hlcLines(['viPlus', 'viMinus'], new VortexStream(period), high, low, close);

/** Aroon up and down. */
export function aroon(high: Series, low: Series, period = 14): Lines<'up' | 'down'> {
  sameLength(high, low);
  const s = new AroonStream(period);
  return runLines(high.length, ['up', 'down'], (i) => s.update(high[i]!, low[i]!));
}
/** Aroon oscillator: up − down. */
export function aroonOscillator(high: Series, low: Series, period = 14): Float64Array {
  const s = new AroonStream(period);
  return run2({ update: (h, l) => s.update(h, l).osc }, high, low);
}

/** Ichimoku; chikou is the close `chikou` bars ahead (NaN for the last `chikou` bars). */
export function ichimoku(high: Series, low: Series, close: Series, options: IchimokuOptions = {}): Lines<'tenkan' | 'kijun' | 'senkouA' | 'senkouB' | 'chikou'> {
  const s = new IchimokuStream(options);
  const out = hlcLines(['tenkan', 'kijun', 'senkouA', 'senkouB', 'chikou'], s, high, low, close);
  const n = close.length;
  for (let i = 0; i < n; i++) out.chikou[i] = i + s.chikou < n ? close[i + s.chikou]! : NaN;
  return out;
}

/** Fractals, marked on the bar they point at. */
export function fractal(high: Series, low: Series, period = 5, barDist = 0.015, shift = 2): Lines<'bearish' | 'bullish'> {
  sameLength(high, low);
  const s = new FractalStream(period, barDist, shift);
  const n = high.length;
  const out = { bearish: new Float64Array(n).fill(NaN), bullish: new Float64Array(n).fill(NaN) };
  for (let i = 0; i < n; i++) {
    const v = s.update(high[i]!, low[i]!);
    if (i >= shift) {
      out.bearish[i - shift] = v.bearish;
      out.bullish[i - shift] = v.bullish;
    }
  }
  return out;
}

/** Heikin-Ashi candles (from the second bar). */
export function heikinAshi(open: Series, high: Series, low: Series, close: Series): Lines<'open' | 'high' | 'low' | 'close'> {
  sameLength(open, high, low, close);
  const s = new HeikinAshiStream();
  return runLines(close.length, ['open', 'high', 'low', 'close'], (i) => s.update(open[i]!, high[i]!, low[i]!, close[i]!));
}

/** +1 where `a` crosses above `b`, −1 where it crosses below, else 0 (backtrader's CrossOver). */
export const crossOver = (a: Series, b: Series): Float64Array => run2(new CrossStream('over'), a, b);
/** 1 where `a` crosses above `b`. */
export const crossUp = (a: Series, b: Series): Float64Array => run2(new CrossStream('up'), a, b);
/** 1 where `a` crosses below `b`. */
export const crossDown = (a: Series, b: Series): Float64Array => run2(new CrossStream('down'), a, b);
