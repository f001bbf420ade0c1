/**
 * A pipeline run as rows (zipline's `run_pipeline` output): one row per (session, asset) passing
 * the screen, and the pipeline a module exports.
 */
import { UsageError } from '../core/errors.js';
import type { PipelineSource } from '../ports/pipeline-source.js';
import { runPipeline } from './engine.js';
import type { Pipeline } from './pipeline.js';

/** One output row: `session`, `sid`, `symbol` and one value per column (null for NaN or no class). */
export type PipelineRow = Record<string, string | number | null>;

/** The rows of a run and the pipeline's column names and kinds, in order. */
export interface PipelineRows {
  readonly names: string[];
  readonly kinds: string[];
  readonly rows: PipelineRow[];
}

const isPipeline = (x: unknown): x is Pipeline =>
  typeof x === 'object' && x !== null && 'columns' in x && 'screen' in x && typeof (x as Pipeline).columns === 'object';

/** The pipeline a module exports: `default` (a Pipeline or a function making one), `pipeline` or `makePipeline`. */
export async function exportedPipeline(mod: Record<string, unknown>, file: string): Promise<Pipeline> {
  for (const name of ['default', 'pipeline', 'makePipeline']) {
    let v = mod[name];
    if (typeof v === 'function') v = await (v as () => unknown)();
    if (isPipeline(v)) return v;
  }
  throw new UsageError(`${file}: no pipeline found; export default new Pipeline({ columns, screen }) or a function returning one`);
}

/**
 * Runs `pipe` over sessions `start..end` of `source` and collects its rows; `onProgress` after
 * every 21st session and the last (sessions done, total, session, rows so far).
 */
export async function pipelineRows(
  pipe: Pipeline, source: PipelineSource, start: number, end: number,
  options: { chunkSize?: number; onProgress?: (done: number, total: number, session: string, rows: number) => void } = {},
): Promise<PipelineRows> {
  const names = Object.keys(pipe.columns);
  const kinds = names.map((n) => pipe.columns[n]!.kind);
  const rows: PipelineRow[] = [];
  const total = end - start + 1;
  let done = 0;
  for await (const frame of runPipeline(pipe, source, start, end, { chunkSize: options.chunkSize })) {
    frame.assets.forEach((asset, i) => {
      const row: PipelineRow = { session: frame.session, sid: asset.sid, symbol: asset.symbol };
      names.forEach((n, k) => {
        const v = frame.columns[n]![i]!;
        row[n] = kinds[k] === 'classifier' && v === -1 ? null : Number.isNaN(v) ? null : v;
      });
      rows.push(row);
    });
    done++;
    if (options.onProgress && (done % 21 === 0 || done === total)) options.onProgress(done, total, frame.session, rows.length);
  }
  return { names, kinds, rows };
}
