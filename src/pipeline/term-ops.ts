/**
 * The computations behind the term methods (zipline's definitions): arithmetic and comparisons,
 * NaN tests, filter logic, and the per-session cross-sectional transforms (ordinal rank, zscore,
 * demean, winsorize, percentile filter, quantiles) with mask and groupby.
 */
import type { BlockArgs, DayArgs, RowsArgs } from './terms.js';

/** A binary operation of factor algebra or comparison. */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'gt' | 'ge' | 'lt' | 'le' | 'eq' | 'ne';

function apply(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case 'add': return a + b;
    case 'sub': return a - b;
    case 'mul': return a * b;
    case 'div': return a / b;
    case 'gt': return a > b ? 1 : 0;
    case 'ge': return a >= b ? 1 : 0;
    case 'lt': return a < b ? 1 : 0;
    case 'le': return a <= b ? 1 : 0;
    case 'eq': return a === b ? 1 : 0;
    case 'ne': return a !== b && !(a !== a && b !== b) ? 1 : 0;
  }
}

/** `.latest`: the newest row of the window. */
export function latestDay({ out, windows }: DayArgs): void {
  out.set(windows[0]!.row(-1));
}

/** `.latest` over a block of sessions. */
export function latestBlock({ inputs, out, windowLength, width }: BlockArgs): void {
  out.set(inputs[0]!.subarray((windowLength - 1) * width, (windowLength - 1) * width + out.length));
}

/** `x op scalar` over a block. */
export const scalarRows = (op: BinaryOp, b: number) => ({ inputs, out }: RowsArgs): void => {
  const a = inputs[0]!;
  for (let i = 0; i < out.length; i++) out[i] = apply(op, a[i]!, b);
};

/** `x op y` over a block. */
export const binaryRows = (op: BinaryOp) => ({ inputs, out }: RowsArgs): void => {
  const a = inputs[0]!;
  const b = inputs[1]!;
  for (let i = 0; i < out.length; i++) out[i] = apply(op, a[i]!, b[i]!);
};

/** isNaN (`nan` true) or notNaN. */
export const isNaNRows = (nan: boolean) => ({ inputs, out }: RowsArgs): void => {
  const a = inputs[0]!;
  for (let i = 0; i < out.length; i++) out[i] = (a[i]! !== a[i]!) === nan ? 1 : 0;
};

/** Filter logic over 1/0 blocks. */
export const logicRows = (op: 'and' | 'or' | 'not') => ({ inputs, out }: RowsArgs): void => {
  for (let i = 0; i < out.length; i++) {
    if (op === 'not') out[i] = inputs[0]![i]! ? 0 : 1;
    else {
      let v = op === 'and' ? 1 : 0;
      for (const x of inputs) v = op === 'and' ? (v && x[i]! ? 1 : 0) : (v || x[i]! ? 1 : 0);
      out[i] = v;
    }
  }
};

/**
 * A cross-sectional transform of one session's group: `values` is the session's row, `members`
 * the columns of the group's valid (in mask, not NaN) entries in asset order, `n` their count;
 * write results for those columns into `out`.
 */
export type CrossFn = (values: Float64Array, members: Int32Array, n: number, out: Float64Array) => void;

/**
 * Runs `fn` per session and per group over the valid entries (in the mask, not NaN, label not
 * missing); other entries stay NaN. Inputs: [values, mask?, groupby?].
 */
export const crossRows = (fn: CrossFn, hasMask: boolean, hasGroup: boolean) => ({ inputs, out, rows, width }: RowsArgs): void => {
  const values = inputs[0]!;
  const mask = hasMask ? inputs[1]! : null;
  const groups = hasGroup ? inputs[hasMask ? 2 : 1]! : null;
  const members = new Int32Array(width);
  for (let r = 0; r < rows; r++) {
    const start = r * width;
    const row = values.subarray(start, start + width);
    const o = out.subarray(start, start + width);
    if (!groups) {
      let n = 0;
      for (let c = 0; c < width; c++) {
        const v = row[c]!;
        if (v === v && (!mask || mask[start + c]! === 1)) members[n++] = c;
      }
      fn(row, members, n, o);
      continue;
    }
    const byLabel = new Map<number, number[]>();
    for (let c = 0; c < width; c++) {
      const label = groups[start + c]!;
      const v = row[c]!;
      if (label === -1 || label !== label || v !== v || (mask && mask[start + c]! !== 1)) continue;
      let list = byLabel.get(label);
      if (!list) byLabel.set(label, (list = []));
      list.push(c);
    }
    for (const list of byLabel.values()) {
      members.set(list);
      fn(row, members, list.length, o);
    }
  }
};

/**
 * Ordinal ranks 1…n; ties keep asset order (scipy's `rankdata(method='ordinal')`); −0 and +0
 * tie. Each key is made an unsigned 64-bit integer that sorts as the number does, its lowest
 * bits replaced by the member's position, and the keys sorted natively as integers; that order
 * is exact except among values equal in all but those low bits, which one insertion pass
 * comparing the values themselves puts right. (Words are little-endian, as on every platform
 * Node runs on.)
 */
export const rankRows = (ascending: boolean): CrossFn => {
  let words = new Uint32Array(0);
  let order = new Int32Array(0);
  return (values, members, n, out) => {
    if (n === 0) return;
    if (order.length < n) {
      words = new Uint32Array(2 * n);
      order = new Int32Array(n);
    }
    const bits = Math.min(31, Math.max(1, 32 - Math.clz32(n - 1)));
    const low = (1 << bits) - 1;
    const doubles = new Float64Array(words.buffer, 0, n);
    for (let k = 0; k < n; k++) doubles[k] = (ascending ? values[members[k]!]! : -values[members[k]!]!) + 0;
    for (let k = 0; k < n; k++) {
      const hi = words[2 * k + 1]!;
      // Negative numbers: all bits flipped; others: the sign bit set (little-endian words).
      if (hi & 0x80000000) {
        words[2 * k + 1] = ~hi;
        words[2 * k] = ((~words[2 * k]! & ~low) | k) >>> 0;
      } else {
        words[2 * k + 1] = hi | 0x80000000;
        words[2 * k] = ((words[2 * k]! & ~low) | k) >>> 0;
      }
    }
    new BigUint64Array(words.buffer, 0, n).sort();
    for (let k = 0; k < n; k++) order[k] = members[words[2 * k]! & low]!;
    const key = (c: number) => (ascending ? values[c]! : -values[c]!);
    for (let i = 1; i < n; i++) {
      const c = order[i]!;
      const v = key(c);
      let j = i;
      for (; j > 0; j--) {
        const p = order[j - 1]!;
        const u = key(p);
        if (!(v < u || (v === u && c < p))) break;
        order[j] = p;
      }
      order[j] = c;
    }
    for (let k = 0; k < n; k++) out[order[k]!] = k + 1;
  };
};

function meanOf(values: Float64Array, members: Int32Array, n: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += values[members[k]!]!;
  return s / n;
}

/** x − mean. */
export const demeanRows: CrossFn = (values, members, n, out) => {
  const m = meanOf(values, members, n);
  for (let k = 0; k < n; k++) out[members[k]!] = values[members[k]!]! - m;
};

/** (x − mean) / population std. */
export const zscoreRows: CrossFn = (values, members, n, out) => {
  const m = meanOf(values, members, n);
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (values[members[k]!]! - m) ** 2;
  const sd = Math.sqrt(ss / n);
  for (let k = 0; k < n; k++) out[members[k]!] = (values[members[k]!]! - m) / sd;
};

/** zipline's winsorize: the lowest ⌊min·n⌋ values take the next value, those from ⌈max·n⌉ on the value before. */
export const winsorizeRows = (minP: number, maxP: number): CrossFn => (values, members, n, out) => {
  const idx = Array.from(members.subarray(0, n)).sort((a, b) => values[a]! - values[b]! || a - b);
  for (let k = 0; k < n; k++) out[idx[k]!] = values[idx[k]!]!;
  if (minP > 0) {
    const lower = Math.floor(minP * n);
    if (lower < n) for (let k = 0; k < lower; k++) out[idx[k]!] = values[idx[lower]!]!;
  }
  if (maxP < 1) {
    const upper = Math.ceil(n * maxP);
    if (upper < n && upper > 0) for (let k = upper; k < n; k++) out[idx[k]!] = values[idx[upper - 1]!]!;
  }
};

/** numpy's linear-interpolation percentile (`q` in 0–100) of sorted values. */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function sortedValid(values: Float64Array, mask: Float64Array | null, start: number, width: number): Float64Array {
  const tmp: number[] = [];
  for (let c = 0; c < width; c++) {
    const v = values[start + c]!;
    if (v === v && (!mask || mask[start + c] === 1)) tmp.push(v);
  }
  return Float64Array.from(tmp).sort();
}

/** percentileBetween: lower ≤ x ≤ upper, bounds from the session's valid values. Inputs: [values, mask?]. */
export const percentileRows = (min: number, max: number, hasMask: boolean) => ({ inputs, out, rows, width }: RowsArgs): void => {
  const values = inputs[0]!;
  const mask = hasMask ? inputs[1]! : null;
  for (let r = 0; r < rows; r++) {
    const start = r * width;
    const sorted = sortedValid(values, mask, start, width);
    const lo = percentileOfSorted(sorted, min);
    const hi = percentileOfSorted(sorted, max);
    for (let c = 0; c < width; c++) {
      const v = values[start + c]!;
      out[start + c] = (!mask || mask[start + c] === 1) && lo <= v && v <= hi ? 1 : 0;
    }
  }
};

/** Quantile labels as `pandas.qcut(row, bins, labels=False)`: bin edges at the i/bins percentiles, right-closed. */
export const quantileRows = (bins: number, hasMask: boolean) => ({ inputs, out, rows, width }: RowsArgs): void => {
  const values = inputs[0]!;
  const mask = hasMask ? inputs[1]! : null;
  const edges = new Float64Array(bins - 1);
  for (let r = 0; r < rows; r++) {
    const start = r * width;
    const sorted = sortedValid(values, mask, start, width);
    for (let i = 1; i < bins; i++) edges[i - 1] = percentileOfSorted(sorted, (100 * i) / bins);
    for (let c = 0; c < width; c++) {
      const v = values[start + c]!;
      if (v !== v || (mask && mask[start + c] !== 1)) {
        out[start + c] = -1;
        continue;
      }
      let label = 0;
      while (label < bins - 1 && edges[label]! < v) label++;
      out[start + c] = label;
    }
  }
};
