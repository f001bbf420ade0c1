/**
 * The daily values of a run, one typed column per field, grown together: recording a session
 * is one capacity check and seven stores (no object, no array push).
 */
export class SessionColumns {
  /** Sessions recorded. */
  length = 0;
  /** Session day numbers (days since 1970-01-01). */
  day: Float64Array;
  value: Float64Array;
  cash: Float64Array;
  positions: Float64Array;
  returns: Float64Array;
  benchmark: Float64Array;
  leverage: Float64Array;

  constructor(capacity = 1024) {
    this.day = new Float64Array(capacity);
    this.value = new Float64Array(capacity);
    this.cash = new Float64Array(capacity);
    this.positions = new Float64Array(capacity);
    this.returns = new Float64Array(capacity);
    this.benchmark = new Float64Array(capacity);
    this.leverage = new Float64Array(capacity);
  }

  /** Index of a new row (its values are set by the caller). */
  add(): number {
    if (this.length === this.day.length) this.grow(this.length * 2);
    return this.length++;
  }

  /** The recorded part of `column` (a view). */
  view(column: Float64Array): Float64Array {
    return column.subarray(0, this.length);
  }

  private grow(capacity: number): void {
    const grown = (column: Float64Array) => {
      const out = new Float64Array(capacity);
      out.set(column);
      return out;
    };
    this.day = grown(this.day);
    this.value = grown(this.value);
    this.cash = grown(this.cash);
    this.positions = grown(this.positions);
    this.returns = grown(this.returns);
    this.benchmark = grown(this.benchmark);
    this.leverage = grown(this.leverage);
  }
}
