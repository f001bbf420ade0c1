/**
 * High/low/close indicators with backtrader's definitions: Stochastic (slow, fast, full),
 * Williams %R, Williams A/D, Aroon, Directional Movement (+DI, −DI, ADX, ADXR), Vortex and the
 * Ultimate Oscillator.
 */
import { type SmoothingStream, SmaStream, smmaStream } from './moving-average.js';
import { ExtremeStream } from './momentum.js';
import { AtrStream, type StreamHlc, TrueRangeStream } from './volatility.js';
import { Lag, RollingSum } from './window.js';

/** A stochastic's outputs (`dSlow` only for StochasticFull). */
export interface StochasticValues {
  k: number;
  d: number;
  dSlow: number;
}

/**
 * Stochastic. `variant` `'slow'` (backtrader's Stochastic): k = SMA(fast %K, dfast), d = SMA(k,
 * dslow); `'fast'`: k = 100·(close − LL)/(HH − LL), d = SMA(k, dfast); `'full'`: the fast pair plus
 * dSlow = SMA(d, dslow).
 */
export class StochasticStream {
  private readonly hh: ExtremeStream;
  private readonly ll: ExtremeStream;
  private readonly dFast: SmaStream;
  private readonly dSlowMa: SmaStream;
  readonly out: StochasticValues = { k: NaN, d: NaN, dSlow: NaN };

  constructor(period = 14, periodDFast = 3, periodDSlow = 3, private readonly variant: 'slow' | 'fast' | 'full' = 'slow') {
    this.hh = new ExtremeStream(period, true);
    this.ll = new ExtremeStream(period, false);
    this.dFast = new SmaStream(periodDFast);
    this.dSlowMa = new SmaStream(periodDSlow);
  }

  update(high: number, low: number, close: number): StochasticValues {
    const hh = this.hh.update(high);
    const ll = this.ll.update(low);
    const k = 100 * ((close - ll) / (hh - ll));
    const d = this.dFast.update(k);
    const ds = this.variant === 'fast' ? NaN : this.dSlowMa.update(d);
    const out = this.out;
    if (this.variant === 'slow') {
      out.k = d;
      out.d = ds;
    } else {
      out.k = k;
      out.d = d;
      out.dSlow = ds;
    }
    return out;
  }
}

/** Williams %R: `−100 · (HH − close) / (HH − LL)`. */
export class WilliamsRStream implements StreamHlc {
  private readonly hh: ExtremeStream;
  private readonly ll: ExtremeStream;
  constructor(period = 14) {
    this.hh = new ExtremeStream(period, true);
    this.ll = new ExtremeStream(period, false);
  }
  update(high: number, low: number, close: number): number {
    const h = this.hh.update(high);
    const l = this.ll.update(low);
    return (-100 * (h - close)) / (h - l);
  }
}

/** Williams accumulation/distribution: running sum of close − TrueLow on up days, close − TrueHigh on down days. */
export class WilliamsAdStream implements StreamHlc {
  private readonly tr = new TrueRangeStream();
  private readonly prev = new Lag(1);
  private acc = 0;
  update(high: number, low: number, close: number): number {
    const tr = this.tr.update(high, low, close);
    const pc = this.prev.push(close);
    if (tr !== tr || pc !== pc) return NaN;
    if (close > pc) this.acc += close - this.tr.trueLow;
    else if (close < pc) this.acc += close - this.tr.trueHigh;
    return this.acc;
  }
}

/** Aroon outputs: up, down and the oscillator up − down. */
export interface AroonValues {
  up: number;
  down: number;
  osc: number;
}

/** Aroon: `100/period · (period − bars since the highest high / lowest low)` over `period + 1` bars. */
export class AroonStream {
  private readonly hh: ExtremeStream;
  private readonly ll: ExtremeStream;
  readonly out: AroonValues = { up: NaN, down: NaN, osc: NaN };
  constructor(private readonly period = 14) {
    this.hh = new ExtremeStream(period + 1, true);
    this.ll = new ExtremeStream(period + 1, false);
  }
  update(high: number, low: number): AroonValues {
    const h = this.hh.update(high);
    const l = this.ll.update(low);
    const out = this.out;
    const k = 100 / this.period;
    out.up = h !== h ? NaN : k * (this.period - this.hh.age);
    out.down = l !== l ? NaN : k * (this.period - this.ll.age);
    out.osc = out.up - out.down;
    return out;
  }
}

/** Directional movement outputs. */
export interface DirectionalValues {
  plusDI: number;
  minusDI: number;
  adx: number;
  adxr: number;
}

/** Directional movement (Wilder, SMMA smoothing): +DI, −DI, ADX and ADXR. */
export class DirectionalMovementStream {
  private readonly atr: AtrStream;
  private readonly prevHigh = new Lag(1);
  private readonly prevLow = new Lag(1);
  private readonly plus: SmoothingStream;
  private readonly minus: SmoothingStream;
  private readonly dx: SmoothingStream;
  private readonly adxLag: Lag;
  readonly out: DirectionalValues = { plusDI: NaN, minusDI: NaN, adx: NaN, adxr: NaN };

  constructor(period = 14) {
    this.atr = new AtrStream(period);
    this.plus = smmaStream(period);
    this.minus = smmaStream(period);
    this.dx = smmaStream(period);
    this.adxLag = new Lag(period);
  }

  update(high: number, low: number, close: number): DirectionalValues {
    const atr = this.atr.update(high, low, close);
    const upMove = high - this.prevHigh.push(high);
    const downMove = this.prevLow.push(low) - low;
    let pdm = NaN;
    let mdm = NaN;
    if (upMove === upMove && downMove === downMove) {
      pdm = upMove > downMove && upMove > 0 ? upMove : 0;
      mdm = downMove > upMove && downMove > 0 ? downMove : 0;
    }
    const plusDI = (100 * this.plus.update(pdm)) / atr;
    const minusDI = (100 * this.minus.update(mdm)) / atr;
    const adx = 100 * this.dx.update(Math.abs(plusDI - minusDI) / (plusDI + minusDI));
    const out = this.out;
    out.plusDI = plusDI;
    out.minusDI = minusDI;
    out.adx = adx;
    out.adxr = (adx + this.adxLag.push(adx)) / 2;
    return out;
  }
}

/** Vortex outputs. */
export interface VortexValues {
  viPlus: number;
  viMinus: number;
}

/**
 * Vortex: Σ|high − low[1]| and Σ|low − high[1]| over `period`, each divided by the sum of
 * max(|high − low|, |high − close[1]|, |low − close[1]|) over `period`.
 */
export class VortexStream {
  private readonly ph = new Lag(1);
  private readonly pl = new Lag(1);
  private readonly pc = new Lag(1);
  private readonly vmPlus: RollingSum;
  private readonly vmMinus: RollingSum;
  private readonly tr: RollingSum;
  readonly out: VortexValues = { viPlus: NaN, viMinus: NaN };
  constructor(period = 14) {
    this.vmPlus = new RollingSum(period);
    this.vmMinus = new RollingSum(period);
    this.tr = new RollingSum(period);
  }
  update(high: number, low: number, close: number): VortexValues {
    const h1 = this.ph.push(high);
    const l1 = this.pl.push(low);
    const c1 = this.pc.push(close);
    const p = this.vmPlus.push(Math.abs(high - l1));
    const m = this.vmMinus.push(Math.abs(low - h1));
    const t = this.tr.push(c1 !== c1 ? NaN : Math.max(Math.abs(high - low), Math.abs(high - c1), Math.abs(low - c1)));
    this.out.viPlus = p / t;
    this.out.viMinus = m / t;
    return this.out;
  }
}

/** Ultimate oscillator: weighted (4, 2, 1) ratios of Σ(close − TrueLow) to Σ TrueRange over p1, p2, p3. */
export class UltimateOscillatorStream implements StreamHlc {
  private readonly tr = new TrueRangeStream();
  private readonly bp: RollingSum[];
  private readonly trs: RollingSum[];
  constructor(p1 = 7, p2 = 14, p3 = 28) {
    this.bp = [p1, p2, p3].map((p) => new RollingSum(p));
    this.trs = [p1, p2, p3].map((p) => new RollingSum(p));
  }
  update(high: number, low: number, close: number): number {
    const tr = this.tr.update(high, low, close);
    const bp = tr !== tr ? NaN : close - this.tr.trueLow;
    const a7 = this.bp[0]!.push(bp) / this.trs[0]!.push(tr);
    const a14 = this.bp[1]!.push(bp) / this.trs[1]!.push(tr);
    const a28 = this.bp[2]!.push(bp) / this.trs[2]!.push(tr);
    const factor = 100 / 7;
    return 4 * factor * a7 + 2 * factor * a14 + factor * a28;
  }
}
