/**
 * `ziplime pipeline`: runs the pipeline a file exports over a bundle's sessions (zipline's
 * `run_pipeline`) and writes one row per (session, asset) passing its screen.
 */
import { UsageError } from '../core/errors.js';
import { dayString } from '../core/time.js';
import { bundleCalendar } from '../data/bundle-calendar.js';
import { bundlePipelineSource } from '../data/pipeline-source.js';
import { openBundle } from '../data/registry.js';
import type { Column, Table } from '../data/table-io.js';
import { runPipeline } from '../pipeline/engine.js';
import type { Pipeline } from '../pipeline/pipeline.js';
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

const isPipeline = (x: unknown): x is Pipeline =>
  typeof x === 'object' && x !== null && 'columns' in x && 'screen' in x && typeof (x as Pipeline).columns === 'object';

/** The pipeline a module exports: `default` (a Pipeline or a function making one), `pipeline` or `makePipeline`. */
async function exportedPipeline(mod: Record<string, unknown>, file: string): Promise<Pipeline> {
  for (const name of ['default', 'pipeline', 'makePipeline']) {
    let v = mod[name];
    if (typeof v === 'function') v = await (v as () => unknown)();
    if (isPipeline(v)) return v;
  }
  throw new UsageError(`${file}: no pipeline found; export default new Pipeline({ columns, screen }) or a function returning one`);
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
    const names = Object.keys(pipe.columns);
    const kinds = names.map((n) => pipe.columns[n]!.kind);
    const rows: Record<string, string | number | null>[] = [];
    const total = endIndex - startIndex + 1;
    let done = 0;
    for await (const frame of runPipeline(pipe, source, startIndex, endIndex, { chunkSize: options.chunkSize })) {
      frame.assets.forEach((asset, i) => {
        const row: Record<string, string | number | null> = { session: frame.session, sid: asset.sid, symbol: asset.symbol };
        names.forEach((n, k) => {
          const v = frame.columns[n]![i]!;
          row[n] = kinds[k] === 'classifier' && v === -1 ? null : Number.isNaN(v) ? null : v;
        });
        rows.push(row);
      });
      done++;
      if (options.onProgress && (done % 21 === 0 || done === total)) options.onProgress(done, total, frame.session, rows.length);
    }
    const columns: Column[] = [
      { name: 'session', kind: 'text' }, { name: 'sid', kind: 'integer' }, { name: 'symbol', kind: 'text' },
      ...names.map((n, k): Column => ({ name: n, kind: kinds[k] === 'factor' ? 'number' : 'integer', nullable: true })),
    ];
    const table: Table = { name: 'pipeline', columns, rows };
    await writeTable(options.output, table);
    return { sessions: total, rows: rows.length, start: dayString(calendar.sessionDays[startIndex]!), end: dayString(calendar.sessionDays[endIndex]!) };
  } finally {
    await reader.close();
  }
}
