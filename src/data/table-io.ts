/**
 * Plain tables in and out of DuckDB: staging rows with an appender, typed SELECTs for Parquet
 * and DuckDB files, and rows read back as numbers and strings.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { openDatabase, sqlIdent } from './duckdb.js';
import { isDayString } from '../core/time.js';

/** How a column is stored: `number` → DOUBLE, `integer` → BIGINT, `text` → VARCHAR (or DATE/TIMESTAMPTZ). */
export type ColumnKind = 'number' | 'integer' | 'text';

/** A column of a table; `nullable` numbers keep `null` instead of reading back as NaN. */
export interface Column {
  name: string;
  kind: ColumnKind;
  nullable?: boolean;
}

/** One value of a table cell (`null` = SQL NULL). */
export type Cell = number | string | null;

/** A named table of rows to write through DuckDB (result files use it). */
export interface Table {
  name: string;
  columns: Column[];
  rows: Record<string, Cell>[];
}

const isIsoInstant = (s: string): boolean => {
  const ms = Date.parse(s);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === s;
};

/** An in-memory DuckDB connection for the duration of `fn`. */
export async function withDuckDB<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const db = await openDatabase(':memory:');
  try {
    return await fn(db.conn);
  } finally {
    db.close();
  }
}

const STAGE_TYPES = { number: 'DOUBLE', integer: 'BIGINT', text: 'VARCHAR' } as const;

/** The name a table is staged under in the scratch database. */
const stageName = (t: Table): string => sqlIdent(`stage_${t.name}`);

/** Creates the staging table for `t` (DOUBLE, BIGINT and VARCHAR columns) and appends its rows. */
export async function stageTable(conn: DuckDBConnection, t: Table): Promise<void> {
  const cols = t.columns.map((c) => `${sqlIdent(c.name)} ${STAGE_TYPES[c.kind]}`).join(', ');
  await conn.run(`CREATE TABLE ${stageName(t)} (${cols})`);
  const appender = await conn.createAppender(`stage_${t.name}`);
  for (const row of t.rows) {
    for (const c of t.columns) {
      const v = row[c.name] ?? null;
      if (v === null) appender.appendNull();
      else if (c.kind === 'text') appender.appendVarchar(String(v));
      else if (c.kind === 'integer') appender.appendBigInt(BigInt(v as number));
      else appender.appendDouble(v as number);
    }
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

/** The SQL type a text column is stored as: DATE for days, TIMESTAMPTZ for ISO instants, else VARCHAR. */
function textType(values: readonly Cell[]): 'DATE' | 'TIMESTAMPTZ' | 'VARCHAR' {
  const present = values.filter((v): v is string => typeof v === 'string');
  if (present.length === 0) return 'VARCHAR';
  if (present.every(isDayString)) return 'DATE';
  if (present.every(isIsoInstant)) return 'TIMESTAMPTZ';
  return 'VARCHAR';
}

/**
 * A SELECT over the staged table. With `typedText`, text columns that hold only days or only
 * ISO instants become DATE / TIMESTAMPTZ (what Parquet and DuckDB users expect); the reader
 * turns them back into the same strings.
 */
export function stagedSelect(t: Table, typedText: boolean): string {
  const list = t.columns.map((c: Column) => {
    if (!typedText || c.kind !== 'text') return sqlIdent(c.name);
    const type = textType(t.rows.map((r) => r[c.name] ?? null));
    return type === 'VARCHAR' ? sqlIdent(c.name) : `CAST(${sqlIdent(c.name)} AS ${type}) AS ${sqlIdent(c.name)}`;
  });
  return `SELECT ${list.join(', ')} FROM ${stageName(t)}`;
}

/**
 * Rows of `fromSql` (a table expression) with every cell as a number, string or null: DATE
 * → `YYYY-MM-DD`, TIMESTAMPTZ → ISO string, integers → numbers. Insertion order is kept.
 */
export async function readTypedRows(conn: DuckDBConnection, fromSql: string): Promise<Record<string, Cell>[]> {
  const described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${fromSql}`)).getRowObjectsJS();
  const instants = new Set<string>();
  const list = described.map((d) => {
    const name = String(d.column_name), type = String(d.column_type), id = sqlIdent(name);
    if (type === 'DATE') return `CAST(${id} AS VARCHAR) AS ${id}`;
    if (type.startsWith('TIMESTAMP')) {
      instants.add(name);
      return `CAST(epoch_ms(${id}) AS DOUBLE) AS ${id}`;
    }
    if (/INT|DECIMAL|FLOAT|REAL/.test(type)) return `CAST(${id} AS DOUBLE) AS ${id}`;
    return id;
  });
  if (list.length === 0) return [];
  const rows = (await conn.runAndReadAll(`SELECT ${list.join(', ')} FROM ${fromSql}`)).getRowObjectsJS() as Record<string, Cell>[];
  if (instants.size > 0) {
    for (const row of rows) for (const k of instants) if (row[k] !== null) row[k] = new Date(row[k] as number).toISOString();
  }
  return rows;
}
