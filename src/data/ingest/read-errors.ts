import { InputError } from '../../core/errors.js';
import { queryJson } from '../duckdb.js';
import type { Stage } from './stage.js';

/** The first line of an error's message, without DuckDB's `… Error: ` prefix. */
export function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.replace(/^[A-Za-z ]+Error: /, '');
}

/**
 * Throws `InputError` at the first row DuckDB's CSV reader rejected (a value of the wrong type, a
 * row of another shape), in the first file (by path) that has one.
 */
export async function checkRejects(stage: Stage): Promise<void> {
  const [bad] = await queryJson(stage.conn, `SELECT s.file_path, e.line, e.column_name, e.error_type, e.error_message
    FROM reject_errors e JOIN reject_scans s ON e.scan_id = s.scan_id AND e.file_id = s.file_id ORDER BY s.file_path, e.line LIMIT 1`);
  await stage.conn.run('DELETE FROM reject_errors; DELETE FROM reject_scans');
  if (!bad) return;
  const found = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(String(bad.error_message));
  const rule = bad.error_type === 'CAST'
    ? `unparsable ${String(bad.column_name)}`
    : found
      ? `malformed row: ${found[2]} fields, the header has ${found[1]} names`
      : `malformed row: ${String(bad.error_message).split('\n')[0]}`;
  throw new InputError(rule, { file: String(bad.file_path), line: Number(bad.line) }, found && Number(found[2]) > Number(found[1]) ? 'extra fields are not dropped; fix the row' : undefined);
}
