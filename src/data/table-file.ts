/**
 * Tables kept in a DuckDB file that grows while a job runs (a sweep's results): each call opens
 * the file, writes and closes it again, so other processes can query it between calls.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { sqlIdent, sqlString } from './duckdb.js';
import { readTypedRows, stageTable, withDuckDB, type Cell, type Table } from './table-io.js';

const SQL_TYPES = { number: 'DOUBLE', integer: 'BIGINT', text: 'VARCHAR' } as const;

async function attach(file: string, run: (conn: Parameters<Parameters<typeof withDuckDB>[0]>[0]) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await withDuckDB(async (conn) => {
    await conn.run(`ATTACH ${sqlString(file)} AS out`);
    try {
      await run(conn);
    } finally {
      await conn.run('DETACH out');
    }
  });
}

/**
 * Appends `table`'s rows to the same-named table of `file` (created with `primaryKey` when
 * absent); rows whose key is already stored are skipped. Returns how many rows were added.
 */
export async function appendRows(file: string, table: Table, primaryKey: readonly string[]): Promise<number> {
  if (table.rows.length === 0) return 0;
  let added = 0;
  await attach(file, async (conn) => {
    await stageTable(conn, table);
    const cols = table.columns.map((c) => `${sqlIdent(c.name)} ${SQL_TYPES[c.kind]}`).join(', ');
    const target = `out.${sqlIdent(table.name)}`;
    await conn.run(`CREATE TABLE IF NOT EXISTS ${target} (${cols}, PRIMARY KEY (${primaryKey.map(sqlIdent).join(', ')}))`);
    const count = async () => Number((await conn.runAndReadAll(`SELECT count(*) FROM ${target}`)).getColumns()[0]![0]);
    const before = await count();
    await conn.run(`INSERT OR IGNORE INTO ${target} BY NAME SELECT * FROM ${sqlIdent(`stage_${table.name}`)}`);
    added = (await count()) - before;
  });
  return added;
}

/** Replaces the same-named table of `file` with `table`. */
export async function replaceRows(file: string, table: Table): Promise<void> {
  await attach(file, async (conn) => {
    await stageTable(conn, table);
    await conn.run(`DROP TABLE IF EXISTS out.${sqlIdent(table.name)}`);
    await conn.run(`CREATE TABLE out.${sqlIdent(table.name)} AS SELECT * FROM ${sqlIdent(`stage_${table.name}`)}`);
  });
}

/** The rows of the named tables of a DuckDB file (tables it lacks are absent); null when the file does not exist. */
export async function readTableFile(file: string, names: readonly string[]): Promise<Record<string, Record<string, Cell>[]> | null> {
  if (!existsSync(file)) return null;
  return withDuckDB(async (conn) => {
    await conn.run(`ATTACH ${sqlString(file)} AS src (READ_ONLY)`);
    const present = new Set((await conn.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE database_name = 'src'")).getRowObjectsJS().map((r) => String(r.table_name)));
    const out: Record<string, Record<string, Cell>[]> = {};
    for (const name of names) if (present.has(name)) out[name] = await readTypedRows(conn, `src.${sqlIdent(name)}`);
    await conn.run('DETACH src');
    return out;
  });
}
