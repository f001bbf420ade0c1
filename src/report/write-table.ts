/** Writes one table to a `.csv`, `.parquet` or `.duckdb` file (by extension) through DuckDB. */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { sqlIdent, sqlString } from '../data/duckdb.js';
import { stagedSelect, stageTable, withDuckDB, type Table } from '../data/table-io.js';

/** The format of a table file from its extension; a `UsageError` naming `flag` for any other. */
export function tableFormat(file: string, flag = '-o'): 'csv' | 'parquet' | 'duckdb' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.parquet') return 'parquet';
  if (ext === '.duckdb' || ext === '.db') return 'duckdb';
  throw new UsageError(`${flag} ${file}: unknown format '${ext || '(none)'}'; use .csv, .parquet or .duckdb`);
}

/** Writes `table` to `file` (replacing it; in a `.duckdb` file, as the table named `table.name`). */
export async function writeTable(file: string, table: Table): Promise<void> {
  const format = tableFormat(file);
  await withDuckDB(async (conn) => {
    await stageTable(conn, table);
    if (format === 'duckdb') {
      await rm(file, { force: true });
      await rm(`${file}.wal`, { force: true });
      await conn.run(`ATTACH ${sqlString(file)} AS out`);
      await conn.run(`CREATE TABLE out.${sqlIdent(table.name)} AS ${stagedSelect(table, true)}`);
      await conn.run('DETACH out');
      return;
    }
    const options = format === 'csv' ? '(FORMAT csv, HEADER)' : '(FORMAT parquet, COMPRESSION zstd)';
    await conn.run(`COPY (${stagedSelect(table, format === 'parquet')}) TO ${sqlString(file)} ${options}`);
  });
}
