import type { Frequency } from '../../model/bar.js';
import { sqlString } from '../duckdb.js';
import type { Stage } from '../ingest/stage.js';
import { columnPosition, readCsvLayout, type CsvLayout } from './csv-layout.js';
import { addPlannedFile, dialectSql, fileSymbol, planFile, stageTableFile, type TableFileOptions } from './table-file.js';

/** A CSV file to stage and the frequency its folder gives (null: inferred). */
export interface CsvJob {
  readonly file: string;
  readonly frequency: Frequency | null;
}

/**
 * Stages many CSV files: files with the same header and frequency are read by DuckDB in one pass
 * (typed from the first one's sniff, each row tagged with its file); a file of another shape, or
 * positional `--columns`, is read on its own. Errors name the file and line either way.
 */
export async function stageCsvFiles(stage: Stage, jobs: readonly CsvJob[], options: Omit<TableFileOptions, 'format' | 'frequency'>): Promise<void> {
  const positional = Object.values(options.columns).some((c) => c !== undefined && columnPosition(c) !== undefined);
  const groups = new Map<string, { delim: string; jobs: CsvJob[] }>();
  const single: CsvJob[] = [];
  const layouts = await readLayouts(jobs.map((j) => j.file));
  for (const [i, job] of jobs.entries()) {
    const layout = layouts[i]!;
    if (positional || (layout.fields !== 0 && layout.fields !== layout.names.length)) single.push(job);
    else {
      const key = `${job.frequency}\u0000${layout.delim}\u0000${layout.names.join('\u0000')}`;
      const group = groups.get(key) ?? { delim: layout.delim, jobs: [] };
      group.jobs.push(job);
      groups.set(key, group);
    }
  }
  let done = 0;
  for (const { delim, jobs: group } of groups.values()) {
    stage.progress.file?.(group[0]!.file, done, jobs.length);
    if (group.length === 1) await stageTableFile(stage, group[0]!.file, { ...options, format: 'csv', frequency: group[0]!.frequency });
    else await stageGroup(stage, group, delim, options);
    done += group.length;
  }
  for (const job of single) {
    stage.progress.file?.(job.file, done++, jobs.length);
    await stageTableFile(stage, job.file, { ...options, format: 'csv', frequency: job.frequency });
  }
}

/** The layouts of `files`, read a few at a time; a failure is the first file's in list order. */
async function readLayouts(files: readonly string[]): Promise<CsvLayout[]> {
  const out: CsvLayout[] = [];
  for (let i = 0; i < files.length; i += 16) {
    for (const r of await Promise.allSettled(files.slice(i, i + 16).map((f) => readCsvLayout(f)))) {
      if (r.status === 'rejected') throw r.reason;
      out.push(r.value);
    }
  }
  return out;
}

/** One `read_csv` over files of one layout; `file_index` ties each row to its file id and symbol (in reading order, no join). */
async function stageGroup(stage: Stage, group: readonly CsvJob[], delim: string, options: Omit<TableFileOptions, 'format' | 'frequency'>): Promise<void> {
  const first = { ...options, format: 'csv' as const, frequency: group[0]!.frequency };
  const plan = await planFile(stage, group[0]!.file, first);
  if (plan.dialect.names) {
    for (const job of group) await stageTableFile(stage, job.file, { ...first, frequency: job.frequency });
    return;
  }
  const staged = group.map((job) => addPlannedFile(stage, job.file, { ...first, frequency: job.frequency }, plan));
  const index = 'file_index::BIGINT + 1';
  const symbols = staged.map((f) => fileSymbol(f.path, options.symbol));
  // typed once from the first file: no sniffing of every file (a value that does not fit is rejected and reported)
  const columns = plan.columnTypes.map(([c, t]) => `${sqlString(c)}: ${sqlString(t)}`).join(', ');
  const reader = `read_csv([${group.map((j) => sqlString(j.file)).join(', ')}], ${dialectSql({ ...plan.dialect, delim: delim })}, auto_detect = false,
    columns = {${columns}}, store_rejects = true)`;
  const fileIds = `[${staged.map((f) => f.id).join(', ')}][${index}]`;
  stage.addSource({
    sql: `SELECT ${fileIds} AS file_id, ${plan.symbolColumn ?? `[${symbols.map(sqlString).join(', ')}][${index}]`} AS symbol, ${plan.columns}
      FROM ${reader}`,
    untrimmedSql: plan.untrimmedSymbolColumn && `SELECT ${fileIds} AS file_id, ${plan.untrimmedSymbolColumn} AS symbol, ${plan.columns} FROM ${reader}`,
    fileIds: staged.map((f) => f.id), symbols: plan.symbolColumn ? undefined : symbols,
    actions: plan.actions, csv: true, dateOnly: plan.dateOnly,
  });
}
