/**
 * Range and dispersion indicators with backtrader's definitions: TrueRange, ATR, StdDev (population,
 * `√|mean(x²) − mean(x)²|`), Bollinger Bands, CCI (with backtrader's mean deviation) and the
 * Pretty Good Oscillator.
 */
import { type SmoothingStream, type Stream1, SmaStream, smmaStream } from './moving-average.js';
import { Lag, RollingSum } from './window.js';

/** A stream over high, low and close. */
export interface StreamHlc {
  update(high: number, low: number, close: number): number;
}

/** True range: `max(high, close[1]) − min(low, close[1])`; starts on the second bar. */
export class TrueRangeStream implements StreamHlc {
  private readonly prevClose = new Lag(1);
  /** `min(low, close[1])` of the last update (backtrader's TrueLow). */
  trueLow = NaN;
  /** `max(high, close[1])` of the last update (backtrader's TrueHigh). */
  trueHigh = NaN;
  update(high: number, low: number, close: number): number {
    if (high !== high || low !== low || close !== close) return NaN;
    const pc = this.prevClose.push(close);
    if (pc !== pc) return NaN;
    this.trueHigh = Math.max(high, pc);
    this.trueLow = Math.min(low, pc);
    return this.trueHigh - this.trueLow;
  }
}

/** Average true range: SMMA (Wilder) of the true range. */
export class AtrStream implements StreamHlc {
  private readonly tr = new TrueRangeStream();
  private readonly ma: SmoothingStream;
  constructor(period = 14) {
    this.ma = smmaStream(period);
  }
  update(high: number, low: number, close: number): number {
    return this.ma.update(this.tr.update(high, low, close));
  }
}

/** Population standard deviation of the last `period` values: `√|mean(x²) − mean(x)²|`. */
export class StdDevStream implements Stream1 {
  private readonly sum: RollingSum;
  private readonly sq: RollingSum;
  /** The mean of the window at the last update. */
  mean = NaN;
  constructor(readonly period = 20) {
    this.sum = new RollingSum(period);
    this.sq = new RollingSum(period);
  }
  update(x: number): number {
    const m = this.sum.push(x) / this.period;
    const ms = this.sq.push(x * x) / this.period;
    this.mean = m;
    return Math.sqrt(Math.abs(ms - m * m));
  }
}

/** Bollinger Bands' outputs. */
export interface BollingerValues {
  mid: number;
  top: number;
  bot: number;
}

/** Bollinger Bands: SMA(period) ± devFactor · population standard deviation. */
export class BollingerStream {
  private readonly sd: StdDevStream;
  readonly out: BollingerValues = { mid: NaN, top: NaN, bot: NaN };
  constructor(period = 20, private readonly devFactor = 2) {
    this.sd = new StdDevStream(period);
  }
  update(x: number): BollingerValues {
    const d = this.devFactor * this.sd.update(x);
    const m = this.sd.mean;
    const out = this.out;
    out.mid = m;
    out.top = m + d;
    out.bot = m - d;
    return out;
  }
}

/**
 * Commodity channel index: `(tp − SMA(tp)) / (factor · meanDev)`, tp = (h + l + c)/3, where (as in
 * backtrader) meanDev is the SMA over `period` bars of |tp − that bar's SMA(tp)|.
 */
export class CciStream implements StreamHlc {
  private readonly ma: SmaStream;
  private readonly dev: SmaStream;
  constructor(period = 20, private readonly factor = 0.015) {
    this.ma = new SmaStream(period);
    this.dev = new SmaStream(period);
  }
  update(high: number, low: number, close: number): number {
    const tp = (high + low + close) / 3;
    const m = this.ma.update(tp);
    const d = tp - m;
    const md = this.dev.update(Math.abs(d));
    return d / (this.factor * md);
  }
}

/** Pretty Good Oscillator: `(close − SMA(close)) / ATR`. */
export class PgoStream implements StreamHlc {
  private readonly ma: SmaStream;
  private readonly atr: AtrStream;
  constructor(period = 14) {
    this.ma = new SmaStream(period);
    this.atr = new AtrStream(period);
  }
  update(high: number, low: number, close: number): number {
    const a = this.atr.update(high, low, close);
    return (close - this.ma.update(close)) / a;
  }
}
