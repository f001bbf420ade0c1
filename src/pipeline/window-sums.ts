/**
 * Column sums over runs of rows of a row-major block (sessions × assets), the inner loops of the
 * built-in factors. Rows are added in order, starting from 0, exactly as a plain row-by-row loop
 * (and numpy's reduction over axis 0) does; eight rows are added per pass over the columns,
 * which keeps each column's partial sum in a register without changing a bit of the result.
 */

/**
 * `out[c] = 0 + data[start + c] + data[start + width + c] + …` over `len` rows, left to right.
 */
export function sumRows(data: Float64Array, width: number, start: number, len: number, out: Float64Array): void {
  out.fill(0, 0, width);
  let r = 0;
  let b0 = start;
  for (; r + 8 <= len; r += 8, b0 += 8 * width) {
    const b1 = b0 + width, b2 = b1 + width, b3 = b2 + width, b4 = b3 + width, b5 = b4 + width, b6 = b5 + width, b7 = b6 + width;
    for (let c = 0; c < width; c++) {
      out[c] = out[c]! + data[b0 + c]! + data[b1 + c]! + data[b2 + c]! + data[b3 + c]! + data[b4 + c]! + data[b5 + c]! + data[b6 + c]! + data[b7 + c]!;
    }
  }
  for (; r + 2 <= len; r += 2, b0 += 2 * width) {
    const b1 = b0 + width;
    for (let c = 0; c < width; c++) out[c] = out[c]! + data[b0 + c]! + data[b1 + c]!;
  }
  if (r < len) for (let c = 0; c < width; c++) out[c] = out[c]! + data[b0 + c]!;
}

/**
 * `sumRows` skipping NaN values (numpy's `nansum` over axis 0). Returns true when some column
 * holds a NaN (or its sum is NaN, ∞ − ∞): those columns are summed again skipping NaNs.
 */
export function nanSumRows(data: Float64Array, width: number, start: number, len: number, out: Float64Array): boolean {
  sumRows(data, width, start, len, out);
  let nan = false;
  for (let c = 0; c < width; c++) {
    if (out[c] === out[c]) continue;
    nan = true;
    let s = 0;
    for (let r = 0, i = start + c; r < len; r++, i += width) {
      const v = data[i]!;
      if (v === v) s += v;
    }
    out[c] = s;
  }
  return nan;
}

/** Non-NaN values per column over `len` rows from element `start`, into `out`. */
export function countRows(data: Float64Array, width: number, start: number, len: number, out: Float64Array): void {
  out.fill(0, 0, width);
  for (let r = 0, b = start; r < len; r++, b += width) {
    for (let c = 0; c < width; c++) if (data[b + c] === data[b + c]) out[c]++;
  }
}

/** nanmean per column over `len` rows from element `start` into `out`; `counts` is scratch (≥ width). */
export function nanMeanRows(data: Float64Array, width: number, start: number, len: number, out: Float64Array, counts: Float64Array): void {
  if (!nanSumRows(data, width, start, len, out)) {
    for (let c = 0; c < width; c++) out[c] = out[c]! / len;
    return;
  }
  countRows(data, width, start, len, counts);
  for (let c = 0; c < width; c++) out[c] = counts[c] ? out[c]! / counts[c]! : NaN;
}

/** A Float64Array of at least `n` values: `buf` when large enough, else a new one. */
export function scratch(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(n);
}
