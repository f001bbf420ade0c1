import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError, UsageError } from '../../core/errors.js';
import type { Frequency } from '../../model/bar.js';
import { queryJson, sqlIdent, sqlString } from '../duckdb.js';
import { firstLine } from '../ingest/read-errors.js';
import { isUtcZone, type Stage } from '../ingest/stage.js';
import { mapColumns } from './column-mapping.js';
import { columnPosition, namesWithPositions, readCsvLayout } from './csv-layout.js';
import type { ColumnOverrides } from './source.js';

/** File formats DuckDB reads for us. */
export type TableFormat = 'csv' | 'parquet';

const EXTENSIONS: Record<TableFormat, readonly string[]> = { csv: ['.csv', '.txt'], parquet: ['.parquet', '.pq'] };

/** Formats tried, in order, for a date string that is not ISO-8601 (read as local time in the ingest zone). */
const DATE_FORMATS = [
  '%m/%d/%Y', '%m/%d/%Y %H:%M', '%m/%d/%Y %H:%M:%S', '%Y/%m/%d', '%Y/%m/%d %H:%M:%S', '%Y%m%d', '%Y%m%d %H:%M:%S',
  '%Y%m%d %H%M%S', '%d.%m.%Y', '%d-%b-%Y', '%d-%b-%y',
];

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
  const local = (naive: string) => (isUtcZone(tz) ? `make_timestamptz(epoch_us(${naive}))` : `timezone(${zone}, ${naive})`);
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
  /** `--adjust-with HEADER`: prices scaled by HEADER / close, volume inversely; no splits or dividends read. */
  adjustWith?: string;
}


/** How DuckDB is told to read a CSV file: header or positional names, delimiter. */
export interface CsvDialect {
  delim?: string;
  /** Column names given in place of the header (the header line is skipped). */
  names?: readonly string[];
  /** Sniff types skipping rows of the wrong shape (they are reported when read). */
  lenient?: boolean;
}

/**
 * Bytes of a CSV file DuckDB reads as one batch (its default is a few MB). Larger batches fill
 * whole row groups, so an insert that keeps the reading order costs no more than one that does
 * not: measured on a 10M-row minute CSV, about 30 % less CPU than the default.
 */
const CSV_BUFFER_BYTES = 32 * 1024 * 1024;

export function dialectSql(d: CsvDialect): string {
  const parts = [d.names ? `header = false, skip = 1, names = [${d.names.map(sqlString).join(', ')}]` : 'header = true'];
  if (d.delim) parts.push(`delim = ${sqlString(d.delim)}`);
  parts.push(`buffer_size = ${CSV_BUFFER_BYTES}`);
  return parts.join(', ');
}

function readerSql(file: string, format: TableFormat, types: Record<string, string> = {}, dialect: CsvDialect = {}): string {
  if (format === 'parquet') return `read_parquet(${sqlString(file)}, file_row_number = true)`;
  const typeList = Object.entries(types).map(([c, t]) => `${sqlString(c)}: ${sqlString(t)}`).join(', ');
  return `read_csv(${sqlString(file)}, ${dialectSql(dialect)}, store_rejects = true${typeList ? `, types = {${typeList}}` : ''})`;
}

/** What the sniffer found: column types, and how the file must be read. */
interface Sniffed {
  columns: Map<string, string>;
  dialect: CsvDialect;
  /** The delimiter the header is split on (CSV). */
  delim?: string;
}

/**
 * Column names and the types DuckDB detects. Dates DuckDB would read with a day-first or other
 * non-ISO format stay text, so the formats above (month-first, as US data is) decide. A header
 * with fewer names than the rows have fields is an error unless `--columns` names the missing
 * fields by position.
 */
async function sniffColumns(stage: Stage, file: string, format: TableFormat, columns: ColumnOverrides): Promise<Sniffed> {
  if (format === 'parquet') {
    const rows = await queryJson(stage.conn, `DESCRIBE SELECT * FROM ${readerSql(file, format)}`);
    return { columns: new Map(rows.map((r) => [String(r.column_name), String(r.column_type)])), dialect: {} };
  }
  const layout = await readCsvLayout(file);
  const positions = Object.values(columns).map((c) => (c === undefined ? undefined : columnPosition(c))).filter((p): p is number => p !== undefined);
  const names = namesWithPositions(file, layout, positions);
  const sniff = async (dialect: CsvDialect) => {
    const [row] = await queryJson(stage.conn, `SELECT Columns, DateFormat, TimestampFormat
      FROM sniff_csv(${sqlString(file)}, ${dialectSql(dialect)}${dialect.lenient ? ', ignore_errors = true' : ''})`);
    return row;
  };
  let dialect: CsvDialect = names ? { names, delim: layout.delim } : {};
  let found = await sniff(dialect);
  // A row of another shape misleads the sniffer (one column, or a data row taken as the
  // header): sniff again with the header's delimiter; the reader then rejects that row.
  if (!names && layout.names.length > 1 && ((found?.Columns ?? []) as unknown[]).length !== layout.names.length) {
    dialect = { delim: layout.delim };
    found = await sniff({ ...dialect, lenient: true });
  }
  const nonIso = [found?.DateFormat, found?.TimestampFormat].some((f) => typeof f === 'string' && !f.startsWith('%Y-%m-%d'));
  const list = (found?.Columns ?? []) as { name: string; type: string }[];
  return { columns: new Map(list.map((c) => [c.name, nonIso && /^(DATE|TIMESTAMP)/.test(c.type) ? 'VARCHAR' : c.type])), dialect, delim: layout.delim };
}


/** How a table file's rows become `stage_bars` columns (shared by the files of a folder read in one pass). */
export interface FilePlan {
  /** `ts` and the numeric fields, as SQL over the file's columns. */
  readonly columns: string;
  /** SQL of the symbol when the file has a symbol column, else undefined (the file name gives it). */
  readonly symbolColumn: string | undefined;
  /** The symbol field as read, not trimmed (see `RowSource.untrimmedSql`); undefined with `symbolColumn`. */
  readonly untrimmedSymbolColumn: string | undefined;
  readonly types: Record<string, string>;
  readonly dialect: CsvDialect;
  /** Every column of the file in order with the type it is read as (CSV; for reading without sniffing). */
  readonly columnTypes: readonly (readonly [string, string])[];
  /** Whether `dividend` or `split` are read from the file. */
  readonly actions: boolean;
  /** Whether the timestamps are dates without a time of day (typed DATE). */
  readonly dateOnly: boolean;
  /** Delimiter and 0-based position of the symbol field (a CSV with a symbol column and a header), for `sampleSymbols`. */
  readonly symbolField?: { readonly delim: string; readonly field: number };
}

/** Sniffs `file`, maps its columns and builds the SQL of its rows (notes what the mapping skipped). */
export async function planFile(stage: Stage, file: string, options: TableFileOptions): Promise<FilePlan> {
  let sniff: Sniffed;
  try {
    sniff = await sniffColumns(stage, file, options.format, options.columns);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read as ${options.format.toUpperCase()}: ${firstLine(err)}`, { file });
  }
  const sniffed = sniff.columns;
  const headers = [...sniffed.keys()].filter((h) => options.format === 'csv' || h !== 'file_row_number');
  const { map, skippedActions } = mapColumns(headers, options.columns, file, options.format === 'csv' ? 1 : undefined);
  if (map.symbol && options.symbol) {
    throw new UsageError(`--symbol ${options.symbol} given but ${file} has a symbol column '${map.symbol}'; drop --symbol`);
  }
  if (skippedActions.length > 0) {
    stage.note(`split/dividend columns ${skippedActions.map((c) => `'${c}'`).join(', ')} not applied: the prices mapped with --columns are already adjusted`);
  }
  const types: Record<string, string> = {};
  const numeric = (col: string): string => {
    if (options.format === 'csv' && NUMERIC_TYPES.test(sniffed.get(col)!)) {
      types[col] = 'DOUBLE';
      return sqlIdent(col);
    }
    return `TRY_CAST(${sqlIdent(col)} AS DOUBLE)`;
  };
  const raw = Object.fromEntries(NUMERIC_FIELDS.map((f) => [f, map[f] ? numeric(map[f]) : f === 'volume' ? '0' : 'NULL'])) as Record<(typeof NUMERIC_FIELDS)[number], string>;
  if (options.adjustWith !== undefined) adjustPrices(raw, adjustColumn(headers, options.adjustWith, map.close, file), numeric, stage);
  const values = NUMERIC_FIELDS.map((f) => `${raw[f]} AS ${sqlIdent(f)}`);
  for (const c of [map.date, map.time]) if (c) types[c] = sniffed.get(c)!;
  const ts = timestampSql(sqlIdent(map.date!), sniffed.get(map.date!)!, map.time && sqlIdent(map.time), map.time && sniffed.get(map.time), stage.tz);
  return {
    columns: `${ts} AS ts, ${values.join(', ')}`, symbolColumn: map.symbol ? `trim(${sqlIdent(map.symbol)}::VARCHAR)` : undefined,
    untrimmedSymbolColumn: map.symbol ? `${sqlIdent(map.symbol)}::VARCHAR` : undefined,
    types: options.format === 'csv' ? types : {}, dialect: sniff.dialect,
    columnTypes: [...sniffed].map(([c, t]) => [c, types[c] ?? t] as const),
    actions: raw.dividend !== 'NULL' || raw.split !== 'NULL',
    dateOnly: !map.time && sniffed.get(map.date!) === 'DATE',
    symbolField: options.format === 'csv' && map.symbol && !sniff.dialect.names && sniff.delim
      ? { delim: sniff.delim, field: headers.indexOf(map.symbol) } : undefined,
  };
}

/** The symbol of a one-symbol file: `--symbol`, else the file name without extension. */
export const fileSymbol = (file: string, symbol?: string): string => symbol ?? path.basename(file, path.extname(file));

/** Registers `file` with the stage under `plan`, so its rows can be re-read with line numbers. */
export function addPlannedFile(stage: Stage, file: string, options: TableFileOptions, plan: FilePlan) {
  const symbol = plan.symbolColumn ?? sqlString(fileSymbol(file, options.symbol));
  const reader = readerSql(file, options.format, plan.types, plan.dialect);
  const lineSql = options.format === 'csv' ? 'row_number() OVER () + 1' : 'file_row_number + 1';
  return stage.addFile(file, options.frequency, (id, withLine) =>
    `SELECT ${id} AS file_id, ${withLine ? `${lineSql} AS line, ` : ''}${symbol} AS symbol, ${plan.columns} FROM ${reader}`);
}

/**
 * Stages one CSV or parquet file with DuckDB's own reader: headers mapped to fields, columns
 * typed by DuckDB's sniffer where it can (anything else cast in SQL; a value that does not
 * parse becomes NULL and the validation reports it). The file is only sniffed here: its rows
 * are read once, when the bundle tables are written. Line numbers are not kept on that path:
 * the file's query is registered so the validation can re-read it with `line` (1-based,
 * header = 1; parquet: the 1-based row) when it has to report one.
 */
export async function stageTableFile(stage: Stage, file: string, options: TableFileOptions): Promise<void> {
  const plan = await planFile(stage, file, options);
  const staged = addPlannedFile(stage, file, options, plan);
  const reader = readerSql(file, options.format, plan.types, plan.dialect);
  stage.addSource({
    sql: staged.select!(false),
    untrimmedSql: plan.untrimmedSymbolColumn && `SELECT ${staged.id} AS file_id, ${plan.untrimmedSymbolColumn} AS symbol, ${plan.columns} FROM ${reader}`, fileIds: [staged.id], symbols: plan.symbolColumn ? undefined : [fileSymbol(file, options.symbol)],
    actions: plan.actions, csv: options.format === 'csv', dateOnly: plan.dateOnly,
    symbolField: plan.symbolField && { file, ...plan.symbolField },
  });
}

/** The header `--adjust-with` names (case-insensitive); refused when close itself is mapped to it. */
function adjustColumn(headers: readonly string[], name: string, close: string | undefined, file: string): string {
  const col = headers.find((h) => h.toLowerCase() === name.toLowerCase());
  if (!col) throw new InputError(`column '${name}' given in --adjust-with is not in the header (${headers.join(', ')})`, { file, line: 1 });
  if (col === close) throw new UsageError(`--adjust-with '${name}' and --columns close=${name} together would adjust twice; keep --adjust-with only`);
  return col;
}

/**
 * `--adjust-with`: open, high, low and close scaled by adjusted close / close, volume by the
 * inverse; the file's split and dividend columns are not read (the adjustment holds them).
 */
function adjustPrices(raw: Record<(typeof NUMERIC_FIELDS)[number], string>, col: string, numeric: (col: string) => string, stage: Stage): void {
  const factor = `(${numeric(col)} / ${raw.close})`;
  for (const f of ['open', 'high', 'low', 'close'] as const) raw[f] = `(${raw[f]} * ${factor})`;
  raw.volume = `(${raw.volume} / ${factor})`;
  raw.split = 'NULL';
  raw.dividend = 'NULL';
  stage.note(`prices adjusted with '${col}' (open, high, low, close × ${col} / close; volume ÷ it); no splits or dividends recorded`);
}
