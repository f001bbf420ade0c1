/**
 * Custom datasets (`ziplime ingest --dataset NAME --path FILE`): per-asset, per-date numeric
 * columns such as fundamentals (`symbol, asof_date, pe, book_value, …`) added to a bundle as
 * table `dataset_<name>`. The bundle is copied to a new version with the table added and renamed
 * into place only when every row is valid, so a failed ingest leaves the bundle as it was. A
 * value is visible to pipelines from the session after its `asof_date`.
 */
import { copyFile, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { InputError, UsageError } from '../core/errors.js';
import { isDayString } from '../core/time.js';
import { datasetTable, openBundleFile } from './bundle-reader.js';
import { openDatabase, sqlIdent } from './duckdb.js';
import { findBundle, nextVersionFileName } from './registry.js';
import { splitCsvLine } from './sources/csv-layout.js';

/** What `ingestDataset` did. */
export interface DatasetIngest {
  readonly bundle: string;
  readonly dataset: string;
  readonly rows: number;
  readonly columns: readonly string[];
  /** The new bundle version. */
  readonly path: string;
}

interface Row {
  sid: number;
  asof: string;
  values: number[];
}

/** Reads and checks `file` against the bundle's symbols; the first bad row throws an `InputError` naming file and line. */
async function readRows(file: string, symbolToSid: (s: string) => number | undefined): Promise<{ columns: string[]; rows: Row[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`--path ${file}: cannot read the file; give a CSV with symbol, asof_date and numeric columns`);
  }
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '', ',').map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const iSymbol = lower.indexOf('symbol');
  const iAsof = lower.indexOf('asof_date');
  if (iSymbol < 0 || iAsof < 0) throw new InputError('missing column: the header needs symbol and asof_date', { file, line: 1 });
  const valueIdx = header.map((_, i) => i).filter((i) => i !== iSymbol && i !== iAsof);
  if (valueIdx.length === 0) throw new InputError('no value columns: add at least one numeric column beside symbol and asof_date', { file, line: 1 });
  const columns = valueIdx.map((i) => header[i]!);
  for (const c of columns) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(c)) throw new InputError(`column name '${c}' must be letters, digits and _`, { file, line: 1 });
  }
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (let k = 1; k < lines.length; k++) {
    if (lines[k]!.trim() === '') continue;
    const at = { file, line: k + 1 };
    const f = splitCsvLine(lines[k]!, ',').map((x) => x.trim());
    if (f.length !== header.length) throw new InputError(`${f.length} fields where the header has ${header.length}`, at);
    const symbol = f[iSymbol]!;
    const sid = symbolToSid(symbol);
    if (sid === undefined) throw new InputError(`unknown symbol '${symbol}'`, at, 'it is not in the bundle');
    const asof = f[iAsof]!;
    if (!isDayString(asof)) throw new InputError(`unparsable asof_date '${asof}'`, at, 'expected YYYY-MM-DD');
    const key = `${sid} ${asof}`;
    if (seen.has(key)) throw new InputError(`duplicate row for ${symbol} on ${asof}`, at);
    seen.add(key);
    const values = valueIdx.map((i) => {
      const v = f[i]!;
      if (v === '') return NaN;
      const n = Number(v);
      if (!Number.isFinite(n)) throw new InputError(`${header[i]} '${v}' is not a number`, at, 'leave the cell empty for a missing value');
      return n;
    });
    rows.push({ sid, asof, values });
  }
  if (rows.length === 0) throw new InputError('no rows', { file }, 'the file holds a header only');
  return { columns, rows };
}

/** Adds (or replaces) dataset `name` in a new version of bundle `bundle`. */
export async function ingestDataset(options: { bundlesDir: string; bundle: string; name: string; path: string }): Promise<DatasetIngest> {
  const table = datasetTable(options.name);
  const entry = await findBundle(options.bundlesDir, options.bundle);
  const source = entry.versions.at(-1)!.path;
  const reader = await openBundleFile(source);
  let parsed: { columns: string[]; rows: Row[] };
  try {
    const assets = await reader.assets();
    const bySymbol = new Map(assets.map((a) => [a.symbol.toUpperCase(), a.sid]));
    parsed = await readRows(options.path, (s) => bySymbol.get(s.toUpperCase()));
  } finally {
    await reader.close();
  }
  const target = path.join(entry.dir, await nextVersionFileName(entry.dir));
  const temp = `${target}.tmp`;
  await copyFile(source, temp);
  try {
    const db = await openDatabase(temp);
    try {
      const cols = parsed.columns.map((c) => `${sqlIdent(c)} DOUBLE`).join(', ');
      const stage = `${table}_stage`;
      await db.conn.run(`CREATE TEMP TABLE ${stage} (sid INTEGER, asof_date VARCHAR, ${cols})`);
      const appender = await db.conn.createAppender(stage);
      for (const r of parsed.rows) {
        appender.appendInteger(r.sid);
        appender.appendVarchar(r.asof);
        for (const v of r.values) {
          if (Number.isNaN(v)) appender.appendNull();
          else appender.appendDouble(v);
        }
        appender.endRow();
      }
      appender.flushSync();
      appender.closeSync();
      const list = parsed.columns.map(sqlIdent).join(', ');
      await db.conn.run(`CREATE OR REPLACE TABLE ${table} AS SELECT sid, CAST(asof_date AS DATE) AS asof_date, ${list} FROM ${stage} ORDER BY sid, asof_date`);
      await db.conn.run('CHECKPOINT');
    } finally {
      db.close();
    }
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
    await rm(`${temp}.wal`, { force: true });
  }
  return { bundle: options.bundle, dataset: options.name, rows: parsed.rows.length, columns: parsed.columns, path: target };
}
