/**
 * Chart-pattern and composite indicators with backtrader's definitions: Awesome Oscillator,
 * Acceleration/Deceleration, DV2, Ichimoku, Fractal, Heikin-Ashi and CrossOver / CrossUp / CrossDown.
 */
import { SmaStream } from './moving-average.js';
import { ExtremeStream, PercentRankStream } from './momentum.js';
import { Lag, checkPeriod } from './window.js';

/** Awesome oscillator: SMA(median, fast) − SMA(median, slow), median = (high + low) / 2. */
export class AoStream {
  private readonly fast: SmaStream;
  private readonly slow: SmaStream;
  constructor(fast = 5, slow = 34) {
    this.fast = new SmaStream(fast);
    this.slow = new SmaStream(slow);
  }
  update(high: number, low: number): number {
    const m = (high + low) / 2;
    return this.fast.update(m) - this.slow.update(m);
  }
}

/** Acceleration/deceleration oscillator: AO − SMA(AO, period). */
export class AccDecStream {
  private readonly ao = new AoStream();
  private readonly ma: SmaStream;
  constructor(period = 5) {
    this.ma = new SmaStream(period);
  }
  update(high: number, low: number): number {
    const a = this.ao.update(high, low);
    return a - this.ma.update(a);
  }
}

/** DV2: 100 · PercentRank(SMA(close / ((high + low)/2), maPeriod), period). */
export class Dv2Stream {
  private readonly ma: SmaStream;
  private readonly rank: PercentRankStream;
  constructor(period = 252, maPeriod = 2) {
    this.ma = new SmaStream(maPeriod);
    this.rank = new PercentRankStream(period);
  }
  update(high: number, low: number, close: number): number {
    return this.rank.update(this.ma.update(close / ((high + low) / 2))) * 100;
  }
}

/** Ichimoku outputs. */
export interface IchimokuValues {
  tenkan: number;
  kijun: number;
  senkouA: number;
  senkouB: number;
  /** In the stream: the current close, which belongs to the bar `chikou` bars back. */
  chikou: number;
}

/** Ichimoku parameters (backtrader's names and defaults). */
export interface IchimokuOptions {
  tenkan?: number;
  kijun?: number;
  senkou?: number;
  senkouLead?: number;
  chikou?: number;
}

/**
 * Ichimoku: tenkan/kijun = mid of the highest high and lowest low over 9/26 bars; senkou A =
 * their mean and senkou B = the 52-bar mid, both shifted `senkouLead` bars forward; chikou = the
 * close `chikou` bars ahead (vectorized form only; the stream reports the current close).
 */
export class IchimokuStream {
  private readonly h9: ExtremeStream;
  private readonly l9: ExtremeStream;
  private readonly h26: ExtremeStream;
  private readonly l26: ExtremeStream;
  private readonly h52: ExtremeStream;
  private readonly l52: ExtremeStream;
  private readonly leadA: Lag;
  private readonly leadB: Lag;
  readonly out: IchimokuValues = { tenkan: NaN, kijun: NaN, senkouA: NaN, senkouB: NaN, chikou: NaN };
  readonly chikou: number;

  constructor(options: IchimokuOptions = {}) {
    const { tenkan = 9, kijun = 26, senkou = 52, senkouLead = 26, chikou = 26 } = options;
    this.h9 = new ExtremeStream(tenkan, true);
    this.l9 = new ExtremeStream(tenkan, false);
    this.h26 = new ExtremeStream(kijun, true);
    this.l26 = new ExtremeStream(kijun, false);
    this.h52 = new ExtremeStream(senkou, true);
    this.l52 = new ExtremeStream(senkou, false);
    this.leadA = new Lag(senkouLead);
    this.leadB = new Lag(senkouLead);
    this.chikou = chikou;
  }

  update(high: number, low: number, close: number): IchimokuValues {
    const out = this.out;
    out.tenkan = (this.h9.update(high) + this.l9.update(low)) / 2;
    out.kijun = (this.h26.update(high) + this.l26.update(low)) / 2;
    out.senkouA = this.leadA.push((out.tenkan + out.kijun) / 2);
    out.senkouB = this.leadB.push((this.h52.update(high) + this.l52.update(low)) / 2);
    out.chikou = close;
    return out;
  }
}

/** Fractal outputs: the marks set for the bar `shift` bars back (NaN where there is none). */
export interface FractalValues {
  bearish: number;
  bullish: number;
}

/**
 * Bill Williams' fractals: over the last `period` bars, when the first highest high (lowest low)
 * is the bar `shift` back, that bar gets a bearish mark high·(1 + barDist) (bullish low·(1 − barDist)).
 */
export class FractalStream {
  private readonly highs: Float64Array;
  private readonly lows: Float64Array;
  private count = 0;
  readonly out: FractalValues = { bearish: NaN, bullish: NaN };

  constructor(readonly period = 5, private readonly barDist = 0.015, readonly shift = 2) {
    checkPeriod(period);
    this.highs = new Float64Array(period);
    this.lows = new Float64Array(period);
  }

  update(high: number, low: number): FractalValues {
    const out = this.out;
    out.bearish = NaN;
    out.bullish = NaN;
    if (high !== high || low !== low) return out;
    const n = this.period;
    this.highs.copyWithin(0, 1);
    this.lows.copyWithin(0, 1);
    this.highs[n - 1] = high;
    this.lows[n - 1] = low;
    if (this.count < n && ++this.count < n) return out;
    let hi = 0;
    let lo = 0;
    for (let i = 1; i < n; i++) {
      if (this.highs[i]! > this.highs[hi]!) hi = i;
      if (this.lows[i]! < this.lows[lo]!) lo = i;
    }
    if (hi === this.shift) out.bearish = this.highs[hi]! * (1 + this.barDist);
    if (lo === this.shift) out.bullish = this.lows[lo]! * (1 - this.barDist);
    return out;
  }
}

/** Heikin-Ashi candles. */
export interface HeikinAshiValues {
  open: number;
  high: number;
  low: number;
  close: number;
}

/** Heikin-Ashi: close = (o+h+l+c)/4, open = mean of the previous HA open and close (seeded (o+c)/2). */
export class HeikinAshiStream {
  private prevOpen = NaN;
  private prevClose = NaN;
  readonly out: HeikinAshiValues = { open: NaN, high: NaN, low: NaN, close: NaN };

  update(open: number, high: number, low: number, close: number): HeikinAshiValues {
    const out = this.out;
    if (open !== open || high !== high || low !== low || close !== close) {
      out.open = out.high = out.low = out.close = NaN;
      return out;
    }
    const haClose = (open + high + low + close) / 4;
    if (this.prevOpen !== this.prevOpen) {
      this.prevOpen = (open + close) / 2;
      this.prevClose = haClose;
      out.open = out.high = out.low = out.close = NaN;
      return out;
    }
    const haOpen = (this.prevOpen + this.prevClose) / 2;
    this.prevOpen = haOpen;
    this.prevClose = haClose;
    out.open = haOpen;
    out.close = haClose;
    out.high = Math.max(high, haOpen, haClose);
    out.low = Math.min(low, haOpen, haClose);
    return out;
  }
}

/**
 * Cross of `a` over `b` as backtrader defines it: up (+1) when a > b now and the last non-zero
 * a − b before this bar was negative; down (−1) symmetrically; otherwise 0. `mode` picks
 * CrossOver (±1), CrossUp (1/0) or CrossDown (1/0).
 */
export class CrossStream {
  private nzd = NaN;
  constructor(private readonly mode: 'over' | 'up' | 'down' = 'over') {}
  update(a: number, b: number): number {
    if (a !== a || b !== b) return NaN;
    const d = a - b;
    const prev = this.nzd;
    if (d !== 0 || prev !== prev) this.nzd = d;
    if (prev !== prev) return NaN;
    const up = prev < 0 && a > b ? 1 : 0;
    const down = prev > 0 && a < b ? 1 : 0;
    return this.mode === 'over' ? up - down : this.mode === 'up' ? up : down;
  }
}
