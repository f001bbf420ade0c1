/**
 * What a run records per session, one typed column per field, grown together: recording a
 * session is one capacity check and a few stores (no object, no array push). Portfolio value
 * and leverage follow from these and the exposures, and are computed when read.
 */
export class SessionColumns {
  /** Sessions recorded. */
  length = 0;
  /** Session day numbers (days since 1970-01-01). */
  day: Int32Array;
  cash: Float64Array;
  positions: Float64Array;
  /** The portfolio's return over the previous session (set by the caller with the rest of the row). */
  returns: Float64Array;
  /** The benchmark's return per session; null while no session had a benchmark (all 0). */
  benchmark: Float64Array | null = null;

  /** `capacity`: the sessions expected (more only cost a copy). */
  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.day = new Int32Array(n);
    this.cash = new Float64Array(n);
    this.positions = new Float64Array(n);
    this.returns = new Float64Array(n);
  }

  /** Index of a new row (its values are set by the caller). */
  add(): number {
    if (this.length === this.day.length) this.grow(this.length * 2);
    return this.length++;
  }

  /** Sets session `i`'s benchmark return. */
  setBenchmark(i: number, value: number): void {
    (this.benchmark ??= new Float64Array(this.day.length))[i] = value;
  }

  /** The recorded part of `column` (a view); the benchmark column reads 0 where never set. */
  view<T extends Int32Array | Float64Array>(column: T | null): T | Float64Array {
    return column ? column.subarray(0, this.length) as T : new Float64Array(this.length);
  }

  private grow(capacity: number): void {
    const grown = <T extends Int32Array | Float64Array>(column: T, make: (n: number) => T): T => {
      const out = make(capacity);
      out.set(column);
      return out;
    };
    this.day = grown(this.day, (n) => new Int32Array(n));
    this.cash = grown(this.cash, (n) => new Float64Array(n));
    this.positions = grown(this.positions, (n) => new Float64Array(n));
    this.returns = grown(this.returns, (n) => new Float64Array(n));
    if (this.benchmark) this.benchmark = grown(this.benchmark, (n) => new Float64Array(n));
  }
}
