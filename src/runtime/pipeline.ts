/**
 * `ziplime pipeline`: runs the pipeline a file exports over a bundle's sessions (zipline's
 * `run_pipeline`) and writes one row per (session, asset) passing its screen.
 */
import { dayString } from '../core/time.js';
import { bundleCalendar } from '../data/bundle-calendar.js';
import { bundlePipelineSource } from '../data/pipeline-source.js';
import { openBundle } from '../data/registry.js';
import type { Column, Table } from '../data/table-io.js';
import { exportedPipeline, pipelineRows } from '../pipeline/pipeline-rows.js';
import { writeTable } from '../report/write-table.js';
import { sessionRange } from '../data/bundle-run.js';
import { compileStrategy, importModule } from '../strategy/load/compile-strategy.js';

/** What `runPipelineFile` needs. */
export interface PipelineRunOptions {
  readonly file: string;
  readonly bundlesDir: string;
  readonly bundle: string;
  readonly start?: string;
  readonly end?: string;
  readonly output: string;
  readonly chunkSize?: number;
  /** After each chunk: sessions done, total, last session done, rows so far. */
  readonly onProgress?: (done: number, total: number, session: string, rows: number) => void;
}

/** Runs the file's pipeline and writes its rows; returns the counts. */
export async function runPipelineFile(options: PipelineRunOptions): Promise<{ sessions: number; rows: number; start: string; end: string }> {
  const compiled = await compileStrategy(options.file);
  const pipe = await exportedPipeline(await importModule(compiled, 'pipeline file'), compiled.file);
  const reader = await openBundle(options.bundlesDir, options.bundle);
  try {
    const calendar = await bundleCalendar(reader);
    const { startIndex, endIndex } = await sessionRange(reader, calendar, 'daily', options.start, options.end);
    const source = await bundlePipelineSource(reader, calendar);
    const { names, kinds, rows } = await pipelineRows(pipe, source, startIndex, endIndex, { chunkSize: options.chunkSize, onProgress: options.onProgress });
    const columns: Column[] = [
      { name: 'session', kind: 'text' }, { name: 'sid', kind: 'integer' }, { name: 'symbol', kind: 'text' },
      ...names.map((n, k): Column => ({ name: n, kind: kinds[k] === 'factor' ? 'number' : 'integer', nullable: true })),
    ];
    const table: Table = { name: 'pipeline', columns, rows };
    await writeTable(options.output, table);
    return { sessions: endIndex - startIndex + 1, rows: rows.length, start: dayString(calendar.sessionDays[startIndex]!), end: dayString(calendar.sessionDays[endIndex]!) };
  } finally {
    await reader.close();
  }
}
