/**
 * Pipelines attached to a run (`ctx.attachPipeline`): each is computed a chunk of sessions at a
 * time, ahead of the sessions that ask for it, and `output(name, session)` returns that
 * session's frame — computed from data up to the previous session's close.
 */
import type { PipelineSource } from '../ports/pipeline-source.js';
import type { PipelineFrame } from './engine.js';
import type { Pipeline } from './pipeline.js';

/** A run's attached pipelines. */
export interface AttachedPipelines {
  attach(pipe: Pipeline, name: string): void;
  output(name: string, session: string): Promise<PipelineFrame>;
}

/** Options of `ChunkedPipelines`. */
export interface ChunkedPipelinesOptions {
  /**
   * Last session index computed ahead of the one asked for (a backtest's end). Absent (paper and
   * live), each session is computed when asked: later sessions have no data yet.
   */
  readonly lastIndex?: number;
  /** Output sessions per chunk (default 252). */
  readonly chunkSize?: number;
  /** Called at the first attach (paper and live: follow the bars of every asset of the source). */
  readonly onAttach?: () => void;
}

/** Attached pipelines over a source, computed in chunks of sessions ahead of the one asked for. */
export class ChunkedPipelines implements AttachedPipelines {
  private readonly pipes = new Map<string, { pipe: Pipeline; frames: Map<string, PipelineFrame> }>();

  private source: PipelineSource | undefined;
  private readonly options: ChunkedPipelinesOptions;

  /** `open` makes the source on first use, so runs without pipelines never read for them. */
  constructor(private readonly open: () => Promise<PipelineSource>, options: ChunkedPipelinesOptions | number = {}) {
    this.options = typeof options === 'number' ? { lastIndex: options } : options;
  }

  attach(pipe: Pipeline, name: string): void {
    if (this.pipes.has(name)) throw new Error(`a pipeline named '${name}' is already attached; give each its own name`);
    if (this.pipes.size === 0) this.options.onAttach?.();
    this.pipes.set(name, { pipe, frames: new Map() });
  }

  async output(name: string, session: string): Promise<PipelineFrame> {
    const entry = this.pipes.get(name);
    if (!entry) throw new Error(`no pipeline named '${name}' is attached; call ctx.attachPipeline(pipe, '${name}') in initialize()`);
    let frame = entry.frames.get(session);
    if (frame) return frame;
    const source = (this.source ??= await this.open());
    const index = source.sessions.indexOf(session);
    if (index < 0) throw new Error(`session ${session} is not in the pipeline's calendar`);
    entry.frames.clear();
    const chunkSize = this.options.chunkSize ?? 252;
    const last = this.options.lastIndex;
    const end = last === undefined ? index : Math.max(index, Math.min(last, index + chunkSize - 1));
    // The pipeline engine loads with the first pipeline output, not with every run.
    const { runPipeline } = await import('./engine.js');
    for await (const f of runPipeline(entry.pipe, source, index, end, { chunkSize })) entry.frames.set(f.session, f);
    frame = entry.frames.get(session)!;
    return frame;
  }
}
