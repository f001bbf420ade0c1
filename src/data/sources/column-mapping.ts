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

/** The mapping of a file, and the corporate-action columns left unread because the prices are adjusted. */
export interface MappedColumns {
  readonly map: ColumnMap;
  /** Headers of split/dividend columns found but not applied (the mapped prices are already adjusted). */
  readonly skippedActions: readonly string[];
}

const ADJUSTED = /^adj/;
const PRICE_FIELDS: readonly ColumnField[] = ['open', 'high', 'low', 'close'];

/** Fields `--columns field=` (empty) may switch off: the file's column is then not read. */
const OPTIONAL: readonly ColumnField[] = ['volume', 'dividend', 'split'];

/**
 * Parses `--columns close=Adj Close,volume=Vol,time=#2,split=` (field names case-insensitive;
 * `#N` is the N-th field; an empty header switches an optional field's auto-detection off).
 */
export function parseColumnOverrides(spec: string | undefined): ColumnOverrides {
  const out: ColumnOverrides = {};
  if (!spec) return out;
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    const field = part.slice(0, eq).trim().toLowerCase() as ColumnField;
    const header = part.slice(eq + 1).trim();
    if (eq < 0 || !FIELDS.includes(field) || (header === '' && !OPTIONAL.includes(field))) {
      throw new UsageError(`invalid --columns entry '${part}'; write field=Header (or field=#N, the N-th field) with field one of ${FIELDS.join(', ')}`
        + `; ${OPTIONAL.join('=, ')}= (empty) skip a column`);
    }
    out[field] = header;
  }
  return out;
}

/** What to do with a file that holds no bars: a side table, or closes only (one column per symbol). */
function notBarsHint(headers: readonly string[]): string | undefined {
  const has = (...names: string[]) => names.every((n) => headers.some((h) => normalize(h) === n));
  if (has('return') || has('returns')) return 'a return series, not bars: give it beside the bars with --benchmark-file FILE';
  if (has('effectivedate', 'ratio') && has('sid')) {
    return 'zipline ratios beside the bars, not bars: splits go with --splits FILE; dividend ratios are not read (use dividend payouts with --dividends)';
  }
  if (has('exdate', 'amount')) return 'dividends beside the bars, not bars: give them with --dividends FILE';
  if (has('effectivedate', 'ratio')) return 'splits beside the bars, not bars: give them with --splits FILE';
  const others = headers.filter((h, i) => i > 0 && !ALIASES.date.includes(normalize(h)));
  if (others.length > 0 && !headers.some((h) => ['open', 'high', 'low'].includes(normalize(h)))) {
    const x = others[0]!;
    return `closes only, one column per symbol? ingest one column as flat bars: --columns open=${x},high=${x},low=${x},close=${x} --symbol ${x}`;
  }
  return undefined;
}

/**
 * Maps a file's headers to bar fields: `--columns` first, then the usual names
 * (Date/Datetime/Timestamp, Time, Open, High, Low, Close, Volume, …); an empty first header is
 * the date. `Adj Close` and other columns are ignored unless mapped. Throws `InputError` naming
 * the file (and `headerLine`, for CSV) when a required column is missing.
 */
export function mapColumns(headers: readonly string[], overrides: ColumnOverrides, file: string, headerLine?: number): MappedColumns {
  const map: ColumnMap = {};
  const byExact = new Map(headers.map((h) => [h.toLowerCase(), h]));
  const off = new Set<ColumnField>();
  for (const [field, header] of Object.entries(overrides) as [ColumnField, string][]) {
    if (header === '') {
      off.add(field);
      continue;
    }
    const found = byExact.get(header.toLowerCase());
    if (!found) throw new InputError(`column '${header}' given in --columns ${field}=${header} is not in the header (${headers.join(', ')})`, { file, line: headerLine });
    map[field] = found;
  }
  const taken = new Set(Object.values(map));
  const adjusted = PRICE_FIELDS.some((f) => overrides[f] && ADJUSTED.test(normalize(map[f]!)));
  const skippedActions: string[] = [];
  for (const field of FIELDS) {
    if (map[field] || off.has(field)) continue;
    const found = headers.find((h) => !taken.has(h) && ALIASES[field].includes(normalize(h)));
    if (found && adjusted && (field === 'split' || field === 'dividend')) skippedActions.push(found);
    else if (found) {
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
      notBarsHint(headers) ?? `map ${missing.length > 1 ? 'them' : 'it'} with --columns ${missing[0]}=<Header>`,
    );
  }
  return { map, skippedActions };
}
