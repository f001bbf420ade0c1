import { InputError } from '../../core/errors.js';
import { queryJson } from '../duckdb.js';
import type { Stage } from './stage.js';

/** A staged row traced back to its file and line. */
export interface LocatedRow {
  file: string;
  /** Absent for generated data (no file to re-read). */
  line?: number;
  symbol: string;
  /** Local date and time of the bar, `YYYY-MM-DD HH:MM` ('' when unparsable). */
  when: string;
  /** The value of the `extra` expression asked for, if any. */
  extra?: unknown;
}

/**
 * Every row the sources give, re-read (an error path: the bundle tables hold the rows without
 * their file): `stage_rows` columns plus `freq`, the file's frequency.
 */
export function sourceRows(stage: Stage): string {
  const parts = ['SELECT * FROM stage_rows', ...stage.sources.map((s) => s.sql)];
  return `SELECT r.*, f.frequency AS freq FROM (${parts.join(' UNION ALL BY NAME ')}) r JOIN stage_files f USING (file_id)`;
}

/**
 * The first row (in file order, then line order) matching `cond`, a condition on `sourceRows`
 * columns; `extra` is an expression evaluated on that row.
 */
export async function locateFirst(stage: Stage, cond: string, extra?: string): Promise<LocatedRow | undefined> {
  const [hit] = await queryJson(stage.conn, `SELECT min(file_id) AS f FROM (${sourceRows(stage)}) WHERE ${cond}`);
  if (hit?.f === null || hit?.f === undefined) return undefined;
  return (await locateInFile(stage, Number(hit.f), cond, 1, extra))[0];
}

/** The first `limit` rows of staged file `fileId` matching `cond`, by line (re-reading the file with line numbers). */
export async function locateInFile(stage: Stage, fileId: number, cond: string, limit: number, extra = 'NULL'): Promise<LocatedRow[]> {
  const file = stage.files[fileId]!;
  const rows = file.select ? `(${file.select(true)})` : `(SELECT *, NULL::BIGINT AS line FROM stage_rows WHERE file_id = ${fileId})`;
  const from = `(SELECT *, ${file.frequency ? `'${file.frequency}'` : 'NULL'} AS freq FROM ${rows})`;
  const found = await queryJson(stage.conn, `SELECT line, symbol, strftime(ts, '%Y-%m-%d %H:%M') AS t, ${extra} AS extra FROM ${from}
    WHERE ${cond} ORDER BY line LIMIT ${limit}`);
  return found.map((r) => ({
    file: file.path, line: r.line === null || r.line === undefined ? undefined : Number(r.line),
    symbol: r.symbol === null ? '' : String(r.symbol), when: r.t === null ? '' : String(r.t), extra: r.extra,
  }));
}

/** The row's date (`daily`) or date and time, as the messages show it. */
export function rowTime(row: LocatedRow, daily: boolean): string {
  return daily ? row.when.slice(0, 10) : row.when;
}

/** An `InputError` at a located row: `file:line: message (hint)`. */
export function errorAt(row: LocatedRow, message: string, hint?: string): InputError {
  return new InputError(message, { file: row.file, line: row.line }, hint);
}
