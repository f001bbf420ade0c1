/**
 * Price oscillators with backtrader's definitions: MACD / MACDHisto, PPO, PPOShort,
 * PriceOscillator, the `*Osc` (x − MA) and `*Envelope` (MA ± perc %) families, TRIX, KST and DPO.
 */
import { type EmaOptions, type MovingAverageKind, type SmoothingStream, type Stream1, SmaStream, emaStream, movingAverage } from './moving-average.js';
import { RocStream } from './momentum.js';
import { Lag } from './window.js';

/** MACD's outputs. */
export interface MacdValues {
  macd: number;
  signal: number;
  histo: number;
}

/** Options of MACD. */
export interface MacdOptions extends EmaOptions {
  /**
   * `'backtrader'` (default): both EMAs start on the first bar. `'talib'`: TA-Lib's MACD seeds the
   * fast EMA on the `fast` bars that end where the slow EMA's seed ends, so both start together.
   */
  convention?: 'backtrader' | 'talib';
}

/** MACD: EMA(fast) − EMA(slow), its EMA(signal), and their difference. */
export class MacdStream {
  private readonly fast: SmoothingStream;
  private readonly slow: SmoothingStream;
  private readonly sig: SmoothingStream;
  private skip: number;
  /** The values of the last update (overwritten by the next one). */
  readonly out: MacdValues = { macd: NaN, signal: NaN, histo: NaN };

  constructor(fast = 12, slow = 26, signal = 9, options: MacdOptions = {}) {
    this.fast = emaStream(fast, options);
    this.slow = emaStream(slow, options);
    this.sig = emaStream(signal, options);
    this.skip = options.convention === 'talib' ? Math.max(0, slow - fast) : 0;
  }

  update(x: number): MacdValues {
    const out = this.out;
    let f = NaN;
    if (x === x && this.skip > 0) this.skip--;
    else f = this.fast.update(x);
    const m = f - this.slow.update(x);
    const s = this.sig.update(m);
    out.macd = m;
    out.signal = s;
    out.histo = m - s;
    return out;
  }
}

/** PPO's outputs. */
export interface PpoValues {
  ppo: number;
  signal: number;
  histo: number;
}

/** PPO: `100 · (MA1 − MA2) / MA2` (PPOShort divides by MA1), with an EMA signal and histogram. */
export class PpoStream {
  private readonly ma1: SmoothingStream;
  private readonly ma2: SmoothingStream;
  private readonly sig: SmoothingStream;
  readonly out: PpoValues = { ppo: NaN, signal: NaN, histo: NaN };

  constructor(period1 = 12, period2 = 26, signal = 9, private readonly short = false) {
    this.ma1 = emaStream(period1);
    this.ma2 = emaStream(period2);
    this.sig = emaStream(signal);
  }

  update(x: number): PpoValues {
    const a = this.ma1.update(x);
    const b = this.ma2.update(x);
    const p = (100 * (a - b)) / (this.short ? a : b);
    const s = this.sig.update(p);
    const out = this.out;
    out.ppo = p;
    out.signal = s;
    out.histo = p - s;
    return out;
  }
}

/** Price oscillator (APO): MA(period1) − MA(period2), EMAs by default. */
export class PriceOscillatorStream implements Stream1 {
  private readonly ma1: Stream1;
  private readonly ma2: Stream1;
  constructor(period1 = 12, period2 = 26, kind: MovingAverageKind = 'ema') {
    this.ma1 = movingAverage(kind, period1);
    this.ma2 = movingAverage(kind, period2);
  }
  update(x: number): number {
    return this.ma1.update(x) - this.ma2.update(x);
  }
}

/** `*Osc`: the input minus its moving average of `kind`. */
export class OscStream implements Stream1 {
  private readonly ma: Stream1;
  constructor(kind: MovingAverageKind, period = 30) {
    this.ma = movingAverage(kind, period);
  }
  update(x: number): number {
    return x - this.ma.update(x);
  }
}

/** An envelope's outputs: the moving average and the bands `perc` % above and below it. */
export interface EnvelopeValues {
  mid: number;
  top: number;
  bot: number;
}

/** `*Envelope`: a moving average of `kind` with bands `perc` % above and below. */
export class EnvelopeStream {
  private readonly ma: Stream1;
  private readonly up: number;
  private readonly down: number;
  readonly out: EnvelopeValues = { mid: NaN, top: NaN, bot: NaN };

  /** `kind` null: the envelope of the input itself (backtrader's Envelope). */
  constructor(kind: MovingAverageKind | null, period = 30, perc = 2.5) {
    this.ma = kind === null ? { update: (x: number) => x } : movingAverage(kind, period);
    this.up = 1 + perc / 100;
    this.down = 1 - perc / 100;
  }

  update(x: number): EnvelopeValues {
    const m = this.ma.update(x);
    const out = this.out;
    out.mid = m;
    out.top = m * this.up;
    out.bot = m * this.down;
    return out;
  }
}

/** TRIX: 1-bar percent rate of change of a triple EMA, times 100. */
export class TrixStream implements Stream1 {
  private readonly e1: SmoothingStream;
  private readonly e2: SmoothingStream;
  private readonly e3: SmoothingStream;
  private readonly lag = new Lag(1);
  constructor(period = 15) {
    this.e1 = emaStream(period);
    this.e2 = emaStream(period);
    this.e3 = emaStream(period);
  }
  update(x: number): number {
    const t = this.e3.update(this.e2.update(this.e1.update(x)));
    return 100 * (t / this.lag.push(t) - 1);
  }
}

/** KST's outputs. */
export interface KstValues {
  kst: number;
  signal: number;
}

/** Know Sure Thing: Σ factor_i · SMA(ROC100(rp_i), rma_i), with an SMA signal. */
export class KstStream {
  private readonly rocs: RocStream[];
  private readonly mas: SmaStream[];
  private readonly sig: SmaStream;
  readonly out: KstValues = { kst: NaN, signal: NaN };

  constructor(
    rp: readonly number[] = [10, 15, 20, 30],
    rma: readonly number[] = [10, 10, 10, 10],
    signal = 9,
    private readonly factors: readonly number[] = [1, 2, 3, 4],
  ) {
    this.rocs = rp.map((p) => new RocStream(p, 100));
    this.mas = rma.map((p) => new SmaStream(p));
    this.sig = new SmaStream(signal);
  }

  update(x: number): KstValues {
    let k = 0;
    for (let i = 0; i < this.rocs.length; i++) k += this.factors[i]! * this.mas[i]!.update(this.rocs[i]!.update(x));
    const out = this.out;
    out.kst = k;
    out.signal = this.sig.update(k);
    return out;
  }
}

/** Detrended price oscillator: `x − SMA(period)` taken `period/2 + 1` bars ago. */
export class DpoStream implements Stream1 {
  private readonly ma: SmaStream;
  private readonly lag: Lag;
  constructor(period = 20) {
    this.ma = new SmaStream(period);
    this.lag = new Lag(Math.floor(period / 2) + 1);
  }
  update(x: number): number {
    return x - this.lag.push(this.ma.update(x));
  }
}
