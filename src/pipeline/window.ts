/**
 * A 2-D window of pipeline data: `length` sessions (oldest first) × `width` assets, row-major in
 * one Float64Array, so a session's row is a view and the whole window a view of the chunk.
 * Read-only: the data is shared with the other terms computed from the same chunk.
 */
export class Window {
  constructor(readonly data: Float64Array, readonly length: number, readonly width: number) {}

  /** Value at session `row` (0 = oldest) for asset column `col`. */
  at(row: number, col: number): number {
    return this.data[row * this.width + col]!;
  }

  /** The row of session `row` (0 = oldest, −1 = newest), as a view. */
  row(row: number): Float64Array {
    const r = row < 0 ? this.length + row : row;
    return this.data.subarray(r * this.width, (r + 1) * this.width);
  }

  /** The values of asset column `col`, oldest first (a copy, into `into` when given). */
  column(col: number, into = new Float64Array(this.length)): Float64Array {
    for (let r = 0; r < this.length; r++) into[r] = this.data[r * this.width + col]!;
    return into;
  }
}
