/**
 * zipline's built-in factors, with its definitions (NaN handling included): Returns,
 * DailyReturns, PercentChange, SimpleMovingAverage, ExponentialWeightedMovingAverage,
 * AverageDollarVolume, VWAP, RSI, AnnualizedVolatility, MaxDrawdown.
 */
import { EquityPricing } from './datasets.js';
import { Factor, type TermInput, type TermOptions, type TermSpec } from './terms.js';
import type { Window } from './window.js';

/** Options of a built-in windowed factor. */
export interface WindowOptions extends TermOptions {
  windowLength?: number;
}

/** The spec of a built-in windowed factor: `fn(out, windows, assets)` per session. */
export function builtin(label: string, inputs: readonly TermInput[], windowLength: number, options: TermOptions,
  fn: (out: Float64Array, w: readonly Window[], assets: Int32Array) => void): TermSpec {
  const wl = options.windowLength ?? windowLength;
  if (!(Number.isInteger(wl) && wl >= 1)) throw new RangeError(`${label}: windowLength must be a positive whole number, got ${wl}`);
  return ({ inputs: options.inputs ?? inputs, windowLength: wl, mask: options.mask ?? null, label: `${label}(${wl})`,
    computeDay: (a) => fn(a.out, a.windows, a.assets) });
}

/**
 * nanmean of each column into `out`: one pass summing the non-NaN values row by row; the counts
 * are only taken (a second pass) when the window holds a NaN, as otherwise every count is the
 * window's length.
 */
export function nanMeanColumns(w: Window, out: Float64Array): void {
  const n = w.width;
  const len = w.length;
  const data = w.data;
  let nans = 0;
  out.fill(0);
  for (let r = 0; r < len; r++) {
    const base = r * n;
    for (let c = 0; c < n; c++) {
      const v = data[base + c]!;
      if (v === v) out[c] += v;
      else nans++;
    }
  }
  if (nans === 0) {
    for (let c = 0; c < n; c++) out[c] = out[c]! / len;
    return;
  }
  const counts = new Float64Array(n);
  for (let r = 0; r < len; r++) {
    const base = r * n;
    for (let c = 0; c < n; c++) if (data[base + c] === data[base + c]) counts[c]++;
  }
  for (let c = 0; c < n; c++) out[c] = counts[c] ? out[c]! / counts[c]! : NaN;
}

/** nanstd (ddof 0) of each column into `out`; `mean` receives the nanmean. */
export function nanStdColumns(w: Window, out: Float64Array, mean = new Float64Array(w.width)): void {
  nanMeanColumns(w, mean);
  const n = w.width;
  const counts = new Float64Array(n);
  out.fill(0);
  for (let r = 0; r < w.length; r++) {
    for (let c = 0; c < n; c++) {
      const v = w.data[r * n + c]!;
      if (v === v) {
        out[c] += (v - mean[c]!) ** 2;
        counts[c]++;
      }
    }
  }
  for (let c = 0; c < n; c++) out[c] = counts[c] ? Math.sqrt(out[c]! / counts[c]!) : NaN;
}

/** `(close[-1] − close[0]) / close[0]` over the window (default inputs: close). */
export class Returns extends Factor {
  constructor(options: WindowOptions = {}) {
    super(builtin('Returns', [EquityPricing.close], 0, options, (out, [w]) => {
      const first = w!.row(0);
      const last = w!.row(-1);
      for (let c = 0; c < out.length; c++) out[c] = (last[c]! - first[c]!) / first[c]!;
    }));
  }
}

/** One-session returns: `Returns({ windowLength: 2 })`. */
export class DailyReturns extends Returns {
  constructor(options: TermOptions = {}) {
    super({ ...options, windowLength: 2 });
  }
}

/** `(x[-1] − x[0]) / |x[0]|` of the input over the window. */
export class PercentChange extends Factor {
  constructor(options: WindowOptions & { inputs: readonly TermInput[] }) {
    super(builtin('PercentChange', options.inputs, 0, options, (out, [w]) => {
      const first = w!.row(0);
      const last = w!.row(-1);
      for (let c = 0; c < out.length; c++) out[c] = (last[c]! - first[c]!) / Math.abs(first[c]!);
    }));
  }
}

/** nanmean of the input over the window. */
export class SimpleMovingAverage extends Factor {
  constructor(options: WindowOptions & { inputs: readonly TermInput[] }) {
    super(builtin('SimpleMovingAverage', options.inputs, 0, options, (out, [w]) => nanMeanColumns(w!, out)));
  }
}

/** Decay rate from a span, a half-life or a center of mass (zipline's conversions). */
export type EwmaDecay = { decayRate: number } | { span: number } | { halflife: number } | { centerOfMass: number };

function decayOf(d: EwmaDecay): number {
  if ('decayRate' in d) return d.decayRate;
  if ('span' in d) return 1 - 2 / (1 + d.span);
  if ('halflife' in d) return Math.exp(Math.log(0.5) / d.halflife);
  return 1 - 1 / (1 + d.centerOfMass);
}

/**
 * Exponentially weighted mean over the window: weights decay^(W+1) (oldest) … decay^2 (newest),
 * normalised (numpy's `average`: a NaN in the window gives NaN).
 */
export class ExponentialWeightedMovingAverage extends Factor {
  constructor(options: WindowOptions & { inputs: readonly TermInput[] } & EwmaDecay) {
    const decay = decayOf(options);
    if (!(decay > 0 && decay <= 1)) throw new RangeError(`ExponentialWeightedMovingAverage: decay rate must be in (0, 1], got ${decay}`);
    let weights: Float64Array | undefined;
    super(builtin('ExponentialWeightedMovingAverage', options.inputs, 0, options, (out, [w]) => {
      const len = w!.length;
      if (!weights || weights.length !== len) weights = Float64Array.from({ length: len }, (_, i) => decay ** (len + 1 - i));
      let total = 0;
      for (let i = 0; i < len; i++) total += weights[i]!;
      out.fill(0);
      for (let r = 0; r < len; r++) {
        const row = w!.row(r);
        const k = weights[r]!;
        for (let c = 0; c < out.length; c++) out[c] += row[c]! * k;
      }
      for (let c = 0; c < out.length; c++) out[c] = out[c]! / total;
    }));
  }

  /** zipline's `from_span`: decay 1 − 2/(1 + span). */
  static fromSpan(options: WindowOptions & { inputs: readonly TermInput[]; span: number }): ExponentialWeightedMovingAverage {
    return new ExponentialWeightedMovingAverage(options);
  }
  /** zipline's `from_halflife`: decay exp(ln 0.5 / halflife). */
  static fromHalflife(options: WindowOptions & { inputs: readonly TermInput[]; halflife: number }): ExponentialWeightedMovingAverage {
    return new ExponentialWeightedMovingAverage(options);
  }
  /** zipline's `from_center_of_mass`: decay 1 − 1/(1 + centerOfMass). */
  static fromCenterOfMass(options: WindowOptions & { inputs: readonly TermInput[]; centerOfMass: number }): ExponentialWeightedMovingAverage {
    return new ExponentialWeightedMovingAverage(options);
  }
}

/** `nansum(close · volume) / windowLength`. */
export class AverageDollarVolume extends Factor {
  constructor(options: WindowOptions = {}) {
    super(builtin('AverageDollarVolume', [EquityPricing.close, EquityPricing.volume], 0, options, (out, [close, volume]) => {
      const n = out.length;
      const len = close!.length;
      const p = close!.data;
      const v = volume!.data;
      out.fill(0);
      for (let r = 0; r < len; r++) {
        const base = r * n;
        for (let c = 0; c < n; c++) {
          const x = p[base + c]! * v[base + c]!;
          if (x === x) out[c] += x;
        }
      }
      for (let c = 0; c < n; c++) out[c] = out[c]! / len;
    }));
  }
}

/** Volume-weighted average price: `nansum(close · volume) / nansum(volume)`. */
export class VWAP extends Factor {
  constructor(options: WindowOptions = {}) {
    super(builtin('VWAP', [EquityPricing.close, EquityPricing.volume], 0, options, (out, [close, volume]) => {
      const n = out.length;
      const den = new Float64Array(n);
      out.fill(0);
      for (let r = 0; r < close!.length; r++) {
        const p = close!.row(r);
        const v = volume!.row(r);
        for (let c = 0; c < n; c++) {
          const x = p[c]! * v[c]!;
          if (x === x) out[c] += x;
          if (v[c] === v[c]) den[c] += v[c]!;
        }
      }
      for (let c = 0; c < n; c++) out[c] = out[c]! / den[c]!;
    }));
  }
}

/**
 * zipline's RSI: simple means of the up and down moves over the window (default 15 sessions, 14
 * moves). The moves are counted (a second pass) only when the window holds a NaN move.
 */
export class RSI extends Factor {
  constructor(options: WindowOptions = {}) {
    let downs = new Float64Array(0);
    super(builtin('RSI', [EquityPricing.close], 15, options, (out, [w]) => {
      const n = out.length;
      const len = w!.length;
      const data = w!.data;
      if (downs.length !== n) downs = new Float64Array(n);
      else downs.fill(0);
      let nans = 0;
      out.fill(0);
      for (let r = 1; r < len; r++) {
        const prev = (r - 1) * n;
        const cur = r * n;
        for (let c = 0; c < n; c++) {
          const d = data[cur + c]! - data[prev + c]!;
          if (d > 0) out[c] += d;
          else if (d === d) downs[c] -= d;
          else nans++;
        }
      }
      let counts: Float64Array | null = null;
      if (nans > 0) {
        counts = new Float64Array(n);
        for (let r = 1; r < len; r++) {
          for (let c = 0; c < n; c++) if (data[r * n + c]! - data[(r - 1) * n + c]! === data[r * n + c]! - data[(r - 1) * n + c]!) counts[c]++;
        }
      }
      for (let c = 0; c < n; c++) {
        const k = counts ? counts[c]! : len - 1;
        const ups = out[c]! / k;
        const dn = downs[c]! / k;
        out[c] = 100 - 100 / (1 + ups / dn);
      }
    }));
  }
}

/** `nanstd(returns) · √annualizationFactor` over the window (default 252 daily returns). */
export class AnnualizedVolatility extends Factor {
  constructor(options: WindowOptions & { annualizationFactor?: number } = {}) {
    const factor = options.annualizationFactor ?? 252;
    super(builtin('AnnualizedVolatility', [new DailyReturns()], 252, options, (out, [w]) => {
      nanStdColumns(w!, out);
      for (let c = 0; c < out.length; c++) out[c] = out[c]! * factor ** 0.5;
    }));
  }
}

/** zipline's MaxDrawdown: (peak − trough) / trough of the largest drawdown in the window. */
export class MaxDrawdown extends Factor {
  constructor(options: WindowOptions & { inputs: readonly TermInput[] }) {
    super(builtin('MaxDrawdown', options.inputs, 0, options, (out, [w]) => {
      const col = new Float64Array(w!.length);
      for (let c = 0; c < out.length; c++) {
        w!.column(c, col);
        let runMax = NaN;
        let best = -Infinity;
        let end = 0;
        for (let r = 0; r < col.length; r++) {
          const v = col[r]!;
          if (v === v && !(v <= runMax)) runMax = v;
          let dd = runMax - v;
          if (dd !== dd) dd = -Infinity;
          if (dd > best) {
            best = dd;
            end = r;
          }
        }
        let peak = NaN;
        for (let r = 0; r <= end; r++) if (col[r] === col[r] && !(col[r]! <= peak)) peak = col[r]!;
        out[c] = (peak - col[end]!) / col[end]!;
      }
    }));
  }
}
