/**
 * zipline's built-in factors, with its definitions (NaN handling included): Returns,
 * DailyReturns, PercentChange, SimpleMovingAverage, ExponentialWeightedMovingAverage,
 * AverageDollarVolume, VWAP, RSI, AnnualizedVolatility, MaxDrawdown.
 */
import { EquityPricing } from './datasets.js';
import { Factor, type TermInput, type TermOptions, type TermSpec } from './terms.js';
import type { Window } from './window.js';
import { nanMeanRows, nanSumRows, scratch, sumRows } from './window-sums.js';

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
 * A built-in's maths over a block of sessions: `out` (rows × width) from `inputs`, each
 * (rows + w − 1) × width, output row i from input rows i … i + w − 1. One session is a block of
 * one row, so the per-session and vectorized forms run the same code and give the same values.
 */
export type Kernel = (out: Float64Array, inputs: readonly Float64Array[], w: number, rows: number, width: number, assets: Int32Array) => void;

/** The spec of a built-in windowed factor computed by `kernel`, per session or over blocks. */
export function kernelBuiltin(label: string, inputs: readonly TermInput[], windowLength: number, options: TermOptions, kernel: Kernel): TermSpec {
  const spec = builtin(label, inputs, windowLength, options, () => {});
  return {
    ...spec,
    computeDay: (a) => kernel(a.out, a.windows.map((w) => w.data), a.windows[0]!.length, 1, a.out.length, a.assets),
    computeBlock: (a) => kernel(a.out, a.inputs, a.windowLength, a.rows, a.width, a.assets),
  };
}

/**
 * nanmean of each column into `out`: rows summed in order skipping NaNs; the counts are only
 * taken when the window holds a NaN, as otherwise every count is the window's length.
 */
export function nanMeanColumns(w: Window, out: Float64Array): void {
  nanMeanRows(w.data, w.width, 0, w.length, out, new Float64Array(w.width));
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
    super(kernelBuiltin('Returns', [EquityPricing.close], 0, options, (out, [x], w, rows, n) => {
      for (let i = 0, f = 0, l = (w - 1) * n; i < rows * n; i++, f++, l++) out[i] = (x![l]! - x![f]!) / x![f]!;
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
    super(kernelBuiltin('PercentChange', options.inputs, 0, options, (out, [x], w, rows, n) => {
      for (let i = 0, f = 0, l = (w - 1) * n; i < rows * n; i++, f++, l++) out[i] = (x![l]! - x![f]!) / Math.abs(x![f]!);
    }));
  }
}

/** nanmean of the input over the window. */
export class SimpleMovingAverage extends Factor {
  constructor(options: WindowOptions & { inputs: readonly TermInput[] }) {
    let counts: Float64Array = new Float64Array(0);
    super(kernelBuiltin('SimpleMovingAverage', options.inputs, 0, options, (out, [x], w, rows, n) => {
      counts = scratch(counts, n);
      for (let i = 0; i < rows; i++) nanMeanRows(x!, n, i * n, w, out.subarray(i * n, (i + 1) * n), counts);
    }));
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
    super(kernelBuiltin('ExponentialWeightedMovingAverage', options.inputs, 0, options, (all, [x], len, rows, n) => {
      if (!weights || weights.length !== len) weights = Float64Array.from({ length: len }, (_, i) => decay ** (len + 1 - i));
      let total = 0;
      for (let i = 0; i < len; i++) total += weights[i]!;
      for (let i = 0; i < rows; i++) {
        const out = all.subarray(i * n, (i + 1) * n);
        out.fill(0);
        for (let r = 0; r < len; r++) {
          const base = (i + r) * n;
          const k = weights[r]!;
          for (let c = 0; c < n; c++) out[c] += x![base + c]! * k;
        }
        for (let c = 0; c < n; c++) out[c] = out[c]! / total;
      }
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

/** `close · volume` for the first `count` values, into a scratch buffer. */
function products(close: Float64Array, volume: Float64Array, count: number, into: Float64Array): Float64Array {
  const out = scratch(into, count);
  for (let i = 0; i < count; i++) out[i] = close[i]! * volume[i]!;
  return out;
}

/** `nansum(close · volume) / windowLength`. */
export class AverageDollarVolume extends Factor {
  constructor(options: WindowOptions = {}) {
    let dollars: Float64Array = new Float64Array(0);
    super(kernelBuiltin('AverageDollarVolume', [EquityPricing.close, EquityPricing.volume], 0, options, (out, [close, volume], w, rows, n) => {
      dollars = products(close!, volume!, (rows + w - 1) * n, dollars);
      for (let i = 0; i < rows; i++) {
        const o = out.subarray(i * n, (i + 1) * n);
        nanSumRows(dollars, n, i * n, w, o);
        for (let c = 0; c < n; c++) o[c] = o[c]! / w;
      }
    }));
  }
}

/** Volume-weighted average price: `nansum(close · volume) / nansum(volume)`. */
export class VWAP extends Factor {
  constructor(options: WindowOptions = {}) {
    let dollars: Float64Array = new Float64Array(0);
    let den: Float64Array = new Float64Array(0);
    super(kernelBuiltin('VWAP', [EquityPricing.close, EquityPricing.volume], 0, options, (out, [close, volume], w, rows, n) => {
      dollars = products(close!, volume!, (rows + w - 1) * n, dollars);
      den = scratch(den, n);
      for (let i = 0; i < rows; i++) {
        const o = out.subarray(i * n, (i + 1) * n);
        nanSumRows(dollars, n, i * n, w, o);
        nanSumRows(volume!, n, i * n, w, den);
        for (let c = 0; c < n; c++) o[c] = o[c]! / den[c]!;
      }
    }));
  }
}

/**
 * zipline's RSI: simple means of the up and down moves over the window (default 15 sessions, 14
 * moves). The moves of a block are taken once, split into up and down parts (0 where the move
 * is the other way or NaN), and summed per window; the moves are counted only when the window
 * holds a NaN move.
 */
export class RSI extends Factor {
  constructor(options: WindowOptions = {}) {
    let ups: Float64Array = new Float64Array(0);
    let downs: Float64Array = new Float64Array(0);
    let valid: Float64Array = new Float64Array(0);
    let dn: Float64Array = new Float64Array(0);
    let counts: Float64Array = new Float64Array(0);
    let nanRows: Int32Array = new Int32Array(0);
    super(kernelBuiltin('RSI', [EquityPricing.close], 15, options, (out, [x], len, rows, n) => {
      const total = (rows + len - 1) * n;
      ups = scratch(ups, total);
      downs = scratch(downs, total);
      valid = scratch(valid, total);
      dn = scratch(dn, n);
      counts = scratch(counts, n);
      if (nanRows.length < rows + len) nanRows = new Int32Array(rows + len);
      // Row j (≥ 1) holds the move from row j − 1; nanRows[j] counts NaN moves in rows 1…j.
      for (let j = 1, i = n; j < rows + len - 1; j++) {
        let nans = 0;
        for (let c = 0; c < n; c++, i++) {
          const d = x![i]! - x![i - n]!;
          if (d > 0) {
            ups[i] = d;
            downs[i] = 0;
            valid[i] = 1;
          } else if (d === d) {
            ups[i] = 0;
            downs[i] = -d;
            valid[i] = 1;
          } else {
            ups[i] = 0;
            downs[i] = 0;
            valid[i] = 0;
            nans++;
          }
        }
        nanRows[j] = nanRows[j - 1]! + nans;
      }
      for (let i = 0; i < rows; i++) {
        const o = out.subarray(i * n, (i + 1) * n);
        sumRows(ups, n, (i + 1) * n, len - 1, o);
        sumRows(downs, n, (i + 1) * n, len - 1, dn);
        const some = nanRows[i + len - 1]! - nanRows[i]! > 0;
        if (some) sumRows(valid, n, (i + 1) * n, len - 1, counts);
        for (let c = 0; c < n; c++) {
          const k = some ? counts[c]! : len - 1;
          const up = o[c]! / k;
          const down = dn[c]! / k;
          o[c] = 100 - 100 / (1 + up / down);
        }
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
