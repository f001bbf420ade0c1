/**
 * The pipeline engine (zipline's `run_pipeline`): computes a pipeline over a range of sessions
 * in chunks. Per chunk it loads each dataset column once (sessions × assets), then computes the
 * terms in dependency order — windowed built-ins over the whole chunk at once when no adjustment
 * falls in it, otherwise (and custom terms always) session by session over views of the chunk,
 * vectorized across assets, with adjustments applied as they become known (point in time);
 * row-wise terms (algebra, ranks, filters) over the whole chunk at once. Buffers are reused
 * from chunk to chunk. The output of session t
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
  const pool: BufferPool = new Map();
  const alive = aliveRanges(source);
  for (let a = start; a <= end; a += chunk) {
    const b = Math.min(end, a + chunk - 1);
    const results = await computeChunk(graph, source, a, b, pool);
    yield* frames(pipe, source, results, a, b, alive);
    options.onProgress?.(b - start + 1, total);
  }
}

/**
 * Buffers reused from one chunk to the next (by term id or column key): every chunk but the last
 * has the same shape, and a chunk's frames are copied out before the next chunk is computed.
 */
export type BufferPool = Map<number | string, Float64Array>;

/** A buffer of `n` values from `pool` under `key` (grown when too small), filled with `fill`. */
function pooled(pool: BufferPool | undefined, key: number | string, n: number, fill: number): Float64Array {
  if (!pool) return new Float64Array(n).fill(fill);
  let buf = pool.get(key);
  if (!buf || buf.length < n) pool.set(key, (buf = new Float64Array(n)));
  return buf.subarray(0, n).fill(fill);
}

/**
 * Computes every term of `graph` for output rows `a…b` (and the earlier rows windows need).
 * With a `pool`, the returned blocks are overwritten by the next call with the same pool.
 */
export async function computeChunk(graph: Graph, source: PipelineSource, a: number, b: number, pool?: BufferPool): Promise<Map<number, Block>> {
  const need = starts(graph.order, a);
  const width = source.assets.length;
  const cols = [...graph.columns.values()];
  const from = Math.min(a, ...cols.map((c) => need.get(`col:${c.key}`)!));
  const loaded = await loadRows(source, cols, from, b, width, pool);
  const adjustments = await Promise.all(cols.map((c) => source.adjustments(c, Math.max(0, from), b)));
  const raw = new Map(cols.map((c, k) => [c.key, { block: { from, data: loaded[k]! }, adjustments: adjustments[k]! }]));
  const results = new Map<number, Block>();
  for (const t of graph.order) {
    const from = need.get(t.id)!;
    const rows = b - from + 1;
    const out = pooled(pool, t.id, rows * width, missing(t));
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
async function loadRows(source: PipelineSource, cols: readonly BoundColumn[], from: number, to: number, width: number, pool?: BufferPool): Promise<Float64Array[]> {
  const out = cols.map((c) => pooled(pool, `col:${c.key}`, (to - from + 1) * width, NaN));
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
  // Without adjustments in the range every session's window is a plain view of the same rows:
  // a vectorized term computes them all in one call.
  if (t.vectorized && buffers.every((b) => !b || b.next >= b.adjustments.length || b.adjustments[b.next]!.session > to)) {
    t.computeBlock({ inputs: sources, out, rows: to - from + 1, width, windowLength: w, assets });
    return;
  }
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

/** Per asset column, the first and last session index it is alive on (start date < session ≤ end date). */
function aliveRanges(source: PipelineSource): { first: Int32Array; last: Int32Array } {
  const n = source.assets.length;
  const first = new Int32Array(n);
  const last = new Int32Array(n);
  const sessions = source.sessions;
  source.assets.forEach((asset, c) => {
    let lo = 0;
    let hi = sessions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sessions[mid]! <= asset.startDate) lo = mid + 1;
      else hi = mid;
    }
    first[c] = lo;
    lo = 0;
    hi = sessions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sessions[mid]! <= asset.endDate) lo = mid + 1;
      else hi = mid;
    }
    last[c] = lo - 1;
  });
  return { first, last };
}

/** The frames of output rows a…b: alive assets (start date < session ≤ end date) passing the screen. */
function* frames(pipe: Pipeline, source: PipelineSource, results: Map<number, Block>, a: number, b: number,
  alive: { first: Int32Array; last: Int32Array }): Generator<PipelineFrame> {
  const width = source.assets.length;
  const names = Object.keys(pipe.columns);
  const terms = names.map((name) => pipe.columns[name]!);
  const blocks = terms.map((t) => results.get(t.id)!);
  const screen = pipe.screen ? results.get(pipe.screen.id)! : null;
  const cols = new Int32Array(width);
  for (let day = a; day <= b; day++) {
    const session = source.sessions[day]!;
    let n = 0;
    const s = screen ? (day - screen.from) * width : 0;
    for (let c = 0; c < width; c++) {
      if (day < alive.first[c]! || day > alive.last[c]!) continue;
      if (screen && screen.data[s + c] !== 1) continue;
      cols[n++] = c;
    }
    const columns: PipelineFrame['columns'] = {};
    for (let k = 0; k < names.length; k++) {
      const term = terms[k]!;
      const block = blocks[k]!;
      const base = (day - block.from) * width;
      const values = term.kind === 'factor' ? new Float64Array(n) : term.kind === 'filter' ? new Uint8Array(n) : new Int32Array(n);
      for (let i = 0; i < n; i++) values[i] = block.data[base + cols[i]!]!;
      columns[names[k]!] = values;
    }
    const assets: Asset[] = new Array(n);
    for (let i = 0; i < n; i++) assets[i] = source.assets[cols[i]!]!;
    yield { session, assets, columns };
  }
}
