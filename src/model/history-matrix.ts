import type { Asset } from './asset.js';

/**
 * What `data.history(assets[], field, barCount)` returns: the windows of several assets over the
 * same bars, as one matrix of `rows` bars (oldest → newest, the current bar last) × `assets.length`
 * columns (column `j` is `assets[j]`). It is also a read-only `Map` from asset to its window, the
 * shape this call had before, so `get`, `values()`, `entries()` and `for … of` work as they did;
 * those windows are made on demand (views where the bars need no adjustment).
 *
 * Values come from storage the matrix does not copy: `data[offsets[j] + i]` is bar `i` of column `j`.
 */
export class HistoryMatrix implements ReadonlyMap<Asset, Float64Array> {
  /** Column of each asset (the last one when an asset is listed twice), made on first lookup. */
  private index: Map<Asset, number> | undefined;

  /**
   * `data` holds each column's `rows` values at `offsets[j] …` (`offsets` has one entry per asset).
   * Use `HistoryMatrix.fromColumns` to build one from separate windows.
   */
  constructor(
    readonly assets: readonly Asset[],
    readonly rows: number,
    private readonly data: Float64Array,
    private readonly offsets: Int32Array,
  ) {}

  /** A matrix over one window per asset (`columns[j]` for `assets[j]`, each `rows` long), copied into one array. */
  static fromColumns(assets: readonly Asset[], rows: number, columns: readonly Float64Array[]): HistoryMatrix {
    const data = new Float64Array(rows * assets.length);
    const offsets = new Int32Array(assets.length);
    for (let j = 0; j < assets.length; j++) {
      const column = columns[j]!;
      if (column.length !== rows) throw new RangeError(`HistoryMatrix.fromColumns: window ${j} has ${column.length} values, expected ${rows}`);
      offsets[j] = j * rows;
      data.set(column, j * rows);
    }
    return new HistoryMatrix(assets, rows, data, offsets);
  }

  /** Number of columns (assets, as listed: an asset listed twice counts twice). */
  get columns(): number {
    return this.assets.length;
  }

  /** The value of bar `row` (0 = oldest, `rows − 1` = current) of column `column`; undefined outside the matrix. */
  at(row: number, column: number): number | undefined {
    if (!(row >= 0 && row < this.rows && column >= 0 && column < this.assets.length)) return undefined;
    return this.data[this.offsets[column]! + row];
  }

  /** Column `column` (one asset's window, oldest → newest) as a read-only view; never write to it. */
  column(column: number): Float64Array {
    if (!(column >= 0 && column < this.assets.length)) throw new RangeError(`HistoryMatrix.column: no column ${column} (${this.assets.length} assets)`);
    const from = this.offsets[column]!;
    return this.data.subarray(from, from + this.rows);
  }

  /** Row `row` (one bar across the assets, in column order), copied. Negative counts from the end (−1 = current bar). */
  row(row: number): Float64Array {
    const i = row < 0 ? this.rows + row : row;
    if (!(i >= 0 && i < this.rows)) throw new RangeError(`HistoryMatrix.row: no row ${row} (${this.rows} bars)`);
    const out = new Float64Array(this.assets.length);
    const data = this.data, offsets = this.offsets;
    for (let j = 0; j < out.length; j++) out[j] = data[offsets[j]! + i]!;
    return out;
  }

  /** The whole matrix, copied, row-major: bar `i` of column `j` at `i × columns + j`. */
  toArray(): Float64Array {
    const n = this.assets.length, out = new Float64Array(this.rows * n);
    for (let j = 0; j < n; j++) {
      const from = this.offsets[j]!;
      for (let i = 0; i < this.rows; i++) out[i * n + j] = this.data[from + i]!;
    }
    return out;
  }

  /** Column index of `asset` (the last column listing it), or −1. */
  columnOf(asset: Asset): number {
    return this.lookup().get(asset) ?? -1;
  }

  // ReadonlyMap<Asset, Float64Array>: the windows by asset, each asset once, in first-listed order.

  get size(): number {
    return this.lookup().size;
  }

  get(asset: Asset): Float64Array | undefined {
    const j = this.lookup().get(asset);
    return j === undefined ? undefined : this.column(j);
  }

  has(asset: Asset): boolean {
    return this.lookup().has(asset);
  }

  *keys(): MapIterator<Asset> {
    yield* this.lookup().keys();
  }

  *values(): MapIterator<Float64Array> {
    for (const j of this.lookup().values()) yield this.column(j);
  }

  *entries(): MapIterator<[Asset, Float64Array]> {
    for (const [asset, j] of this.lookup()) yield [asset, this.column(j)];
  }

  [Symbol.iterator](): MapIterator<[Asset, Float64Array]> {
    return this.entries();
  }

  forEach(callback: (value: Float64Array, key: Asset, map: ReadonlyMap<Asset, Float64Array>) => void, thisArg?: unknown): void {
    for (const [asset, j] of this.lookup()) callback.call(thisArg, this.column(j), asset, this);
  }

  get [Symbol.toStringTag](): string {
    return 'HistoryMatrix';
  }

  private lookup(): Map<Asset, number> {
    if (!this.index) {
      this.index = new Map();
      for (let j = 0; j < this.assets.length; j++) this.index.set(this.assets[j]!, j);
    }
    return this.index;
  }
}
