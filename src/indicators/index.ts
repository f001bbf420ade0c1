/**
 * `ta`: technical indicators with backtrader's definitions and defaults, each in two forms over
 * one implementation of its maths — vectorized (`ta.sma(close, 15)`, NaN before the minimum
 * period; multi-output indicators return named arrays) and streaming (`ta.stream.sma(15)`).
 */
import * as bars from './bars.js';
import type { Series } from './drive.js';
import type { MovingAverageKind } from './moving-average.js';
import * as series from './series.js';
import { stream } from './streams.js';

const osc = (kind: MovingAverageKind) => (values: Series, period = 30) => series.oscillator(values, kind, period);
const env = (kind: MovingAverageKind) => (values: Series, period = 30, perc = 2.5) => series.envelope(values, kind, period, perc);

/** The indicator library (`import { ta } from 'ziplime'`). */
export const ta = {
  ...series,
  ...bars,
  /** Backtrader's aliases. */
  macdHisto: series.macd,
  adx: (high: Series, low: Series, close: Series, period = 14) => bars.directionalMovement(high, low, close, period).adx,
  pgo: bars.prettyGoodOscillator,
  smaOsc: osc('sma'), emaOsc: osc('ema'), smmaOsc: osc('smma'), wmaOsc: osc('wma'), demaOsc: osc('dema'),
  temaOsc: osc('tema'), hmaOsc: osc('hma'), kamaOsc: osc('kama'), zlemaOsc: osc('zlema'), dmaOsc: osc('dma'),
  smaEnvelope: env('sma'), emaEnvelope: env('ema'), smmaEnvelope: env('smma'), wmaEnvelope: env('wma'),
  demaEnvelope: env('dema'), temaEnvelope: env('tema'), hmaEnvelope: env('hma'), kamaEnvelope: env('kama'),
  zlemaEnvelope: env('zlema'), dmaEnvelope: env('dma'),
  stream,
};

export type { Series, Lines } from './drive.js';
export type { EmaOptions, EmaSeed, MovingAverageKind, Stream1 } from './moving-average.js';
export type { MacdOptions, MacdValues, PpoValues, EnvelopeValues, KstValues } from './oscillators.js';
export type { RsiOptions } from './rsi.js';
export type { BollingerValues, StreamHlc } from './volatility.js';
export type { StochasticValues, AroonValues, DirectionalValues, VortexValues } from './range.js';
export type { IchimokuOptions, IchimokuValues, FractalValues, HeikinAshiValues } from './chart.js';
