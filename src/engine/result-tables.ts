/**
 * Result tables built on first read. A run keeps its daily values, fills and orders in columns;
 * the row objects of the result's `daily`, `transactions`, `orders` and `splits` tables are made
 * only when something reads them (a result writer, the report, `analyze`), so a run whose result
 * is never written (`--quiet`) makes none.
 */

/**
 * Defines `key` on `target` as an enumerable property whose value `build()` makes on first read
 * (then kept). Assigning it replaces it with a plain value. `JSON.stringify`, spreads and
 * `Object.keys` see it like any data property, in definition order.
 */
export function defineLazy<T extends object, K extends keyof T>(target: T, key: K, build: () => T[K]): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get(this: T) {
      const value = build();
      Object.defineProperty(this, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
    set(this: T, value: T[K]) {
      Object.defineProperty(this, key, { value, enumerable: true, configurable: true, writable: true });
    },
  });
}

/** A growable column of numbers. */
export class NumberColumn {
  values = new Float64Array(256);
  length = 0;

  push(x: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = x;
  }

  /** The filled part (a view). */
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

/**
 * A column of numbers too long to grow by copying: fixed blocks of 64 Ki values, so it holds
 * what was pushed plus at most one block, and never two copies at once while it grows.
 */
export class BlockColumn {
  private readonly blocks: Float64Array[] = [];
  length = 0;

  push(x: number): void {
    const i = this.length & BLOCK_MASK;
    if (i === 0) this.blocks.push(new Float64Array(BLOCK));
    this.blocks[this.blocks.length - 1]![i] = x;
    this.length++;
  }

  /** Value `i` (0 ≤ i < length). */
  at(i: number): number {
    return this.blocks[i >>> BLOCK_BITS]![i & BLOCK_MASK]!;
  }
}

/**
 * A value per session stored as runs: `values[k]` holds from session `from[k]` until the next
 * run starts (sessions before the first run have `initial`). Setting costs nothing on the
 * sessions where the value stays the same.
 */
export class SessionRuns<T> {
  readonly from: number[] = [];
  readonly values: T[] = [];
  /** The value of the latest session. */
  last: T;

  constructor(initial: T) {
    this.last = initial;
  }

  /** The value from session `session` on (sessions are set in ascending order). */
  set(session: number, value: T): void {
    if (this.from.at(-1) === session) this.values[this.values.length - 1] = value;
    else {
      this.from.push(session);
      this.values.push(value);
    }
    this.last = value;
  }
}

const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK - 1;
