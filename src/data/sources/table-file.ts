import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError, UsageError } from '../../core/errors.js';
import type { Frequency } from '../../model/bar.js';
import { queryJson, sqlIdent, sqlString } from '../duckdb.js';
import type { Stage } from '../ingest/stage.js';
import { mapColumns, type ColumnMap } from './column-mapping.js';
import type { ColumnOverrides } from './source.js';

/** File formats DuckDB reads for us. */
export type TableFormat = 'csv' | 'parquet';

const EXTENSIONS: Record<TableFormat, readonly string[]> = { csv: ['.csv', '.txt'], parquet: ['.parquet', '.pq'] };

/** Formats tried, in order, for a date string that is not ISO-8601 (read as local time in the ingest zone). */
const DATE_FORMATS = [
  '%m/%d/%Y', '%m/%d/%Y %H:%M', '%m/%d/%Y %H:%M:%S', '%Y/%m/%d', '%Y/%m/%d %H:%M:%S', '%Y%m%d', '%Y%m%d %H:%M:%S',
  '%Y%m%d %H%M%S', '%d.%m.%Y', '%d-%b-%Y', '%d-%b-%y',
];

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']);
const NAIVE_TIME_TYPES = /^(DATE|TIMESTAMP(_S|_MS|_NS)?)$/;
const NUMERIC_TYPES = /^(DOUBLE|FLOAT|REAL|BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|DECIMAL.*)$/;
const NUMERIC_FIELDS = ['open', 'high', 'low', 'close', 'volume', 'dividend', 'split'] as const;

/** The files of `format` at `target` (a file, or every matching file in a folder), sorted. */
export async function tableFiles(target: string, format: TableFormat): Promise<string[]> {
  if (!existsSync(target)) throw new InputError(`no such file or folder`, { file: target }, 'check --path');
  if (!statSync(target).isDirectory()) return [path.resolve(target)];
  const files = (await readdir(target))
    .filter((f) => EXTENSIONS[format].includes(path.extname(f).toLowerCase()) && !f.startsWith('.'))
    .sort()
    .map((f) => path.resolve(target, f));
  if (files.length === 0) throw new InputError(`no ${EXTENSIONS[format].join('/')} files in the folder`, { file: target }, 'check --path and --source');
  return files;
}

/**
 * SQL turning the date (and optional time) column into a TIMESTAMPTZ; naive values are local
 * time in `tz`. Columns DuckDB already typed are used as they are; text goes through ISO-8601
 * parsing, then the formats above.
 */
function timestampSql(date: string, dateType: string, time: string | undefined, timeType: string | undefined, tz: string): string {
  const zone = sqlString(tz);
  // In UTC a naive time is the instant itself: taken over as epoch microseconds, no per-row zone lookup.
  const local = (naive: string) => (UTC_ZONES.has(tz) ? `make_timestamptz(epoch_us(${naive}))` : `timezone(${zone}, ${naive})`);
  if (!time && dateType === 'TIMESTAMP WITH TIME ZONE') return date;
  if (!time && NAIVE_TIME_TYPES.test(dateType)) return local(`${date}::TIMESTAMP`);
  if (time && dateType === 'DATE' && timeType === 'TIME') return local(`${date} + ${time}`);
  const text = time ? `trim(${date}::VARCHAR) || ' ' || trim(${time}::VARCHAR)` : `trim(${date}::VARCHAR)`;
  const formats = `[${DATE_FORMATS.map(sqlString).join(', ')}]`;
  return `coalesce(TRY_CAST(${text} AS TIMESTAMPTZ), ${local(`try_strptime(${text}, ${formats})`)})`;
}

/** How one table file is read. */
export interface TableFileOptions {
  format: TableFormat;
  /** Symbol when the file has no symbol column (default: the file name without extension). */
  symbol?: string;
  columns: ColumnOverrides;
  frequency: Frequency | null;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.replace(/^[A-Za-z ]+Error: /, '');
}

function readerSql(file: string, format: TableFormat, types: Record<string, string> = {}, delim?: string): string {
  if (format === 'parquet') return `read_parquet(${sqlString(file)}, file_row_number = true)`;
  const typeList = Object.entries(types).map(([c, t]) => `${sqlString(c)}: ${sqlString(t)}`).join(', ');
  return `read_csv(${sqlString(file)}, header = true, store_rejects = true${delim ? `, delim = ${sqlString(delim)}, null_padding = true` : ''}${typeList ? `, types = {${typeList}}` : ''})`;
}

const DELIMITERS = [',', ';', '\t', '|'];

/** What the sniffer found: column types, and the delimiter when it had to be forced. */
interface Sniffed {
  columns: Map<string, string>;
  delim?: string;
}

/**
 * Column names and the types DuckDB detects. Dates DuckDB would read with a day-first or other
 * non-ISO format stay text, so the formats above (month-first, as US data is) decide.
 */
async function sniffColumns(stage: Stage, file: string, format: TableFormat, delim?: string): Promise<Sniffed> {
  if (format === 'parquet') {
    const rows = await queryJson(stage.conn, `DESCRIBE SELECT * FROM ${readerSql(file, format)}`);
    return { columns: new Map(rows.map((r) => [String(r.column_name), String(r.column_type)])) };
  }
  const [sniff] = await queryJson(stage.conn, `SELECT Columns, DateFormat, TimestampFormat
    FROM sniff_csv(${sqlString(file)}, header = true${delim ? `, delim = ${sqlString(delim)}, null_padding = true` : ''})`);
  const nonIso = [sniff?.DateFormat, sniff?.TimestampFormat].some((f) => typeof f === 'string' && !f.startsWith('%Y-%m-%d'));
  const list = (sniff?.Columns ?? []) as { name: string; type: string }[];
  // A short row hides the delimiter from the sniffer (the header looks like one column): force
  // it and pad short rows with NULLs, which the validation then reports with their line.
  const hidden = !delim && list.length === 1 ? DELIMITERS.find((d) => list[0]!.name.includes(d)) : undefined;
  if (hidden) return sniffColumns(stage, file, format, hidden);
  return { columns: new Map(list.map((c) => [c.name, nonIso && /^(DATE|TIMESTAMP)/.test(c.type) ? 'VARCHAR' : c.type])), delim };
}

/** Throws `InputError` at the first row DuckDB's CSV reader rejected (a value of the wrong type, a short row). */
async function checkRejects(stage: Stage, file: string): Promise<void> {
  const [bad] = await queryJson(stage.conn, 'SELECT line, column_name, error_type, error_message FROM reject_errors ORDER BY line LIMIT 1');
  await stage.conn.run('DELETE FROM reject_errors; DELETE FROM reject_scans');
  if (!bad) return;
  const rule = bad.error_type === 'CAST'
    ? `unparsable ${String(bad.column_name)}`
    : `malformed row: ${String(bad.error_message).split('\n')[0]}`;
  throw new InputError(rule, { file, line: Number(bad.line) });
}

/**
 * Stages one CSV or parquet file with DuckDB's own reader: headers mapped to fields, columns
 * typed by DuckDB's sniffer where it can (anything else cast in SQL; a value that does not
 * parse becomes NULL and the validation reports it), one query per file. Line numbers are not
 * kept on this fast path: the file's query is registered so the validation can re-read it with
 * `line` (1-based, header = 1; parquet: the 1-based row) when it has to report one.
 */
export async function stageTableFile(stage: Stage, file: string, options: TableFileOptions): Promise<number> {
  let sniff: Sniffed;
  try {
    sniff = await sniffColumns(stage, file, options.format);
  } catch (err) {
    throw new InputError(`cannot read as ${options.format.toUpperCase()}: ${firstLine(err)}`, { file });
  }
  const sniffed = sniff.columns;
  const headers = [...sniffed.keys()].filter((h) => options.format === 'csv' || h !== 'file_row_number');
  const map: ColumnMap = mapColumns(headers, options.columns, file, options.format === 'csv' ? 1 : undefined);
  if (map.symbol && options.symbol) {
    throw new UsageError(`--symbol ${options.symbol} given but ${file} has a symbol column '${map.symbol}'; drop --symbol`);
  }
  const types: Record<string, string> = {};
  const value = (field: (typeof NUMERIC_FIELDS)[number], fallback: string): string => {
    const col = map[field];
    if (!col) return fallback;
    if (options.format === 'csv' && NUMERIC_TYPES.test(sniffed.get(col)!)) {
      types[col] = 'DOUBLE';
      return sqlIdent(col);
    }
    return `TRY_CAST(${sqlIdent(col)} AS DOUBLE)`;
  };
  const values = NUMERIC_FIELDS.map((f) => `${value(f, f === 'volume' ? '0' : 'NULL')} AS ${sqlIdent(f)}`);
  for (const c of [map.date, map.time]) if (c) types[c] = sniffed.get(c)!;
  const ts = timestampSql(sqlIdent(map.date!), sniffed.get(map.date!)!, map.time && sqlIdent(map.time), map.time && sniffed.get(map.time), stage.tz);
  const symbol = map.symbol ? `trim(${sqlIdent(map.symbol)}::VARCHAR)` : sqlString(options.symbol ?? path.basename(file, path.extname(file)));
  const reader = readerSql(file, options.format, options.format === 'csv' ? types : {}, sniff.delim);
  const lineSql = options.format === 'csv' ? 'row_number() OVER () + 1' : 'file_row_number + 1';
  const staged = stage.addFile(file, options.frequency, (id, withLine) =>
    `SELECT ${id} AS file_id, ${withLine ? `${lineSql} AS line, ` : ''}${symbol} AS symbol, ${ts} AS ts, ${values.join(', ')} FROM ${reader}`);
  try {
    const rows = await stage.insertBars(staged.select!(false));
    if (options.format === 'csv') await checkRejects(stage, file);
    return rows;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read as ${options.format.toUpperCase()}: ${firstLine(err)}`, { file });
  }
}
