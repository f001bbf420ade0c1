import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import { COMPLETE, type RunResult } from '../model/results.js';
import { sqlString } from '../data/duckdb.js';
import { readTypedRows, withDuckDB } from '../data/table-io.js';
import { parseResultJson } from './json-result.js';
import { resultFormat, tableFiles } from './result-files.js';
import { BASE_COLUMNS, OPTIONAL_TABLES, resultFromTables, TABLE_NAMES, type Cell, type TableName } from './result-tables.js';

type Rows = Record<string, Cell>[];

const HINT = 'write it with `ziplime backtest … -o FILE`';

/** Parses a CSV cell DuckDB wrote for a DOUBLE (`nan`, `inf`, `-inf` included). */
function parseNumber(s: string): number {
  const lower = s.toLowerCase();
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return lower === 'nan' ? NaN : Number(s);
}

const looksNumeric = (s: string): boolean => !Number.isNaN(parseNumber(s)) || s.toLowerCase() === 'nan';

/**
 * Types the all-text rows of a CSV table: the fixed columns by their kind; other (recorded)
 * columns are numbers when every value reads as one.
 */
function typeCsvRows(name: TableName, rows: Rows): Rows {
  if (rows.length === 0) return rows;
  const kinds = new Map(BASE_COLUMNS[name].map((c) => [c.name, c.kind]));
  for (const k of Object.keys(rows[0]!)) {
    if (kinds.has(k)) continue;
    kinds.set(k, rows.every((r) => r[k] === null || looksNumeric(r[k] as string)) ? 'number' : 'text');
  }
  return rows.map((r) => {
    const out: Record<string, Cell> = {};
    for (const [k, v] of Object.entries(r)) out[k] = v === null || kinds.get(k) === 'text' ? v : parseNumber(v as string);
    return out;
  });
}

/** The tables of a tabular result; optional tables the file lacks are left out. */
async function readTables(file: string, format: 'csv' | 'parquet' | 'duckdb'): Promise<Partial<Record<TableName, Rows>>> {
  return withDuckDB(async (conn) => {
    const out: Partial<Record<TableName, Rows>> = {};
    if (format === 'duckdb') {
      await conn.run(`ATTACH ${sqlString(file)} AS src (READ_ONLY)`);
      const present = new Set((await conn.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE database_name = 'src'`)).getRowObjectsJS().map((r) => String(r.table_name)));
      for (const name of TABLE_NAMES) {
        if (!present.has(name)) {
          if (OPTIONAL_TABLES.has(name)) continue;
          throw new InputError(`table '${name}' is missing`, { file }, HINT);
        }
        out[name] = await readTypedRows(conn, `src.${name}`);
      }
      return out;
    }
    const files = tableFiles(file);
    for (const name of TABLE_NAMES) {
      const f = files[name];
      if (!existsSync(f)) {
        if (OPTIONAL_TABLES.has(name)) continue;
        throw new InputError(`the ${name} table file ${f} is missing`, { file }, HINT);
      }
      if (format === 'parquet') out[name] = await readTypedRows(conn, `read_parquet(${sqlString(f)})`);
      else {
        const rows = (await conn.runAndReadAll(`SELECT * FROM read_csv(${sqlString(f)}, header = true, all_varchar = true, allow_quoted_nulls = false)`)).getRowObjectsJS() as Rows;
        out[name] = typeCsvRows(name, rows);
      }
    }
    return out;
  });
}

/** Checks the shape of a JSON result; `splits`, absent from older files, defaults to `[]`. */
function checkJson(value: unknown, file: string): RunResult {
  const o = value as Partial<Record<keyof RunResult, unknown>> | null;
  if (typeof o !== 'object' || o === null) throw new InputError('not a results object', { file }, HINT);
  o.splits ??= [];
  for (const key of ['summary', 'daily', 'transactions', 'orders', 'positions', 'splits'] as const) {
    const ok = key === 'summary' ? typeof o[key] === 'object' && o[key] !== null : Array.isArray(o[key]);
    if (!ok) throw new InputError(`'${key}' is missing or malformed`, { file }, HINT);
  }
  const summary = o.summary as Record<string, unknown>;
  if (typeof summary.status !== 'string') Object.assign(summary, COMPLETE); // written before runs recorded how they ended
  return o as RunResult;
}

/** Reads a result written by `writeResult` in any format; the round trip is exact. */
export async function readResult(file: string): Promise<RunResult> {
  const format = resultFormat(file);
  const main = format === 'json' || format === 'duckdb' ? file : tableFiles(file).daily;
  if (!existsSync(main)) throw new InputError('results file not found', { file: main }, 'check the path');
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = parseResultJson(await readFile(file, 'utf8'));
    } catch (err) {
      throw new InputError(`not valid JSON (${(err as Error).message})`, { file }, HINT);
    }
    return checkJson(parsed, file);
  }
  try {
    return resultFromTables(await readTables(file, format), file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read results (${(err as Error).message.split('\n')[0]})`, { file }, HINT);
  }
}
