/**
 * Streaming building blocks shared by every indicator: a fixed lag, a compensated rolling sum and
 * rolling extremes. Each is O(1) (amortized for the extremes) per push and allocates nothing after
 * construction. A NaN pushed into any of them is ignored (the bar is skipped): indicators use this
 * to let an input's warm-up NaNs pass without counting them.
 */

/** The value pushed `n` pushes ago. */
export class Lag {
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;

  constructor(readonly n: number) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`lag must be a non-negative integer, got ${n}`);
    this.buf = new Float64Array(Math.max(n, 1));
  }

  /** Pushes `x`; returns the value pushed `n` pushes before it (NaN while fewer were pushed). */
  push(x: number): number {
    if (x !== x) return NaN;
    if (this.n === 0) return x;
    const buf = this.buf;
    const pos = this.pos;
    const old = buf[pos]!;
    buf[pos] = x;
    this.pos = pos + 1 === this.n ? 0 : pos + 1;
    if (this.count < this.n) {
      this.count++;
      return NaN;
    }
    return old;
  }
}

/**
 * Sum of the last `n` values: a running sum, re-summed exactly (Neumaier-compensated over the
 * window) every `max(n, 1024)` pushes, so rounding never builds up however long the series and
 * each value stays within a few ulps of `math.fsum` over its window. `push` (streaming) and
 * `pushAll` (a whole array) run the same loop over the same state, so both give the same bits.
 */
export class RollingSum {
  private readonly buf: Float64Array;
  private readonly resync: number;
  private readonly one = new Float64Array(1);
  private pos = 0;
  private count = 0;
  private since = 0;
  private s = 0;

  constructor(readonly n: number) {
    checkPeriod(n);
    this.buf = new Float64Array(n);
    this.resync = Math.max(n, 1024);
  }

  /** Pushes `x`; returns the sum of the last `n` values (NaN until `n` were pushed). */
  push(x: number): number {
    const one = this.one;
    one[0] = x;
    this.pushAll(one, one, 1);
    return one[0]!;
  }

  /**
   * Pushes every value of `values` in order; `out[i]` receives the sum after `values[i]`
   * divided by `scale` (NaN while fewer than `n` values were pushed, and for a NaN input, which
   * is skipped). `out` may be `values` itself.
   */
  pushAll(values: ArrayLike<number>, out: Float64Array, scale: number): void {
    const buf = this.buf;
    const n = this.n;
    const resync = this.resync;
    let pos = this.pos;
    let count = this.count;
    let since = this.since;
    let s = this.s;
    const len = values.length;
    for (let i = 0; i < len; i++) {
      const x = values[i]!;
      if (x !== x) {
        out[i] = NaN;
        continue;
      }
      const old = buf[pos]!;
      buf[pos] = x;
      pos = pos + 1 === n ? 0 : pos + 1;
      if (count === n) {
        if (++since < resync) s += x - old;
        else {
          since = 0;
          s = exactSum(buf);
        }
        out[i] = s / scale;
      } else {
        count++;
        s = exactSum(buf, count);
        out[i] = count === n ? s / scale : NaN;
      }
    }
    this.pos = pos;
    this.count = count;
    this.since = since;
    this.s = s;
  }
}

/** Neumaier-compensated sum of the first `length` values (within an ulp of the exact sum for ordinary data). */
export function exactSum(xs: ArrayLike<number>, length = xs.length): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < length; i++) {
    const x = xs[i]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/**
 * Maximum (or minimum) of the last `n` values with its age (0 = the newest bar), ties resolved to
 * the most recent occurrence, through a monotonic deque.
 */
export class RollingExtreme {
  private readonly vals: Float64Array;
  private readonly seqs: Float64Array;
  private head = 0;
  private size = 0;
  private seq = -1;
  /** Age in bars of the extreme returned by the last push. */
  age = NaN;

  constructor(readonly n: number, private readonly max: boolean) {
    checkPeriod(n);
    this.vals = new Float64Array(n);
    this.seqs = new Float64Array(n);
  }

  /** Pushes `x`; returns the extreme of the last `n` values (NaN until `n` were pushed). */
  push(x: number): number {
    if (x !== x) return NaN;
    const n = this.n;
    const seq = ++this.seq;
    const vals = this.vals;
    const seqs = this.seqs;
    while (this.size > 0) {
      const last = (this.head + this.size - 1) % n;
      const v = vals[last]!;
      if (this.max ? v <= x : v >= x) this.size--;
      else break;
    }
    if (this.size > 0 && seqs[this.head]! <= seq - n) {
      this.head = this.head + 1 === n ? 0 : this.head + 1;
      this.size--;
    }
    const at = (this.head + this.size) % n;
    vals[at] = x;
    seqs[at] = seq;
    this.size++;
    if (seq < n - 1) {
      this.age = NaN;
      return NaN;
    }
    this.age = seq - seqs[this.head]!;
    return vals[this.head]!;
  }
}

/** Throws a RangeError unless `n` is a positive integer. */
export function checkPeriod(n: number, name = 'period'): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got ${n}`);
}
