/**
 * The pipeline engine (zipline's `run_pipeline`): computes a pipeline over a range of sessions
 * in chunks. Per chunk it loads each dataset column once (sessions × assets), then computes the
 * terms in dependency order — windowed terms session by session over views of the chunk,
 * vectorized across assets, with adjustments applied as they become known (point in time);
 * row-wise terms (algebra, ranks, filters) over the whole chunk at once. The output of session t
 * uses data up to session t − 1 only.
 */
import type { Asset } from '../model/asset.js';
import { type Graph, buildGraph, starts } from './graph.js';
import type { Pipeline } from './pipeline.js';
import type { Adjustment, PipelineSource } from '../ports/pipeline-source.js';
import { BoundColumn, type Term } from './terms.js';
import { Window } from './window.js';

/** One session's output: the assets that pass the screen and each column's values for them. */
export interface PipelineFrame {
  readonly session: string;
  readonly assets: readonly Asset[];
  /** Factors as Float64Array, filters as Uint8Array (1/0), classifiers as Int32Array (−1 missing). */
  readonly columns: Record<string, Float64Array | Uint8Array | Int32Array>;
}

/** Options of `runPipeline`. */
export interface RunPipelineOptions {
  /** Output sessions per chunk (default 252). */
  chunkSize?: number;
  /** Called after each chunk with sessions done and the total. */
  onProgress?: (done: number, total: number) => void;
}

interface Block {
  /** Output row of the block's first row. */
  readonly from: number;
  readonly data: Float64Array;
}

/** The filler of a term kind's missing value. */
const missing = (t: Term) => (t.kind === 'factor' ? NaN : t.kind === 'filter' ? 0 : -1);

/**
 * Computes `pipe` for output sessions `start…end` (indices into `source.sessions`), yielding one
 * frame per session in order.
 */
export async function* runPipeline(pipe: Pipeline, source: PipelineSource, start: number, end: number, options: RunPipelineOptions = {}): AsyncGenerator<PipelineFrame> {
  const graph = buildGraph(pipe);
  const chunk = options.chunkSize ?? 252;
  const total = end - start + 1;
  for (let a = start; a <= end; a += chunk) {
    const b = Math.min(end, a + chunk - 1);
    const results = await computeChunk(graph, source, a, b);
    yield* frames(pipe, source, results, a, b);
    options.onProgress?.(b - start + 1, total);
  }
}

/** Computes every term of `graph` for output rows `a…b` (and the earlier rows windows need). */
export async function computeChunk(graph: Graph, source: PipelineSource, a: number, b: number): Promise<Map<number, Block>> {
  const need = starts(graph.order, a);
  const width = source.assets.length;
  const cols = [...graph.columns.values()];
  const from = Math.min(a, ...cols.map((c) => need.get(`col:${c.key}`)!));
  const loaded = await loadRows(source, cols, from, b, width);
  const adjustments = await Promise.all(cols.map((c) => source.adjustments(c, Math.max(0, from), b)));
  const raw = new Map(cols.map((c, k) => [c.key, { block: { from, data: loaded[k]! }, adjustments: adjustments[k]! }]));
  const results = new Map<number, Block>();
  for (const t of graph.order) {
    const from = need.get(t.id)!;
    const rows = b - from + 1;
    const out = new Float64Array(rows * width).fill(missing(t));
    const { inputs, windowLength, mask } = t.resolved();
    if (windowLength > 0) computeWindowed(t, inputs, windowLength, source, raw, results, from, b, out);
    else {
      const views = inputs.map((i) => view(results.get((i as Term).id)!, from, b, width));
      t.computeRows({ inputs: views, out, rows, width, mask: mask ? view(results.get(mask.id)!, from, b, width) : null, assets: sidsOf(source) });
    }
    if (mask) applyMask(out, view(results.get(mask.id)!, from, b, width), missing(t));
    results.set(t.id, { from, data: out });
  }
  return results;
}

const sidCache = new WeakMap<readonly Asset[], Int32Array>();
function sidsOf(source: PipelineSource): Int32Array {
  let s = sidCache.get(source.assets);
  if (!s) sidCache.set(source.assets, (s = Int32Array.from(source.assets, (x) => x.sid)));
  return s;
}

/** Rows `from…to` of each column (output rows: data of sessions from−1…to−1), NaN before the first session. */
async function loadRows(source: PipelineSource, cols: readonly BoundColumn[], from: number, to: number, width: number): Promise<Float64Array[]> {
  const out = cols.map(() => new Float64Array((to - from + 1) * width).fill(NaN));
  const first = Math.max(from, 1);
  if (first > to || cols.length === 0) return out;
  const data = await source.load(cols, first - 1, to - 1);
  data.forEach((d, k) => out[k]!.set(d, (first - from) * width));
  return out;
}

function view(block: Block, from: number, to: number, width: number): Float64Array {
  return block.data.subarray((from - block.from) * width, (to - block.from + 1) * width);
}

function applyMask(out: Float64Array, mask: Float64Array, fill: number): void {
  for (let i = 0; i < out.length; i++) if (mask[i] !== 1) out[i] = fill;
}

interface ColumnBuffer {
  /** Rows first…to of the column: a private copy when adjustments fall in the range, else a view. */
  readonly data: Float64Array;
  readonly adjustments: readonly Adjustment[];
  next: number;
}

function computeWindowed(t: Term, inputs: readonly (Term | BoundColumn)[], w: number, source: PipelineSource,
  raw: Map<string, { block: Block; adjustments: readonly Adjustment[] }>, results: Map<number, Block>, from: number, to: number, out: Float64Array): void {
  const width = source.assets.length;
  const first = from - w + 1;
  // Column inputs: rows first…to, copied (and adjusted as sessions advance) only when an
  // adjustment falls in the range; term inputs: views of their results.
  const buffers: (ColumnBuffer | null)[] = inputs.map((i) => {
    if (!(i instanceof BoundColumn)) return null;
    const r = raw.get(i.key)!;
    const adj = r.adjustments;
    let next = 0;
    while (next < adj.length && adj[next]!.session < first) next++;
    const adjusted = next < adj.length && adj[next]!.session <= to;
    const v = view(r.block, first, to, width);
    return { data: adjusted ? v.slice() : v, adjustments: adj, next };
  });
  const sources = inputs.map((i, k) => buffers[k]?.data ?? view(results.get((i as Term).id)!, first, to, width));
  const sessions = source.sessions;
  const assets = sidsOf(source);
  for (let day = from; day <= to; day++) {
    const start = day - w + 1;
    const windows: Window[] = [];
    for (let k = 0; k < inputs.length; k++) {
      const buf = buffers[k];
      if (buf) applyAdjustments(buf, day, start, first, to, width);
      windows.push(new Window(sources[k]!.subarray((start - first) * width, (day - first + 1) * width), w, width));
    }
    t.computeDay({ today: sessions[day] ?? '', assets, out: out.subarray((day - from) * width, (day - from + 1) * width), windows });
  }
}

/** Applies to `buf` the adjustments known by session `upTo`, to the rows from `windowStart` on. */
function applyAdjustments(buf: ColumnBuffer, upTo: number, windowStart: number, first: number, to: number, width: number): void {
  const adj = buf.adjustments;
  while (buf.next < adj.length && adj[buf.next]!.session <= upTo) {
    const { session, col, ratio } = adj[buf.next++]!;
    for (let r = Math.max(windowStart, first); r <= Math.min(session, to); r++) buf.data[(r - first) * width + col] *= ratio;
  }
}

/** The frames of output rows a…b: alive assets (start date < session ≤ end date) passing the screen. */
function* frames(pipe: Pipeline, source: PipelineSource, results: Map<number, Block>, a: number, b: number): Generator<PipelineFrame> {
  const width = source.assets.length;
  const names = Object.keys(pipe.columns);
  const screen = pipe.screen ? results.get(pipe.screen.id)! : null;
  for (let day = a; day <= b; day++) {
    const session = source.sessions[day]!;
    const cols: number[] = [];
    for (let c = 0; c < width; c++) {
      const asset = source.assets[c]!;
      if (!(asset.startDate < session && session <= asset.endDate)) continue;
      if (screen && screen.data[(day - screen.from) * width + c] !== 1) continue;
      cols.push(c);
    }
    const columns: PipelineFrame['columns'] = {};
    for (const name of names) {
      const term = pipe.columns[name]!;
      const block = results.get(term.id)!;
      const base = (day - block.from) * width;
      const values = cols.map((c) => block.data[base + c]!);
      columns[name] = term.kind === 'factor' ? Float64Array.from(values) : term.kind === 'filter' ? Uint8Array.from(values) : Int32Array.from(values);
    }
    yield { session, assets: cols.map((c) => source.assets[c]!), columns };
  }
}
