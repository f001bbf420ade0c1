/**
 * zipline's statistical factors: BollingerBands (lower/middle/upper), RollingPearsonOfReturns,
 * RollingLinearRegressionOfReturns (alpha, beta, rValue, pValue, stderr) and SimpleBeta, each against
 * one target asset's returns.
 */
import { studentTTwoSidedP } from '../core/student-t.js';
import type { Asset } from '../model/asset.js';
import { EquityPricing } from './datasets.js';
import { DailyReturns, Returns, builtin, nanStdColumns } from './factors.js';
import { Factor, type Filter, type TermInput } from './terms.js';
import type { Window } from './window.js';

/** Bollinger Bands over the window: middle = nanmean, bands = middle ± k · nanstd (ddof 0). */
export class BollingerBands {
  readonly lower: Factor;
  readonly middle: Factor;
  readonly upper: Factor;
  constructor(options: { windowLength: number; k: number; inputs?: readonly TermInput[]; mask?: Filter }) {
    const inputs = options.inputs ?? [EquityPricing.close];
    const band = (sign: number, name: string) => new Factor(builtin(`BollingerBands.${name}`, inputs, options.windowLength, options, (out, [w]) => {
      const mean = new Float64Array(out.length);
      nanStdColumns(w!, out, mean);
      for (let c = 0; c < out.length; c++) out[c] = mean[c]! + sign * options.k * out[c]!;
    }));
    this.lower = band(-1, 'lower');
    this.middle = band(0, 'middle');
    this.upper = band(1, 'upper');
  }
}

/** Column of `target` in `assets`, or −1. */
const columnOf = (assets: Int32Array, target: Asset): number => assets.indexOf(target.sid);

/** Mean of a column, NaN if any value is NaN (numpy's `mean`). */
function strictMean(w: Window, c: number): number {
  let s = 0;
  for (let r = 0; r < w.length; r++) s += w.at(r, c);
  return s / w.length;
}

/** Pearson r of each column with column `t` (zipline's `vectorized_pearson_r`, no missing values allowed). */
function pearsonDay(out: Float64Array, w: Window, t: number): void {
  if (t < 0) return;
  const mx = strictMean(w, t);
  for (let c = 0; c < out.length; c++) {
    const my = strictMean(w, c);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let r = 0; r < w.length; r++) {
      const dx = w.at(r, t) - mx;
      const dy = w.at(r, c) - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    const n = w.length;
    out[c] = sxy / n / Math.sqrt((sxx / n) * (syy / n));
  }
}

/** Options of the target-relative factors. */
export interface TargetOptions {
  target: Asset;
  mask?: Filter;
}

/** Pearson correlation of each asset's `returnsLength` returns with the target's, over `correlationLength` sessions. */
export class RollingPearsonOfReturns extends Factor {
  constructor(options: TargetOptions & { returnsLength: number; correlationLength: number }) {
    const returns = new Returns({ windowLength: options.returnsLength });
    super(builtin('RollingPearsonOfReturns', [returns], options.correlationLength, { mask: options.mask ?? null },
      (out, [w], assets) => pearsonDay(out, w!, columnOf(assets, options.target))));
  }
}

/** One output of a linear regression against the target. */
export type RegressionOutput = 'alpha' | 'beta' | 'rValue' | 'pValue' | 'stderr';

/**
 * Least-squares regression of each asset's returns (y) on the target's (x) over
 * `regressionLength` sessions, as scipy's `linregress` (which zipline calls): `.alpha`, `.beta`,
 * `.rValue`, `.pValue` (two-sided t-test of the slope, n − 2 degrees of freedom), `.stderr`.
 */
export class RollingLinearRegressionOfReturns {
  readonly alpha: Factor;
  readonly beta: Factor;
  readonly rValue: Factor;
  readonly pValue: Factor;
  readonly stderr: Factor;
  constructor(options: TargetOptions & { returnsLength: number; regressionLength: number }) {
    const returns = new Returns({ windowLength: options.returnsLength });
    const make = (what: RegressionOutput) => new Factor(builtin(`RollingLinearRegressionOfReturns.${what}`, [returns], options.regressionLength,
      { mask: options.mask ?? null }, (out, [w], assets) => regressionDay(out, w!, columnOf(assets, options.target), what)));
    this.alpha = make('alpha');
    this.beta = make('beta');
    this.rValue = make('rValue');
    this.pValue = make('pValue');
    this.stderr = make('stderr');
  }
}

function regressionDay(out: Float64Array, w: Window, t: number, what: RegressionOutput): void {
  if (t < 0) return;
  const n = w.length;
  const mx = strictMean(w, t);
  for (let c = 0; c < out.length; c++) {
    const my = strictMean(w, c);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let r = 0; r < n; r++) {
      const dx = w.at(r, t) - mx;
      const dy = w.at(r, c) - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    const beta = sxy / sxx;
    const rv = sxy / Math.sqrt(sxx * syy);
    if (what === 'beta') out[c] = beta;
    else if (what === 'alpha') out[c] = my - beta * mx;
    else if (what === 'rValue') out[c] = rv;
    else if (what === 'pValue') out[c] = slopePValue(rv, n, w, c);
    else out[c] = Math.sqrt(((1 - rv * rv) * syy) / (n - 2) / sxx);
  }
}

/**
 * scipy's `linregress` p-value: t = r·√(df / ((1 − r + 1e−20)(1 + r + 1e−20))), df = n − 2, r
 * clipped to ±1, two-sided; with two points, 1 when y is flat, else 0.
 */
function slopePValue(rv: number, n: number, w: Window, c: number): number {
  if (rv !== rv) return NaN;
  if (n === 2) return w.at(0, c) === w.at(1, c) ? 1 : 0;
  const r = Math.max(-1, Math.min(1, rv));
  const df = n - 2;
  const TINY = 1e-20;
  return studentTTwoSidedP(r * Math.sqrt(df / ((1 - r + TINY) * (1 + r + TINY))), df);
}

/**
 * zipline's SimpleBeta: Cov(asset, target) / Var(target) of daily returns over
 * `regressionLength` sessions, on the sessions where the asset has a return; NaN when more than
 * ⌊allowedMissingPercentage · regressionLength⌋ are missing.
 */
export class SimpleBeta extends Factor {
  constructor(options: TargetOptions & { regressionLength: number; allowedMissingPercentage?: number }) {
    const allowed = Math.trunc((options.allowedMissingPercentage ?? 0.25) * options.regressionLength);
    super(builtin('SimpleBeta', [new DailyReturns()], options.regressionLength, { mask: options.mask ?? null }, (out, [w], assets) => {
      const t = columnOf(assets, options.target);
      if (t < 0) return;
      const n = w!.length;
      for (let c = 0; c < out.length; c++) {
        let sx = 0;
        let count = 0;
        for (let r = 0; r < n; r++) {
          const y = w!.at(r, c);
          const x = w!.at(r, t);
          if (y === y && x === x) {
            sx += x;
            count++;
          }
        }
        const mx = sx / count;
        let cov = 0;
        let varx = 0;
        for (let r = 0; r < n; r++) {
          const y = w!.at(r, c);
          const x = w!.at(r, t);
          if (y === y && x === x) {
            cov += (x - mx) * y;
            varx += (x - mx) ** 2;
          }
        }
        out[c] = n - count > allowed ? NaN : cov / count / (varx / count);
      }
    }));
  }
}
