/**
 * Vectorized indicators of one series (`ta.sma(close, 15)` …): each drives its stream from
 * `moving-average.ts`, `momentum.ts`, `rsi.ts` or `oscillators.ts` over the array (SMA, EMA, SMMA
 * and sumN through the stream's own `updateAll` loop, which keeps the state in locals). Outputs
 * are NaN before the indicator's minimum period.
 */
import { type Lines, type Series, run1, runLines } from './drive.js';
import { DpoStream, EnvelopeStream, KstStream, MacdStream, type MacdOptions, OscStream, PpoStream, PriceOscillatorStream, TrixStream } from './oscillators.js';
import {
  DemaStream, DmaStream, type EmaOptions, HmaStream, KamaStream, type MovingAverageKind, SmaStream, SmoothingStream, TemaStream,
  WmaStream, ZeroLagStream, ZlemaStream, smmaStream,
} from './moving-average.js';
import { ExtremeStream, MomentumOscillatorStream, MomentumStream, MoveStream, PctChangeStream, PercentRankStream, RocStream, SumNStream } from './momentum.js';
import { LrsiStream, RsiStream, type RsiOptions, TsiStream } from './rsi.js';
import { BollingerStream, StdDevStream } from './volatility.js';

/** SMA(period) (backtrader default 30). */
export function sma(values: Series, period = 30): Float64Array {
  const out = new Float64Array(values.length);
  new SmaStream(period).updateAll(values, out);
  return out;
}

/** EMA(period), alpha 2/(period+1), seeded with the SMA of the first `period` values (see EmaOptions). */
export function ema(values: Series, period = 30, options: EmaOptions = {}): Float64Array {
  const out = new Float64Array(values.length);
  new SmoothingStream(period, 2 / (period + 1), options.seed).updateAll(values, out);
  return out;
}

/** SMMA / Wilder's smoothing (alpha 1/period), seeded with an SMA. */
export function smma(values: Series, period = 30): Float64Array {
  const out = new Float64Array(values.length);
  smmaStream(period).updateAll(values, out);
  return out;
}
/** Linearly weighted moving average. */
export const wma = (values: Series, period = 30): Float64Array => run1(new WmaStream(period), values);
/** Double EMA. */
export const dema = (values: Series, period = 30, options: EmaOptions = {}): Float64Array => run1(new DemaStream(period, options), values);
/** Triple EMA. */
export const tema = (values: Series, period = 30, options: EmaOptions = {}): Float64Array => run1(new TemaStream(period, options), values);
/** Hull moving average. */
export const hma = (values: Series, period = 30): Float64Array => run1(new HmaStream(period), values);
/** Kaufman's adaptive moving average. */
export const kama = (values: Series, period = 30, fast = 2, slow = 30): Float64Array => run1(new KamaStream(period, fast, slow), values);
/** Zero-lag EMA. */
export const zlema = (values: Series, period = 30, options: EmaOptions = {}): Float64Array => run1(new ZlemaStream(period, options), values);
/** Ehlers' zero-lag (error-correcting) indicator. */
export const zeroLag = (values: Series, period = 30, gainLimit = 50): Float64Array => run1(new ZeroLagStream(period, gainLimit), values);
/** Dickson moving average. */
export const dma = (values: Series, period = 30, gainLimit = 50, hperiod = 7): Float64Array => run1(new DmaStream(period, gainLimit, hperiod), values);

/** Highest value over `period`. */
export const highest = (values: Series, period: number): Float64Array => run1(new ExtremeStream(period, true), values);
/** Lowest value over `period`. */
export const lowest = (values: Series, period: number): Float64Array => run1(new ExtremeStream(period, false), values);
/** Sum over `period`. */
export function sumN(values: Series, period: number): Float64Array {
  const out = new Float64Array(values.length);
  new SumNStream(period).updateAll(values, out);
  return out;
}
/** `x / x[period] − 1`. */
export const pctChange = (values: Series, period = 30): Float64Array => run1(new PctChangeStream(period), values);
/** `(x − x[period]) / x[period]`. */
export const roc = (values: Series, period = 12): Float64Array => run1(new RocStream(period), values);
/** 100 · ROC. */
export const roc100 = (values: Series, period = 12): Float64Array => run1(new RocStream(period, 100), values);
/** `x − x[period]`. */
export const momentum = (values: Series, period = 12): Float64Array => run1(new MomentumStream(period), values);
/** `100 · x / x[period]`. */
export const momentumOscillator = (values: Series, period = 12): Float64Array => run1(new MomentumOscillatorStream(period), values);
/** `x − x[1]`. */
export const upMove = (values: Series): Float64Array => run1(new MoveStream(1), values);
/** `x[1] − x`. */
export const downMove = (values: Series): Float64Array => run1(new MoveStream(-1), values);
/** Fraction of the last `period` values below the current one. */
export const percentRank = (values: Series, period = 50): Float64Array => run1(new PercentRankStream(period), values);
/** Population standard deviation over `period`. */
export const stdDev = (values: Series, period = 20): Float64Array => run1(new StdDevStream(period), values);

/** RSI (Wilder). */
export const rsi = (values: Series, period = 14, options: RsiOptions = {}): Float64Array => run1(new RsiStream(period, options), values);
/** RSI with guarded division (backtrader's RSI_Safe). */
export const rsiSafe = (values: Series, period = 14): Float64Array => run1(new RsiStream(period, { safe: true }), values);
/** Relative momentum index: RSI over `lookback`-bar moves. */
export const rmi = (values: Series, period = 20, lookback = 5): Float64Array => run1(new RsiStream(period, { lookback }), values);
/** Laguerre RSI. */
export const lrsi = (values: Series, gamma = 0.5, period = 6): Float64Array => run1(new LrsiStream(gamma, period), values);
/** True strength index. */
export const tsi = (values: Series, period1 = 25, period2 = 13, pchange = 1): Float64Array => run1(new TsiStream(period1, period2, pchange), values);

/** MACD with signal and histogram (backtrader's MACDHisto). */
export function macd(values: Series, fast = 12, slow = 26, signal = 9, options: MacdOptions = {}): Lines<'macd' | 'signal' | 'histo'> {
  const s = new MacdStream(fast, slow, signal, options);
  return runLines(values.length, ['macd', 'signal', 'histo'], (i) => s.update(values[i]!));
}
/** PPO: 100·(EMA1 − EMA2)/EMA2 with signal and histogram. */
export function ppo(values: Series, period1 = 12, period2 = 26, signal = 9): Lines<'ppo' | 'signal' | 'histo'> {
  const s = new PpoStream(period1, period2, signal);
  return runLines(values.length, ['ppo', 'signal', 'histo'], (i) => s.update(values[i]!));
}
/** PPOShort: 100·(EMA1 − EMA2)/EMA1 with signal and histogram. */
export function ppoShort(values: Series, period1 = 12, period2 = 26, signal = 9): Lines<'ppo' | 'signal' | 'histo'> {
  const s = new PpoStream(period1, period2, signal, true);
  return runLines(values.length, ['ppo', 'signal', 'histo'], (i) => s.update(values[i]!));
}
/** Price oscillator (APO): MA(period1) − MA(period2). */
export const priceOscillator = (values: Series, period1 = 12, period2 = 26, kind: MovingAverageKind = 'ema'): Float64Array =>
  run1(new PriceOscillatorStream(period1, period2, kind), values);
/** `x − MA(x)` for a moving average of `kind` (the `*Osc` family). */
export const oscillator = (values: Series, kind: MovingAverageKind, period = 30): Float64Array => run1(new OscStream(kind, period), values);
/** Bands `perc` % above and below a moving average of `kind` (the `*Envelope` family); `kind` null: of the input. */
export function envelope(values: Series, kind: MovingAverageKind | null = null, period = 30, perc = 2.5): Lines<'mid' | 'top' | 'bot'> {
  const s = new EnvelopeStream(kind, period, perc);
  return runLines(values.length, ['mid', 'top', 'bot'], (i) => s.update(values[i]!));
}
/** Bollinger Bands: SMA ± devFactor · population standard deviation. */
export function bollinger(values: Series, period = 20, devFactor = 2): Lines<'mid' | 'top' | 'bot'> {
  const s = new BollingerStream(period, devFactor);
  return runLines(values.length, ['mid', 'top', 'bot'], (i) => s.update(values[i]!));
}
/** TRIX: 100 · one-bar rate of change of a triple EMA. */
export const trix = (values: Series, period = 15): Float64Array => run1(new TrixStream(period), values);
/** Know Sure Thing with its signal. */
export function kst(values: Series, rp?: readonly number[], rma?: readonly number[], signal = 9): Lines<'kst' | 'signal'> {
  const s = new KstStream(rp, rma, signal);
  return runLines(values.length, ['kst', 'signal'], (i) => s.update(values[i]!));
}
/** Detrended price oscillator. */
export const dpo = (values: Series, period = 20): Float64Array => run1(new DpoStream(period), values);
