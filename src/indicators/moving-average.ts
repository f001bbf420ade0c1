/**
 * Moving averages as streams, with backtrader's definitions: SMA, EMA and SMMA (exponential
 * smoothing seeded with the SMA of the first `period` values), WMA, DEMA, TEMA, HMA, KAMA, ZLEMA,
 * ZeroLagIndicator (Ehlers' error-correcting EMA) and DMA (Dickson). Every stream skips NaN
 * inputs (they return NaN and leave the state unchanged), so streams chain through warm-ups.
 */
import { Lag, RollingSum, checkPeriod } from './window.js';

/** A stream of one input and one output. */
export interface Stream1 {
  /** Feeds the next value; returns the indicator's value for it (NaN during the warm-up). */
  update(x: number): number;
}

/**
 * How an exponential average is seeded: `'sma'` (backtrader, and TA-Lib's default) averages the
 * first `period` values and starts there; `'first'` (TA-Lib's Metastock mode, pandas
 * `ewm(adjust=False)`) starts from the first value itself, so it has a value from the first bar.
 */
export type EmaSeed = 'sma' | 'first';

/** Options of the EMA-based indicators. */
export interface EmaOptions {
  /** Seeding convention (default `'sma'`, backtrader's). */
  seed?: EmaSeed;
}

/** Simple moving average of the last `period` values. */
export class SmaStream implements Stream1 {
  private readonly sum: RollingSum;
  constructor(readonly period: number) {
    this.sum = new RollingSum(period);
  }
  update(x: number): number {
    return this.sum.push(x) / this.period;
  }
  /** Feeds every value of `values`; `out[i]` is what `update(values[i])` would return. */
  updateAll(values: ArrayLike<number>, out: Float64Array): void {
    this.sum.pushAll(values, out, this.period);
  }
}

const NO_VALUES = new Float64Array(0);

/**
 * Exponential smoothing `prev·(1−alpha) + x·alpha`, seeded as `seed` says: the base of EMA
 * (alpha = 2/(period+1)) and SMMA (alpha = 1/period, Wilder's smoothing). `update` and
 * `updateAll` run the same loop over the same state.
 */
export class SmoothingStream implements Stream1 {
  private readonly alpha1: number;
  private readonly one = new Float64Array(1);
  private count = 0;
  /**
   * The running sums, [seed sum, smoothed value], in a typed array: they load as plain doubles,
   * so the loop's running value stays unboxed (carried from a number field, V8 may box it and
   * allocate a number per value, about three times slower).
   */
  private readonly sums = Float64Array.of(0, NaN);

  constructor(readonly period: number, readonly alpha: number, private readonly seed: EmaSeed = 'sma') {
    checkPeriod(period);
    this.alpha1 = 1 - alpha;
    // An empty first call runs the state stores after the loops once, so their type feedback
    // exists before the loops get hot: otherwise the loop's optimized (on-stack) code leaves
    // through a deoptimization at the end of every later call.
    this.updateAll(NO_VALUES, NO_VALUES);
  }

  update(x: number): number {
    const one = this.one;
    one[0] = x;
    this.updateAll(one, one);
    return one[0]!;
  }

  /** Feeds every value of `values`; `out[i]` is what `update(values[i])` would return (`out` may be `values`). */
  updateAll(values: ArrayLike<number>, out: Float64Array): void {
    const period = this.period;
    const alpha = this.alpha;
    const alpha1 = this.alpha1;
    const fromFirst = this.seed === 'first';
    const sums = this.sums;
    let count = this.count;
    let seedSum = sums[0]!;
    let prev = sums[1]!;
    const len = values.length;
    let i = 0;
    // Warm-up: until `period` values are seen (or the first one, seeded from it).
    for (; i < len && count < period; i++) {
      const x = values[i]!;
      if (x !== x) {
        out[i] = NaN;
      } else if (fromFirst) {
        count = period;
        out[i] = prev = x;
      } else {
        count++;
        seedSum += x;
        out[i] = count < period ? NaN : (prev = seedSum / period);
      }
    }
    // Steady state: the recurrence alone (a NaN input gives NaN and leaves the state as it is).
    for (; i < len; i++) {
      const x = values[i]!;
      const y = prev * alpha1 + x * alpha;
      out[i] = y;
      if (x === x) prev = y;
    }
    this.count = count;
    sums[0] = seedSum;
    sums[1] = prev;
  }
}

/** EMA: alpha = 2 / (period + 1). */
export const emaStream = (period: number, options: EmaOptions = {}): SmoothingStream =>
  new SmoothingStream(period, 2 / (period + 1), options.seed);

/** SMMA (Wilder's smoothing, RMA): alpha = 1 / period. */
export const smmaStream = (period: number): SmoothingStream => new SmoothingStream(period, 1 / period);

/** Weighted moving average, weights 1 (oldest) … period (newest), kept in O(1) by running sums. */
export class WmaStream implements Stream1 {
  private readonly lag: Lag;
  private readonly coef: number;
  private count = 0;
  private plain = 0;
  private weighted = 0;

  constructor(readonly period: number) {
    checkPeriod(period);
    this.lag = new Lag(period);
    this.coef = 2 / (period * (period + 1));
  }

  update(x: number): number {
    if (x !== x) return NaN;
    const old = this.lag.push(x);
    if (this.count < this.period) {
      this.count++;
      this.weighted += this.count * x;
      this.plain += x;
      return this.count === this.period ? this.coef * this.weighted : NaN;
    }
    this.weighted += this.period * x - this.plain;
    this.plain += x - old;
    return this.coef * this.weighted;
  }
}

/** DEMA: 2·EMA − EMA(EMA). */
export class DemaStream implements Stream1 {
  private readonly e1: SmoothingStream;
  private readonly e2: SmoothingStream;
  constructor(period: number, options: EmaOptions = {}) {
    this.e1 = emaStream(period, options);
    this.e2 = emaStream(period, options);
  }
  update(x: number): number {
    const a = this.e1.update(x);
    return 2 * a - this.e2.update(a);
  }
}

/** TEMA: 3·EMA − 3·EMA(EMA) + EMA(EMA(EMA)). */
export class TemaStream implements Stream1 {
  private readonly e1: SmoothingStream;
  private readonly e2: SmoothingStream;
  private readonly e3: SmoothingStream;
  constructor(period: number, options: EmaOptions = {}) {
    this.e1 = emaStream(period, options);
    this.e2 = emaStream(period, options);
    this.e3 = emaStream(period, options);
  }
  update(x: number): number {
    const a = this.e1.update(x);
    const b = this.e2.update(a);
    return 3 * a - 3 * b + this.e3.update(b);
  }
}

/** Hull moving average: WMA(2·WMA(period/2) − WMA(period), ⌊√period⌋). */
export class HmaStream implements Stream1 {
  private readonly full: WmaStream;
  private readonly half: WmaStream;
  private readonly outer: WmaStream;
  constructor(period: number) {
    checkPeriod(period);
    this.full = new WmaStream(period);
    this.half = new WmaStream(Math.max(1, Math.floor(period / 2)));
    this.outer = new WmaStream(Math.max(1, Math.floor(Math.sqrt(period))));
  }
  update(x: number): number {
    const h = this.half.update(x);
    const f = this.full.update(x);
    return this.outer.update(2 * h - f);
  }
}

/**
 * KAMA (Kaufman's adaptive moving average): efficiency ratio over `period` bars, smoothing
 * constant `(er·(2/(fast+1) − 2/(slow+1)) + 2/(slow+1))²`, seeded with the SMA of the `period`
 * values ending on the first bar the ratio exists (bar `period`, 0-based).
 */
export class KamaStream implements Stream1 {
  private readonly lag: Lag;
  private readonly diffLag = new Lag(1);
  private readonly volatility: RollingSum;
  private readonly seed: SmaStream;
  private readonly fastSc: number;
  private readonly slowSc: number;
  private prev = NaN;

  constructor(readonly period = 30, fast = 2, slow = 30) {
    checkPeriod(period);
    this.lag = new Lag(period);
    this.volatility = new RollingSum(period);
    this.seed = new SmaStream(period);
    this.fastSc = 2 / (fast + 1);
    this.slowSc = 2 / (slow + 1);
  }

  update(x: number): number {
    if (x !== x) return NaN;
    const sma = this.seed.update(x);
    const direction = x - this.lag.push(x);
    const vol = this.volatility.push(Math.abs(x - this.diffLag.push(x)));
    if (direction !== direction || vol !== vol) return NaN;
    const er = Math.abs(direction / vol);
    const sc = (er * (this.fastSc - this.slowSc) + this.slowSc) ** 2;
    this.prev = this.prev !== this.prev ? sma : this.prev * (1 - sc) + x * sc;
    return this.prev;
  }
}

/** ZLEMA: EMA of `2·x − x[lag]`, lag = (period − 1) / 2 rounded down. */
export class ZlemaStream implements Stream1 {
  private readonly lag: Lag;
  private readonly ema: SmoothingStream;
  constructor(period = 30, options: EmaOptions = {}) {
    checkPeriod(period);
    this.lag = new Lag(Math.floor((period - 1) / 2));
    this.ema = emaStream(period, options);
  }
  update(x: number): number {
    return this.ema.update(2 * x - this.lag.push(x));
  }
}

/**
 * Ehlers' zero-lag (error-correcting) indicator: each bar picks the gain in
 * [−gainLimit/10, gainLimit/10] (steps of 0.1) whose corrected EMA lies closest to the price.
 */
export class ZeroLagStream implements Stream1 {
  private readonly ema: SmoothingStream;
  private ec = NaN;
  constructor(period = 30, private readonly gainLimit = 50) {
    this.ema = emaStream(period);
  }
  update(x: number): number {
    const ema = this.ema.update(x);
    if (ema !== ema) return NaN;
    const alpha = this.ema.alpha;
    const alpha1 = 1 - alpha;
    const ec1 = this.ec;
    let least = Infinity;
    let best = ema;
    for (let g = -this.gainLimit; g <= this.gainLimit; g++) {
      const gain = g / 10;
      const ec = alpha * (ema + gain * (x - ec1)) + alpha1 * ec1;
      const error = Math.abs(x - ec);
      if (error < least) {
        least = error;
        best = ec;
      }
    }
    this.ec = best;
    return best;
  }
}

/** Dickson moving average: mean of the zero-lag indicator and an HMA of `hperiod`. */
export class DmaStream implements Stream1 {
  private readonly ec: ZeroLagStream;
  private readonly hull: HmaStream;
  constructor(period = 30, gainLimit = 50, hperiod = 7) {
    this.ec = new ZeroLagStream(period, gainLimit);
    this.hull = new HmaStream(hperiod);
  }
  update(x: number): number {
    const e = this.ec.update(x);
    const h = this.hull.update(x);
    return (e + h) / 2;
  }
}

/** The moving averages by name, for the `*Osc` and `*Envelope` families and parameterised indicators. */
export const MOVING_AVERAGES = {
  sma: (period: number): Stream1 => new SmaStream(period),
  ema: (period: number): Stream1 => emaStream(period),
  smma: (period: number): Stream1 => smmaStream(period),
  wma: (period: number): Stream1 => new WmaStream(period),
  dema: (period: number): Stream1 => new DemaStream(period),
  tema: (period: number): Stream1 => new TemaStream(period),
  hma: (period: number): Stream1 => new HmaStream(period),
  kama: (period: number): Stream1 => new KamaStream(period),
  zlema: (period: number): Stream1 => new ZlemaStream(period),
  zlind: (period: number): Stream1 => new ZeroLagStream(period),
  dma: (period: number): Stream1 => new DmaStream(period),
} as const;

/** A moving average's name (`'sma'`, `'ema'`, …). */
export type MovingAverageKind = keyof typeof MOVING_AVERAGES;

/** A moving-average stream of `kind`. */
export function movingAverage(kind: MovingAverageKind, period: number): Stream1 {
  const make = MOVING_AVERAGES[kind];
  if (!make) throw new RangeError(`unknown moving average '${String(kind)}'; use one of ${Object.keys(MOVING_AVERAGES).join(', ')}`);
  return make(period);
}
