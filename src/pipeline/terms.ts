/**
 * Pipeline terms (zipline's semantics): a Factor yields numbers, a Filter booleans (1/0), a
 * Classifier integer labels (−1 = missing). A term is either windowed — computed per session from
 * 2-D windows (sessions × assets) of its inputs — or row-wise — computed over whole blocks of
 * its inputs' results at once. Methods build new terms; nothing is computed until a pipeline runs.
 */
import * as ops from './term-ops.js';
import type { Window } from './window.js';

/** What a windowed term's `computeDay` receives for one session. */
export interface DayArgs {
  /** The session being computed, `YYYY-MM-DD` (its data ends at the previous session's close). */
  readonly today: string;
  /** Sids of the asset columns. */
  readonly assets: Int32Array;
  /** One value per asset, NaN-filled; write the results here. */
  readonly out: Float64Array;
  /** One window per input, `windowLength` sessions × assets. */
  readonly windows: readonly Window[];
}

/**
 * What a windowed term's `computeBlock` receives: its inputs over many sessions at once. Output
 * row i (of `rows`) is computed from input rows i … i + windowLength − 1, as `computeDay` would
 * from that window. Only used when no adjustment falls inside the block.
 */
export interface BlockArgs {
  /** One block per input: (rows + windowLength − 1) × width values, row-major. */
  readonly inputs: readonly Float64Array[];
  /** rows × width values to fill. */
  readonly out: Float64Array;
  readonly rows: number;
  readonly width: number;
  readonly windowLength: number;
  /** Sids of the asset columns. */
  readonly assets: Int32Array;
}

/** What a row-wise term's `computeRows` receives: results of its inputs over a block of sessions. */
export interface RowsArgs {
  /** One block per input: `rows` × `width` values, row-major. */
  readonly inputs: readonly Float64Array[];
  /** The block to fill (NaN-filled). */
  readonly out: Float64Array;
  readonly rows: number;
  readonly width: number;
  /** The term's mask (1/0) over the same block, or null. */
  readonly mask: Float64Array | null;
  /** Sids of the asset columns. */
  readonly assets: Int32Array;
}

/** A dataset column: an input of windowed terms (`EquityPricing.close`, `Dataset('fund').column('pe')`). */
export class BoundColumn {
  /** `'price'` columns follow split and dividend adjustments, `'volume'` the inverse of splits. */
  constructor(readonly dataset: string, readonly name: string, readonly adjust: 'price' | 'volume' | 'none' = 'none') {}
  /** A stable key. */
  get key(): string {
    return `${this.dataset}.${this.name}`;
  }
  /** The most recent value (as of the previous session's close), as a factor. */
  get latest(): Factor {
    return new Factor({ inputs: [this], windowLength: 1, computeDay: ops.latestDay, computeBlock: ops.latestBlock, label: `${this.key}.latest` });
  }
}

/** An input of a term. */
export type TermInput = Term | BoundColumn;

/** How a term is computed. */
export interface TermSpec {
  inputs?: readonly TermInput[];
  /** Sessions per window; 0 (or absent) for a row-wise term. */
  windowLength?: number;
  mask?: Filter | null;
  computeDay?: (args: DayArgs) => void;
  computeRows?: (args: RowsArgs) => void;
  /** Optional vectorized form of `computeDay` over many sessions (same values). */
  computeBlock?: (args: BlockArgs) => void;
  /** For messages. */
  label?: string;
}

let nextId = 0;

/** What can be overridden per instance (`new SomeFactor({ windowLength: 20 })`). */
export interface TermOptions {
  inputs?: readonly TermInput[];
  windowLength?: number;
  mask?: Filter | null;
}

/**
 * Base of factors, filters and classifiers. `inputs`, `windowLength` and `mask` are plain fields,
 * so a subclass can set them as class fields (zipline's class attributes); options given to the
 * constructor take precedence over them.
 */
export abstract class Term {
  abstract readonly kind: 'factor' | 'filter' | 'classifier';
  /** Unique per term: terms are compared by identity. */
  readonly id = ++nextId;
  inputs: readonly TermInput[];
  windowLength: number;
  mask: Filter | null;
  /** A name for messages. */
  label: string;
  private readonly overrides: TermOptions;
  private readonly fnDay: ((args: DayArgs) => void) | undefined;
  private readonly fnRows: ((args: RowsArgs) => void) | undefined;
  private readonly fnBlock: ((args: BlockArgs) => void) | undefined;

  constructor(spec: TermSpec = {}) {
    this.inputs = spec.inputs ?? [];
    this.windowLength = spec.windowLength ?? 0;
    this.mask = spec.mask ?? null;
    this.label = spec.label ?? this.constructor.name;
    this.overrides = { ...(spec.inputs ? { inputs: spec.inputs } : {}), ...(spec.windowLength !== undefined ? { windowLength: spec.windowLength } : {}), ...(spec.mask ? { mask: spec.mask } : {}) };
    this.fnDay = spec.computeDay;
    this.fnRows = spec.computeRows;
    this.fnBlock = spec.computeBlock;
  }

  /** The effective inputs, window length and mask. */
  resolved(): { inputs: readonly TermInput[]; windowLength: number; mask: Filter | null } {
    return {
      inputs: this.overrides.inputs ?? this.inputs,
      windowLength: this.overrides.windowLength ?? this.windowLength,
      mask: this.overrides.mask ?? this.mask,
    };
  }

  /** Per-session computation of a windowed term. */
  computeDay(args: DayArgs): void {
    if (!this.fnDay) throw new Error(`${this.label}: a windowed term needs a compute function`);
    this.fnDay(args);
  }
  /**
   * Whether a windowed term computes whole blocks of sessions at once (`computeBlock`); false for
   * a subclass that overrides `computeDay`.
   */
  get vectorized(): boolean {
    return this.fnBlock !== undefined && this.computeDay === Term.prototype.computeDay;
  }
  /** Vectorized computation of a windowed term over many sessions (see `vectorized`). */
  computeBlock(args: BlockArgs): void {
    if (!this.fnBlock) throw new Error(`${this.label}: no vectorized form`);
    this.fnBlock(args);
  }
  /** Block computation of a row-wise term. */
  computeRows(args: RowsArgs): void {
    if (!this.fnRows) throw new Error(`${this.label}: a row-wise term needs computeRows`);
    this.fnRows(args);
  }
}

/** Options of cross-sectional methods. */
export interface CrossOptions {
  mask?: Filter;
  groupby?: Classifier;
}

/** Options of `rank`. */
export interface RankOptions extends CrossOptions {
  /** Default true: the smallest value gets rank 1. */
  ascending?: boolean;
}

const rowTerm = <T extends Term>(make: (spec: TermSpec) => T, inputs: readonly Term[], computeRows: (a: RowsArgs) => void, label: string, mask?: Filter) =>
  make({ inputs, computeRows, label, mask: mask ?? null });
const factor = (spec: TermSpec) => new Factor(spec);
const filter = (spec: TermSpec) => new Filter(spec);
const classifier = (spec: TermSpec) => new Classifier(spec);

/** A term yielding a number per (session, asset). */
export class Factor extends Term {
  readonly kind = 'factor' as const;

  private binary(other: Factor | number, op: ops.BinaryOp, label: string): Factor {
    return typeof other === 'number'
      ? rowTerm(factor, [this], ops.scalarRows(op, other), `(${this.label} ${label} ${other})`)
      : rowTerm(factor, [this, other], ops.binaryRows(op), `(${this.label} ${label} ${other.label})`);
  }
  private compare(other: Factor | number, op: ops.BinaryOp, label: string): Filter {
    return typeof other === 'number'
      ? rowTerm(filter, [this], ops.scalarRows(op, other), `(${this.label} ${label} ${other})`)
      : rowTerm(filter, [this, other], ops.binaryRows(op), `(${this.label} ${label} ${other.label})`);
  }

  add(other: Factor | number): Factor { return this.binary(other, 'add', '+'); }
  sub(other: Factor | number): Factor { return this.binary(other, 'sub', '-'); }
  mul(other: Factor | number): Factor { return this.binary(other, 'mul', '*'); }
  div(other: Factor | number): Factor { return this.binary(other, 'div', '/'); }
  /** −x. */
  neg(): Factor { return this.mul(-1); }
  gt(other: Factor | number): Filter { return this.compare(other, 'gt', '>'); }
  ge(other: Factor | number): Filter { return this.compare(other, 'ge', '>='); }
  lt(other: Factor | number): Filter { return this.compare(other, 'lt', '<'); }
  le(other: Factor | number): Filter { return this.compare(other, 'le', '<='); }
  eq(other: Factor | number): Filter { return this.compare(other, 'eq', '=='); }
  ne(other: Factor | number): Filter { return this.compare(other, 'ne', '!='); }

  /** True where the value is NaN. */
  isNaN(): Filter { return rowTerm(filter, [this], ops.isNaNRows(true), `${this.label}.isNaN()`); }
  /** True where the value is not NaN. */
  notNaN(): Filter { return rowTerm(filter, [this], ops.isNaNRows(false), `${this.label}.notNaN()`); }

  /** Ordinal ranks (1 = smallest, ties by asset order) among non-NaN values in the mask, per group. */
  rank(options: RankOptions = {}): Factor {
    return this.cross(ops.rankRows(options.ascending ?? true), 'rank', options);
  }
  /** (x − mean) / std (population) per session, among non-NaN values in the mask, per group. */
  zscore(options: CrossOptions = {}): Factor { return this.cross(ops.zscoreRows, 'zscore', options); }
  /** x − mean per session, per group. */
  demean(options: CrossOptions = {}): Factor { return this.cross(ops.demeanRows, 'demean', options); }
  /** Values clipped to the `minPercentile`…`maxPercentile` quantiles (0–1) per session, per group. */
  winsorize(minPercentile: number, maxPercentile: number, options: CrossOptions = {}): Factor {
    if (!(minPercentile >= 0 && maxPercentile <= 1 && minPercentile <= maxPercentile)) {
      throw new RangeError(`winsorize needs 0 ≤ minPercentile ≤ maxPercentile ≤ 1, got ${minPercentile} and ${maxPercentile}`);
    }
    return this.cross(ops.winsorizeRows(minPercentile, maxPercentile), 'winsorize', options);
  }
  /** The `n` largest values per session (per group). */
  top(n: number, options: CrossOptions = {}): Filter {
    return this.rank({ ...options, ascending: false }).le(n);
  }
  /** The `n` smallest values per session (per group). */
  bottom(n: number, options: CrossOptions = {}): Filter {
    return this.rank({ ...options, ascending: true }).le(n);
  }
  /** Values between the `min` and `max` percentiles (0–100) of the session, bounds included. */
  percentileBetween(min: number, max: number, options: { mask?: Filter } = {}): Filter {
    if (!(min >= 0 && max <= 100 && min <= max)) throw new RangeError(`percentileBetween needs 0 ≤ min ≤ max ≤ 100, got ${min} and ${max}`);
    return rowTerm(filter, this.withMask([this], options.mask), ops.percentileRows(min, max, !!options.mask), `${this.label}.percentileBetween(${min}, ${max})`);
  }
  /** Quantile labels 0…bins−1 per session (−1 where NaN or masked out). */
  quantiles(bins: number, options: { mask?: Filter } = {}): Classifier {
    if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`quantiles needs a positive whole number of bins, got ${bins}`);
    return rowTerm(classifier, this.withMask([this], options.mask), ops.quantileRows(bins, !!options.mask), `${this.label}.quantiles(${bins})`);
  }
  quartiles(options: { mask?: Filter } = {}): Classifier { return this.quantiles(4, options); }
  quintiles(options: { mask?: Filter } = {}): Classifier { return this.quantiles(5, options); }
  deciles(options: { mask?: Filter } = {}): Classifier { return this.quantiles(10, options); }

  private withMask(inputs: Term[], mask?: Filter): Term[] {
    return mask ? [...inputs, mask] : inputs;
  }

  private cross(fn: ops.CrossFn, name: string, options: CrossOptions): Factor {
    const inputs: Term[] = [this];
    if (options.mask) inputs.push(options.mask);
    if (options.groupby) inputs.push(options.groupby);
    return rowTerm(factor, inputs, ops.crossRows(fn, !!options.mask, !!options.groupby), `${this.label}.${name}()`);
  }
}

/** A term yielding true/false per (session, asset), stored as 1/0. */
export class Filter extends Term {
  readonly kind = 'filter' as const;
  and(...others: Filter[]): Filter {
    return rowTerm(filter, [this, ...others], ops.logicRows('and'), `(${[this, ...others].map((t) => t.label).join(' & ')})`);
  }
  or(...others: Filter[]): Filter {
    return rowTerm(filter, [this, ...others], ops.logicRows('or'), `(${[this, ...others].map((t) => t.label).join(' | ')})`);
  }
  not(): Filter {
    return rowTerm(filter, [this], ops.logicRows('not'), `~${this.label}`);
  }
}

/** A term yielding an integer label per (session, asset); −1 is missing. */
export class Classifier extends Term {
  readonly kind = 'classifier' as const;
  /** True where the label equals `label`. */
  eq(label: number): Filter {
    return rowTerm(filter, [this], ops.scalarRows('eq', label), `(${this.label} == ${label})`);
  }
  /** True where the label is missing (−1). */
  isMissing(): Filter {
    return rowTerm(filter, [this], ops.scalarRows('eq', -1), `${this.label}.isMissing()`);
  }
}
