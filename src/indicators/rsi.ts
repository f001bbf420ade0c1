/**
 * Relative-strength family with backtrader's definitions: RSI (Wilder: SMMA of up and down days),
 * RSI_Safe, RMI (RSI over a longer lookback), LRSI (Laguerre RSI) and TSI (true strength index).
 */
import { DayMoveStream } from './momentum.js';
import { type Stream1, type SmoothingStream, emaStream, smmaStream } from './moving-average.js';
import { Lag, checkPeriod } from './window.js';

/** Options of RSI. */
export interface RsiOptions {
  /** Bars between the compared closes (1 for RSI; RMI uses 5). */
  lookback?: number;
  /**
   * Guard the division (backtrader's `safediv`, RSI_Safe): 100 when there are only up moves, 50
   * when there are none at all. Without it those bars give 100 and NaN.
   */
  safe?: boolean;
}

/** RSI: `100 − 100 / (1 + SMMA(up) / SMMA(down))`. */
export class RsiStream implements Stream1 {
  private readonly up: DayMoveStream;
  private readonly down: DayMoveStream;
  private readonly maUp: SmoothingStream;
  private readonly maDown: SmoothingStream;
  private readonly safe: boolean;

  constructor(period = 14, options: RsiOptions = {}) {
    const lookback = options.lookback ?? 1;
    this.up = new DayMoveStream(true, lookback);
    this.down = new DayMoveStream(false, lookback);
    this.maUp = smmaStream(period);
    this.maDown = smmaStream(period);
    this.safe = options.safe ?? false;
  }

  update(x: number): number {
    const u = this.maUp.update(this.up.update(x));
    const d = this.maDown.update(this.down.update(x));
    if (this.safe && d === 0) return u === 0 ? 50 : 100;
    return 100 - 100 / (1 + u / d);
  }
}

/** Laguerre RSI (Ehlers); the filter starts on bar `period` (0-based `period − 1`), as backtrader's. */
export class LrsiStream implements Stream1 {
  private l0 = 0;
  private l1 = 0;
  private l2 = 0;
  private l3 = 0;
  private count = 0;

  constructor(private readonly gamma = 0.5, private readonly period = 6) {
    checkPeriod(period);
  }

  update(x: number): number {
    if (x !== x) return NaN;
    if (this.count < this.period - 1) {
      this.count++;
      return NaN;
    }
    const g = this.gamma;
    const l0p = this.l0;
    const l1p = this.l1;
    const l2p = this.l2;
    const l0 = (1 - g) * x + g * l0p;
    const l1 = -g * l0 + l0p + g * l1p;
    const l2 = -g * l1 + l1p + g * l2p;
    const l3 = -g * l2 + l2p + g * this.l3;
    this.l0 = l0;
    this.l1 = l1;
    this.l2 = l2;
    this.l3 = l3;
    let cu = 0;
    let cd = 0;
    if (l0 >= l1) cu = l0 - l1;
    else cd = l1 - l0;
    if (l1 >= l2) cu += l1 - l2;
    else cd += l2 - l1;
    if (l2 >= l3) cu += l2 - l3;
    else cd += l3 - l2;
    const den = cu + cd;
    return den === 0 ? 1 : cu / den;
  }
}

/** True strength index: `100 · EMA(EMA(Δ, p1), p2) / EMA(EMA(|Δ|, p1), p2)`, Δ = x − x[pchange]. */
export class TsiStream implements Stream1 {
  private readonly lag: Lag;
  private readonly m1: SmoothingStream;
  private readonly m2: SmoothingStream;
  private readonly a1: SmoothingStream;
  private readonly a2: SmoothingStream;

  constructor(period1 = 25, period2 = 13, pchange = 1) {
    this.lag = new Lag(pchange);
    this.m1 = emaStream(period1);
    this.m2 = emaStream(period2);
    this.a1 = emaStream(period1);
    this.a2 = emaStream(period2);
  }

  update(x: number): number {
    const pc = x - this.lag.push(x);
    const num = this.m2.update(this.m1.update(pc));
    const den = this.a2.update(this.a1.update(Math.abs(pc)));
    return 100 * (num / den);
  }
}
