import { open } from 'node:fs/promises';
import { InputError } from '../../core/errors.js';

/** What the first lines of a CSV file say about its shape. */
export interface CsvLayout {
  /** The field delimiter (the one splitting the header into most names). */
  readonly delim: string;
  /** Header names, as written. */
  readonly names: readonly string[];
  /** Fields of the first data row (0 when the file has a header only). */
  readonly fields: number;
}

const DELIMITERS = [',', ';', '\t', '|'];
const HEAD_BYTES = 1 << 16;

/** Splits one CSV line on `delim`, honouring double quotes. */
export function splitCsvLine(line: string, delim: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') { cur += '"'; i++; } else quoted = !quoted;
    } else if (ch === delim && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * Reads the header and first data row of a CSV file. Throws `InputError` "no rows" for a file
 * without a single non-blank line.
 */
export async function readCsvLayout(file: string): Promise<CsvLayout> {
  const handle = await open(file, 'r');
  let buf: Buffer;
  try {
    buf = Buffer.allocUnsafe(HEAD_BYTES);
    buf = buf.subarray(0, (await handle.read(buf, 0, HEAD_BYTES, 0)).bytesRead);
  } finally {
    await handle.close();
  }
  const lines = firstLines(buf, 2);
  if (lines.length === 0) throw new InputError('no rows: the file is empty', { file });
  const header = lines[0]!;
  const delim = DELIMITERS.reduce((best, d) => (splitCsvLine(header, d).length > splitCsvLine(header, best).length ? d : best), ',');
  const row = lines.length > 1 ? lines[1]! : undefined;
  return { delim, names: splitCsvLine(header, delim).map((n) => n.trim()), fields: row === undefined ? 0 : splitCsvLine(row, delim).length };
}

/** The first `count` non-blank lines of `buf` (UTF-8, a leading BOM dropped), decoding only those. */
function firstLines(buf: Buffer, count: number): string[] {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < count && start < buf.length) {
    const nl = buf.indexOf(10, start);
    const end = nl < 0 ? buf.length : nl;
    let line = buf.toString('utf8', start, end);
    if (start === 0) line = line.replace(/^\uFEFF/, '');
    if (nl >= 0 && line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() !== '') lines.push(line);
    start = end + 1;
  }
  return lines;
}

/** `#N` in `--columns`: the 1-based position N, else undefined. */
export function columnPosition(spec: string): number | undefined {
  const m = /^#(\d+)$/.exec(spec.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * Column names for a file whose header has fewer names than its rows have fields: the fields
 * given by position (`time=#2`) are named `#N`, the header names fill the other positions in
 * order. Returns undefined when the header is complete and no position is given.
 */
export function namesWithPositions(file: string, layout: CsvLayout, positions: readonly number[]): string[] | undefined {
  const missing = layout.fields - layout.names.length;
  if (missing <= 0) {
    if (positions.length === 0) return undefined;
    const bad = positions.find((p) => p < 1 || p > layout.names.length);
    if (bad !== undefined) throw new InputError(`--columns #${bad}: the file has ${layout.names.length} columns`, { file, line: 1 });
    return layout.names.map((n, i) => (positions.includes(i + 1) ? `#${i + 1}` : n));
  }
  const hint = `map the unnamed field by position, e.g. --columns time=#2`;
  const shape = `header has ${layout.names.length} names, rows have ${layout.fields} fields (line 2)`;
  if (positions.length !== missing) {
    throw new InputError(shape, { file, line: 1 }, positions.length === 0 ? hint : `give ${missing} field${missing > 1 ? 's' : ''} by position with --columns, e.g. time=#2`);
  }
  const bad = positions.find((p) => p < 1 || p > layout.fields);
  if (bad !== undefined) throw new InputError(`--columns #${bad}: rows have ${layout.fields} fields`, { file, line: 2 });
  const rest = [...layout.names];
  return Array.from({ length: layout.fields }, (_, i) => (positions.includes(i + 1) ? `#${i + 1}` : rest.shift()!));
}
