/**
 * User-defined terms, zipline style: subclass `CustomFactor` (or `CustomFilter`,
 * `CustomClassifier`), set `inputs` and `windowLength` as fields or constructor options, and
 * implement `compute(today, assets, out, ...windows)`; each window is sessions × assets.
 */
import { Classifier, type DayArgs, Factor, Filter, type TermOptions } from './terms.js';
import type { Window } from './window.js';

/** The per-session computation of a custom term. */
export type ComputeFn = (today: string, assets: Int32Array, out: Float64Array, ...windows: Window[]) => void;

function check(term: { windowLength: number; inputs: readonly unknown[]; label: string }): void {
  if (!(Number.isInteger(term.windowLength) && term.windowLength >= 1)) {
    throw new RangeError(`${term.label}: windowLength must be a positive whole number of sessions, got ${term.windowLength}`);
  }
  if (term.inputs.length === 0) throw new RangeError(`${term.label}: give it inputs (e.g. [EquityPricing.close])`);
}

/** A factor computed per session from windows of its inputs. */
export abstract class CustomFactor extends Factor {
  constructor(options: TermOptions = {}) {
    super(options);
  }
  abstract compute(today: string, assets: Int32Array, out: Float64Array, ...windows: Window[]): void;
  override computeDay(args: DayArgs): void {
    check({ ...this.resolved(), label: this.label });
    this.compute(args.today, args.assets, args.out, ...args.windows);
  }
}

/** A filter computed per session: write 1 (true) or 0 into `out`. */
export abstract class CustomFilter extends Filter {
  constructor(options: TermOptions = {}) {
    super(options);
  }
  abstract compute(today: string, assets: Int32Array, out: Float64Array, ...windows: Window[]): void;
  override computeDay(args: DayArgs): void {
    this.compute(args.today, args.assets, args.out, ...args.windows);
  }
}

/** A classifier computed per session: write integer labels (−1 = missing) into `out`. */
export abstract class CustomClassifier extends Classifier {
  constructor(options: TermOptions = {}) {
    super(options);
  }
  abstract compute(today: string, assets: Int32Array, out: Float64Array, ...windows: Window[]): void;
  override computeDay(args: DayArgs): void {
    this.compute(args.today, args.assets, args.out, ...args.windows);
  }
}

/** A custom factor from a function: `customFactor({ inputs, windowLength }, (today, assets, out, close) => …)`. */
export function customFactor(options: TermOptions & { label?: string }, compute: ComputeFn): Factor {
  const f = new Factor({ ...options, computeDay: (a) => compute(a.today, a.assets, a.out, ...a.windows) });
  check({ ...f.resolved(), label: options.label ?? 'customFactor' });
  return f;
}
