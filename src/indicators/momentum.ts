/**
 * Single-series indicators over a lookback, with backtrader's definitions: Momentum, ROC / ROC100,
 * PctChange, MomentumOscillator, UpMove / DownMove, SumN, Highest / Lowest, PercentRank.
 */
import type { Stream1 } from './moving-average.js';
import { Lag, RollingExtreme, RollingSum, checkPeriod } from './window.js';

/** Momentum: `x − x[period]`. */
export class MomentumStream implements Stream1 {
  private readonly lag: Lag;
  constructor(period = 12) {
    checkPeriod(period);
    this.lag = new Lag(period);
  }
  update(x: number): number {
    return x - this.lag.push(x);
  }
}

/** Rate of change: `(x − x[period]) / x[period]`, times `scale` (100 for ROC100). */
export class RocStream implements Stream1 {
  private readonly lag: Lag;
  constructor(period = 12, private readonly scale = 1) {
    checkPeriod(period);
    this.lag = new Lag(period);
  }
  update(x: number): number {
    const old = this.lag.push(x);
    return this.scale === 1 ? (x - old) / old : this.scale * ((x - old) / old);
  }
}

/** Percent change: `x / x[period] − 1`. */
export class PctChangeStream implements Stream1 {
  private readonly lag: Lag;
  constructor(period = 30) {
    checkPeriod(period);
    this.lag = new Lag(period);
  }
  update(x: number): number {
    return x / this.lag.push(x) - 1;
  }
}

/** Momentum oscillator: `100 · x / x[period]`. */
export class MomentumOscillatorStream implements Stream1 {
  private readonly lag: Lag;
  constructor(period = 12) {
    checkPeriod(period);
    this.lag = new Lag(period);
  }
  update(x: number): number {
    return 100 * (x / this.lag.push(x));
  }
}

/** UpMove `x − x[1]` (`sign` 1) or DownMove `x[1] − x` (`sign` −1), not clipped at zero. */
export class MoveStream implements Stream1 {
  private readonly lag = new Lag(1);
  constructor(private readonly sign: 1 | -1) {}
  update(x: number): number {
    const d = x - this.lag.push(x);
    return this.sign === 1 ? d : -d;
  }
}

/** UpDay `max(x − x[lookback], 0)` (`up`) or DownDay `max(x[lookback] − x, 0)`: RSI's inputs. */
export class DayMoveStream implements Stream1 {
  private readonly lag: Lag;
  constructor(private readonly up: boolean, lookback = 1) {
    checkPeriod(lookback, 'lookback');
    this.lag = new Lag(lookback);
  }
  update(x: number): number {
    const old = this.lag.push(x);
    if (old !== old) return NaN;
    return Math.max(this.up ? x - old : old - x, 0);
  }
}

/** Sum of the last `period` values. */
export class SumNStream implements Stream1 {
  private readonly sum: RollingSum;
  constructor(period: number) {
    this.sum = new RollingSum(period);
  }
  update(x: number): number {
    return this.sum.push(x);
  }
  /** Feeds every value of `values`; `out[i]` is what `update(values[i])` would return. */
  updateAll(values: ArrayLike<number>, out: Float64Array): void {
    this.sum.pushAll(values, out, 1);
  }
}

/** Highest (`max` true) or lowest value of the last `period`. */
export class ExtremeStream implements Stream1 {
  private readonly ext: RollingExtreme;
  constructor(period: number, max: boolean) {
    this.ext = new RollingExtreme(period, max);
  }
  update(x: number): number {
    return this.ext.push(x);
  }
  /** Bars since the extreme returned by the last update (0 = that bar; ties → the most recent). */
  get age(): number {
    return this.ext.age;
  }
}

/**
 * Percent rank: the fraction of the last `period` values (the current one included) strictly
 * below the current value. O(period) per update.
 */
export class PercentRankStream implements Stream1 {
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  constructor(readonly period = 50) {
    checkPeriod(period);
    this.buf = new Float64Array(period);
  }
  update(x: number): number {
    if (x !== x) return NaN;
    this.buf[this.pos] = x;
    this.pos = this.pos + 1 === this.period ? 0 : this.pos + 1;
    if (this.count < this.period && ++this.count < this.period) return NaN;
    let below = 0;
    for (let i = 0; i < this.period; i++) if (this.buf[i]! < x) below++;
    return below / this.period;
  }
}
