import { InputError, UsageError } from '../../core/errors.js';
import type { ColumnField, ColumnOverrides } from './source.js';

const FIELDS: readonly ColumnField[] = ['date', 'time', 'symbol', 'open', 'high', 'low', 'close', 'volume', 'dividend', 'split'];

/** Header names recognised per field, compared lower-case with punctuation and spaces removed. */
const ALIASES: Record<ColumnField, readonly string[]> = {
  date: ['date', 'datetime', 'timestamp', 'dt', 'day'],
  time: ['time'],
  symbol: ['symbol', 'ticker', 'sym'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c'],
  volume: ['volume', 'vol', 'v'],
  dividend: ['dividend', 'dividends', 'exdividend'],
  split: ['split', 'splitratio', 'splitfactor'],
};

const REQUIRED: readonly ColumnField[] = ['date', 'open', 'high', 'low', 'close'];

const normalize = (h: string): string => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Which file column (exact header) feeds each field; absent optional fields are undefined. */
export type ColumnMap = Partial<Record<ColumnField, string>>;

/** Parses `--columns close=Adj Close,volume=Vol` (field names case-insensitive). */
export function parseColumnOverrides(spec: string | undefined): ColumnOverrides {
  const out: ColumnOverrides = {};
  if (!spec) return out;
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    const field = part.slice(0, eq).trim().toLowerCase() as ColumnField;
    const header = part.slice(eq + 1).trim();
    if (eq < 0 || !FIELDS.includes(field) || header === '') {
      throw new UsageError(`invalid --columns entry '${part}'; write field=Header with field one of ${FIELDS.join(', ')}`);
    }
    out[field] = header;
  }
  return out;
}

/**
 * Maps a file's headers to bar fields: `--columns` first, then the usual names
 * (Date/Datetime/Timestamp, Time, Open, High, Low, Close, Volume, …); an empty first header is
 * the date. `Adj Close` and other columns are ignored unless mapped. Throws `InputError` naming
 * the file (and `headerLine`, for CSV) when a required column is missing.
 */
export function mapColumns(headers: readonly string[], overrides: ColumnOverrides, file: string, headerLine?: number): ColumnMap {
  const map: ColumnMap = {};
  const byExact = new Map(headers.map((h) => [h.toLowerCase(), h]));
  for (const [field, header] of Object.entries(overrides) as [ColumnField, string][]) {
    const found = byExact.get(header.toLowerCase());
    if (!found) throw new InputError(`column '${header}' given in --columns ${field}=${header} is not in the header (${headers.join(', ')})`, { file, line: headerLine });
    map[field] = found;
  }
  const taken = new Set(Object.values(map));
  for (const field of FIELDS) {
    if (map[field]) continue;
    const found = headers.find((h) => !taken.has(h) && ALIASES[field].includes(normalize(h)));
    if (found) {
      map[field] = found;
      taken.add(found);
    }
  }
  const first = headers[0];
  if (!map.date && first !== undefined && (first.trim() === '' || /^column0+$/.test(first)) && !taken.has(first)) map.date = first;
  if (!map.date && map.time) [map.date, map.time] = [map.time, undefined];
  const missing = REQUIRED.filter((f) => !map[f]);
  if (missing.length > 0) {
    throw new InputError(
      `missing column${missing.length > 1 ? 's' : ''} ${missing.map((f) => `'${f}'`).join(', ')} (header: ${headers.join(', ')})`,
      { file, line: headerLine },
      `map ${missing.length > 1 ? 'them' : 'it'} with --columns ${missing[0]}=<Header>`,
    );
  }
  return map;
}
