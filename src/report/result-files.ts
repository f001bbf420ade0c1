import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { TABLE_NAMES, type TableName } from './result-tables.js';

/** The result file formats, chosen by the file's extension. */
export type ResultFormat = 'json' | 'csv' | 'parquet' | 'duckdb';

const FORMATS: Record<string, ResultFormat> = { '.json': 'json', '.csv': 'csv', '.parquet': 'parquet', '.duckdb': 'duckdb', '.db': 'duckdb' };

/** The format of a result file from its extension; anything else is a usage error. */
export function resultFormat(file: string): ResultFormat {
  const format = FORMATS[path.extname(file).toLowerCase()];
  if (!format) {
    throw new UsageError(`${file}: unknown results format '${path.extname(file) || '(none)'}'; use .json, .csv, .parquet or .duckdb`);
  }
  return format;
}

const SIBLING = new RegExp(`\\.(${TABLE_NAMES.filter((t) => t !== 'daily').join('|')})$`);

/**
 * Where each table of a `.csv` or `.parquet` result lives: the named file holds the daily
 * table (what most tools load first); the others sit beside it as `<base>.<table>.<ext>`,
 * e.g. `results.csv`, `results.summary.csv`, `results.transactions.csv`, `results.orders.csv`,
 * `results.positions.csv`, `results.splits.csv`. Naming any of the siblings finds the same set.
 */
export function tableFiles(file: string): Record<TableName, string> {
  const ext = path.extname(file);
  const base = file.slice(0, file.length - ext.length).replace(SIBLING, '');
  const out = {} as Record<TableName, string>;
  for (const name of TABLE_NAMES) out[name] = name === 'daily' ? `${base}${ext}` : `${base}.${name}${ext}`;
  return out;
}
