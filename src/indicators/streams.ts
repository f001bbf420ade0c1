/**
 * Streaming factories (`ta.stream.rsi(14)` …): each returns an object whose `update(…)` takes the
 * next bar and returns the indicator's value for it, O(1) and without allocating (multi-output
 * streams return the same output object each time, overwritten by the next update). Parameters
 * and defaults are those of the vectorized forms.
 */
import { AccDecStream, AoStream, CrossStream, Dv2Stream, FractalStream, HeikinAshiStream, IchimokuStream, type IchimokuOptions } from './chart.js';
import { ExtremeStream, MomentumOscillatorStream, MomentumStream, MoveStream, PctChangeStream, PercentRankStream, RocStream, SumNStream } from './momentum.js';
import {
  DemaStream, DmaStream, type EmaOptions, HmaStream, KamaStream, type MovingAverageKind, SmaStream, SmoothingStream, TemaStream,
  WmaStream, ZeroLagStream, ZlemaStream, smmaStream,
} from './moving-average.js';
import { DpoStream, EnvelopeStream, KstStream, MacdStream, type MacdOptions, OscStream, PpoStream, PriceOscillatorStream, TrixStream } from './oscillators.js';
import { AroonStream, DirectionalMovementStream, StochasticStream, UltimateOscillatorStream, VortexStream, WilliamsAdStream, WilliamsRStream } from './range.js';
import { LrsiStream, RsiStream, type RsiOptions, TsiStream } from './rsi.js';
import { AtrStream, BollingerStream, CciStream, PgoStream, StdDevStream, TrueRangeStream } from './volatility.js';

/** The streaming forms, by the vectorized forms' names. */
export const stream = {
  sma: (period = 30) => new SmaStream(period),
  ema: (period = 30, options: EmaOptions = {}) => new SmoothingStream(period, 2 / (period + 1), options.seed),
  smma: (period = 30) => smmaStream(period),
  wma: (period = 30) => new WmaStream(period),
  dema: (period = 30, options: EmaOptions = {}) => new DemaStream(period, options),
  tema: (period = 30, options: EmaOptions = {}) => new TemaStream(period, options),
  hma: (period = 30) => new HmaStream(period),
  kama: (period = 30, fast = 2, slow = 30) => new KamaStream(period, fast, slow),
  zlema: (period = 30, options: EmaOptions = {}) => new ZlemaStream(period, options),
  zeroLag: (period = 30, gainLimit = 50) => new ZeroLagStream(period, gainLimit),
  dma: (period = 30, gainLimit = 50, hperiod = 7) => new DmaStream(period, gainLimit, hperiod),
  highest: (period: number) => new ExtremeStream(period, true),
  lowest: (period: number) => new ExtremeStream(period, false),
  sumN: (period: number) => new SumNStream(period),
  pctChange: (period = 30) => new PctChangeStream(period),
  roc: (period = 12) => new RocStream(period),
  roc100: (period = 12) => new RocStream(period, 100),
  momentum: (period = 12) => new MomentumStream(period),
  momentumOscillator: (period = 12) => new MomentumOscillatorStream(period),
  upMove: () => new MoveStream(1),
  downMove: () => new MoveStream(-1),
  percentRank: (period = 50) => new PercentRankStream(period),
  stdDev: (period = 20) => new StdDevStream(period),
  rsi: (period = 14, options: RsiOptions = {}) => new RsiStream(period, options),
  rsiSafe: (period = 14) => new RsiStream(period, { safe: true }),
  rmi: (period = 20, lookback = 5) => new RsiStream(period, { lookback }),
  lrsi: (gamma = 0.5, period = 6) => new LrsiStream(gamma, period),
  tsi: (period1 = 25, period2 = 13, pchange = 1) => new TsiStream(period1, period2, pchange),
  macd: (fast = 12, slow = 26, signal = 9, options: MacdOptions = {}) => new MacdStream(fast, slow, signal, options),
  ppo: (period1 = 12, period2 = 26, signal = 9) => new PpoStream(period1, period2, signal),
  ppoShort: (period1 = 12, period2 = 26, signal = 9) => new PpoStream(period1, period2, signal, true),
  priceOscillator: (period1 = 12, period2 = 26, kind: MovingAverageKind = 'ema') => new PriceOscillatorStream(period1, period2, kind),
  oscillator: (kind: MovingAverageKind, period = 30) => new OscStream(kind, period),
  envelope: (kind: MovingAverageKind | null = null, period = 30, perc = 2.5) => new EnvelopeStream(kind, period, perc),
  bollinger: (period = 20, devFactor = 2) => new BollingerStream(period, devFactor),
  trix: (period = 15) => new TrixStream(period),
  kst: (rp?: readonly number[], rma?: readonly number[], signal = 9) => new KstStream(rp, rma, signal),
  dpo: (period = 20) => new DpoStream(period),
  trueRange: () => new TrueRangeStream(),
  atr: (period = 14) => new AtrStream(period),
  cci: (period = 20, factor = 0.015) => new CciStream(period, factor),
  prettyGoodOscillator: (period = 14) => new PgoStream(period),
  williamsR: (period = 14) => new WilliamsRStream(period),
  williamsAd: () => new WilliamsAdStream(),
  ultimateOscillator: (p1 = 7, p2 = 14, p3 = 28) => new UltimateOscillatorStream(p1, p2, p3),
  dv2: (period = 252, maPeriod = 2) => new Dv2Stream(period, maPeriod),
  ao: (fast = 5, slow = 34) => new AoStream(fast, slow),
  accDecOscillator: (period = 5) => new AccDecStream(period),
  stochastic: (period = 14, dFast = 3, dSlow = 3) => new StochasticStream(period, dFast, dSlow, 'slow'),
  stochasticFast: (period = 14, dFast = 3) => new StochasticStream(period, dFast, 1, 'fast'),
  stochasticFull: (period = 14, dFast = 3, dSlow = 3) => new StochasticStream(period, dFast, dSlow, 'full'),
  directionalMovement: (period = 14) => new DirectionalMovementStream(period),
  vortex: (period = 14) => new VortexStream(period),
  aroon: (period = 14) => new AroonStream(period),
  ichimoku: (options: IchimokuOptions = {}) => new IchimokuStream(options),
  fractal: (period = 5, barDist = 0.015, shift = 2) => new FractalStream(period, barDist, shift),
  heikinAshi: () => new HeikinAshiStream(),
  crossOver: () => new CrossStream('over'),
  crossUp: () => new CrossStream('up'),
  crossDown: () => new CrossStream('down'),
};
