import { open } from 'node:fs/promises';

/** Where a long CSV file keeps its symbols: the field delimiter and the 0-based position of the symbol field. */
export interface SymbolField {
  readonly file: string;
  readonly delim: string;
  readonly field: number;
}

/** Windows read across the file, and their size. */
const WINDOWS = 64;
const WINDOW_BYTES = 1 << 16;

/**
 * The symbols seen in `WINDOWS` evenly spaced windows of a long CSV file (the first after the
 * header, the last at the end), or undefined when a window has a line this simple reading cannot
 * take apart as DuckDB would (quotes, a field missing). A guess that saves reading the whole file
 * before writing it: the writer checks every row's symbol is among them and that each of them has
 * bars, and reads the file for its symbols otherwise.
 */
export async function sampleSymbols(source: SymbolField): Promise<Set<string> | undefined> {
  const handle = await open(source.file, 'r');
  try {
    const size = (await handle.stat()).size;
    const symbols = new Set<string>();
    const buf = Buffer.allocUnsafe(WINDOW_BYTES);
    const step = Math.max(WINDOW_BYTES, Math.floor((size - WINDOW_BYTES) / (WINDOWS - 1)));
    for (let at = 0; at < size; at += step) {
      const start = Math.min(at, Math.max(0, size - WINDOW_BYTES));
      const n = (await handle.read(buf, 0, WINDOW_BYTES, start)).bytesRead;
      if (!addSymbols(buf.subarray(0, n), start + n >= size, source, symbols)) return undefined;
      if (start + n >= size) break;
    }
    return symbols;
  } finally {
    await handle.close();
  }
}

/**
 * Adds the symbols of the whole lines of `window` (its first line, the header or a line cut by
 * the window, skipped); false when a line cannot be read simply.
 */
function addSymbols(window: Buffer, fileEnd: boolean, source: SymbolField, symbols: Set<string>): boolean {
  const pos = window.indexOf(10);
  if (pos < 0) return false;
  const text = window.toString('utf8', pos + 1, fileEnd ? window.length : window.lastIndexOf(10) + 1);
  if (text.includes('"')) return false;
  for (let line of text.split('\n')) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    const fields = line.split(source.delim);
    if (fields.length <= source.field) return false;
    const symbol = fields[source.field]!.trim();
    if (symbol !== '') symbols.add(symbol);
  }
  return true;
}
