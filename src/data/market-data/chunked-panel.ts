import type { BarColumns } from '../../model/bar.js';
import type { BarSink } from '../../ports/bundle-reader.js';
import { closesBefore, fillPanel, PanelFiller, panelArrays, type BarPanel } from './bar-panel.js';
import type { SlotGrid } from './slot-grid.js';

/** Where a panel's bars come from: the slot layout of a session range and the bars in it. */
export interface PanelSource {
  grid(firstSession: number, lastSession: number): SlotGrid;
  bars(grid: SlotGrid): Promise<ReadonlyMap<number, BarColumns>>;
  /** Optional: the same bars streamed to `sink` (written straight into the panel; preferred). */
  scan?(grid: SlotGrid, sink: BarSink): Promise<void>;
}

/** How a run's sessions are cut into chunks. */
export interface ChunkPlan {
  /** First and last (inclusive) session of the run. */
  readonly startIndex: number;
  readonly endIndex: number;
  /** Sessions per chunk. */
  readonly chunkSessions: number;
  /** Sessions kept before each chunk for history windows (grows when a bigger window is asked). */
  readonly lookbackSessions: number;
}

/**
 * One frequency's bars for the run, held one time chunk at a time: chunk `k` covers sessions
 * `startIndex + k·chunkSessions …` plus a lookback margin before it, so memory is bounded by
 * the chunk size whatever the bundle size. The forward-filled `price` carries over between chunks.
 * With a streaming source, the next chunk is read in the background once a chunk is loaded,
 * into the arrays of the chunk just left when none of its columns was lent out: a run then holds
 * two chunks' arrays, allocated once.
 */
export class ChunkedPanel {
  private panelOrUndefined: BarPanel | undefined;
  private margin: number;
  private pending: Promise<void> | undefined;
  /** Arrays of a chunk no longer used (and never lent), for the next chunk read. */
  private spare: (Float64Array | undefined)[] | undefined;
  /** The next chunk, being read in the background while the current one runs. */
  private next: { readonly gridFirst: number; readonly chunkLast: number; readonly filled: Promise<PanelFiller> } | undefined;

  constructor(
    private readonly source: PanelSource,
    private readonly plan: ChunkPlan,
    private readonly assetCount: number,
    private readonly indexOfSid: (sid: number) => number,
  ) {
    this.margin = Math.max(1, plan.lookbackSessions);
  }

  /** The loaded chunk (call `ensure` first). */
  get panel(): BarPanel {
    return this.panelOrUndefined!;
  }

  /** Whether the loaded chunk holds sessions `first … last` (`first` clamped to the calendar start). */
  covers(first: number, last: number): boolean {
    const g = this.panelOrUndefined?.grid;
    return g !== undefined && g.firstSession <= Math.max(0, first) && last <= g.lastSession;
  }

  /**
   * Loads the chunk that holds session `last`, with a margin reaching back to session `first`
   * (the margin only ever grows, at least doubling, so repeated bigger windows reload rarely).
   * Concurrent calls load one after another.
   */
  async ensure(first: number, last: number): Promise<void> {
    while (this.pending) await this.pending;
    if (this.covers(first, last)) return;
    this.pending = this.load(first, last).finally(() => { this.pending = undefined; });
    await this.pending;
  }

  private async load(first: number, last: number): Promise<void> {
    const { startIndex, endIndex, chunkSessions } = this.plan;
    const k = Math.max(0, Math.floor((Math.min(last, endIndex) - startIndex) / chunkSessions));
    const chunkFirst = startIndex + k * chunkSessions;
    const chunkLast = Math.min(endIndex, chunkFirst + chunkSessions - 1);
    const needed = chunkFirst - first;
    if (needed > this.margin) this.margin = Math.max(needed, 2 * this.margin);
    const gridFirst = Math.max(0, chunkFirst - this.margin);
    const next = this.next;
    this.next = undefined;
    if (this.source.scan) {
      const filler = next && next.gridFirst === gridFirst && next.chunkLast === chunkLast
        ? await next.filled
        : await this.scan(gridFirst, chunkLast);
      const old = this.panelOrUndefined;
      const seed = old ? closesBefore(old, gridFirst) : undefined;
      this.panelOrUndefined = filler.finish(seed);
      if (old && !old.lent) this.spare = panelArrays(old);
      if (chunkLast < endIndex) this.prefetch(chunkLast + 1);
      return;
    }
    const grid = this.source.grid(gridFirst, chunkLast);
    const bars = await this.source.bars(grid);
    const seed = this.panelOrUndefined ? closesBefore(this.panelOrUndefined, gridFirst) : undefined;
    this.panelOrUndefined = fillPanel(grid, this.assetCount, this.indexOfSid, bars, seed);
  }

  /** Streams sessions `gridFirst … chunkLast` into a new panel's columns. */
  private async scan(gridFirst: number, chunkLast: number): Promise<PanelFiller> {
    const reuse = this.spare;
    this.spare = undefined;
    const filler = new PanelFiller(this.source.grid(gridFirst, chunkLast), this.assetCount, this.indexOfSid, reuse);
    await this.source.scan!(filler.grid, filler.sink);
    return filler;
  }

  /** Starts reading the chunk that begins at session `chunkFirst` (used by `load` if it is the one asked for). */
  private prefetch(chunkFirst: number): void {
    const chunkLast = Math.min(this.plan.endIndex, chunkFirst + this.plan.chunkSessions - 1);
    const gridFirst = Math.max(0, chunkFirst - this.margin);
    const filled = this.scan(gridFirst, chunkLast);
    filled.catch(() => undefined); // an error is reported when the chunk is awaited; an unused read is dropped
    this.next = { gridFirst, chunkLast, filled };
  }
}
