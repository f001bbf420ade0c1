import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_FILE_MODE, ensurePrivateDir, restrictFiles } from '../core/private-files.js';
import type { RunResult } from '../model/results.js';
import { sqlString } from '../data/duckdb.js';
import { stagedSelect, stageTable, withDuckDB } from '../data/table-io.js';
import { resultToJson } from './json-result.js';
import { resultFormat, tableFiles } from './result-files.js';
import { resultTables } from './result-tables.js';

/**
 * Writes a result by the file's extension (see `resultFormat`):
 * - `.json`: the DESIGN.md §6 shape (NaN as `null`, infinities as strings);
 * - `.csv` / `.parquet`: one file per table, the daily table in `file` and the others beside it
 *   (see `tableFiles`);
 * - `.duckdb`: one database with the tables `summary`, `daily`, `transactions`, `orders`,
 *   `positions`, `splits` (an existing file is replaced).
 * Tabular formats are written through DuckDB; recorded variables are extra daily columns.
 * Files are created owner-only (600), and so is a folder created for them (700). Returns the
 * files written.
 */
export async function writeResult(result: RunResult, file: string): Promise<string[]> {
  ensurePrivateDir(path.dirname(path.resolve(file)));
  const written = await writeFiles(result, file);
  await restrictFiles(written);
  return written;
}

async function writeFiles(result: RunResult, file: string): Promise<string[]> {
  const format = resultFormat(file);
  if (format === 'json') {
    await writeFile(file, resultToJson(result), { mode: PRIVATE_FILE_MODE });
    return [file];
  }
  const tables = resultTables(result);
  return withDuckDB(async (conn) => {
    for (const t of tables) await stageTable(conn, t);
    if (format === 'duckdb') {
      await rm(file, { force: true });
      await rm(`${file}.wal`, { force: true });
      await conn.run(`ATTACH ${sqlString(file)} AS out`);
      for (const t of tables) await conn.run(`CREATE TABLE out.${t.name} AS ${stagedSelect(t, true)}`);
      await conn.run('DETACH out');
      return [file];
    }
    const files = tableFiles(file);
    const options = format === 'csv' ? '(FORMAT csv, HEADER)' : '(FORMAT parquet, COMPRESSION zstd)';
    for (const t of tables) await conn.run(`COPY (${stagedSelect(t, format === 'parquet')}) TO ${sqlString(files[t.name])} ${options}`);
    // a table this result does not have must not be read back from an earlier file of the same name
    for (const name of Object.keys(files) as (keyof typeof files)[]) if (!tables.some((t) => t.name === name)) await rm(files[name], { force: true });
    return tables.map((t) => files[t.name]);
  });
}
