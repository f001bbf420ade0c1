import type { Asset } from '../../model/asset.js';
import type { BarField, Frequency, HistoryFrequency } from '../../model/bar.js';
import { HistoryMatrix } from '../../model/history-matrix.js';
import type { TradingCalendar } from '../../ports/calendar.js';
import type { MarketData, MaybePromise } from '../../ports/market-data.js';
import { UsageError, ZiplimeError } from '../../core/errors.js';
import { dayNumber, isoUtc } from '../../core/time.js';
import { isThenable } from '../../core/promise.js';
import { CLOSE, FIELD_INDEX, VOLUME, partialDayValue, priceBefore, type BarPanel } from './bar-panel.js';
import type { ChunkedPanel } from './chunked-panel.js';
import type { CorporateActionIndex } from './corporate-action-index.js';
import { lastVisibleSlot, type SlotGrid } from './slot-grid.js';

/** What `BundleMarketData` is built from (see `createBundleMarketData`). */
export interface BundleMarketDataParts {
  readonly calendar: TradingCalendar;
  readonly frequency: Frequency;
  /** First and last (inclusive) session of the run. */
  readonly startIndex: number;
  readonly endIndex: number;
  readonly assets: readonly Asset[];
  /** Asset row of each sid (−1 when the sid is not loaded). */
  readonly sidIndex: Int32Array;
  /** The run's own frequency. */
  readonly main: ChunkedPanel;
  /** Daily bars for `history(…, '1d')` in a minute run. */
  readonly daily: ChunkedPanel | undefined;
  readonly actions: CorporateActionIndex;
}

function firstSlotOf(g: SlotGrid, session: number): number {
  if (session <= g.firstSession) return 0;
  return session > g.lastSession ? g.size : g.sessionStart[session - g.firstSession]!;
}

function emptyWindow(n: number, f: number): Float64Array {
  return new Float64Array(n).fill(f === VOLUME ? 0 : NaN);
}

/**
 * `MarketData` over a bundle: bars held in columnar `Float64Array`s aligned to the session grid
 * (daily: a slot per session; minute: a slot per session minute), one time chunk at a time.
 * A cursor marks the last bar visible at the time given to `advanceTo`; nothing after it is
 * ever returned. `current` and un-adjusted `history` windows are array lookups and views.
 */
export class BundleMarketData implements MarketData {
  readonly frequency: Frequency;
  /** The loaded assets, in row order. */
  readonly assets: readonly Asset[];
  private readonly calendar: TradingCalendar;
  private readonly closes: Float64Array;
  private readonly endIndex: number;
  private readonly sidIndex: Int32Array;
  private readonly main: ChunkedPanel;
  private readonly daily: ChunkedPanel | undefined;
  private readonly actions: CorporateActionIndex;
  private readonly aliveFrom: Float64Array;
  private readonly aliveTo: Float64Array;
  private readonly ownFrequency: HistoryFrequency;
  private panel!: BarPanel;
  private grid!: SlotGrid;
  private cols!: readonly Float64Array[];
  /** Each column's buffer and byte offset (history windows are views made from them). */
  private buffers!: readonly ArrayBufferLike[];
  private byteOffsets!: readonly number[];
  private size = 0;
  /** Past this instant the cursor leaves the loaded chunk (Infinity for the run's last chunk). */
  private chunkEnd = Infinity;
  private cursor = -1;
  private dt = -Infinity;
  /** Calendar index of the session `dt` belongs to (the first whose close is at or after it). */
  private now: number;

  constructor(parts: BundleMarketDataParts) {
    this.calendar = parts.calendar;
    this.closes = parts.calendar.closes;
    this.frequency = parts.frequency;
    this.ownFrequency = parts.frequency === 'daily' ? '1d' : '1m';
    this.endIndex = parts.endIndex;
    this.assets = parts.assets;
    this.sidIndex = parts.sidIndex;
    this.main = parts.main;
    this.daily = parts.daily;
    this.actions = parts.actions;
    this.now = parts.startIndex;
    const day = (s: string, otherwise: number) => (Number.isNaN(dayNumber(s)) ? otherwise : dayNumber(s));
    this.aliveFrom = Float64Array.from(parts.assets, (a) => day(a.startDate, -Infinity));
    this.aliveTo = Float64Array.from(parts.assets, (a) => day(a.endDate, Infinity));
    this.rebind();
  }

  /** Calendar index of the session of the current bar (−1 before the first one). */
  get sessionIndex(): number {
    return this.cursor < 0 ? -1 : this.grid.slotSession[this.cursor]!;
  }

  /** Moves to instant `dt`; time only moves forward. Returns a promise only when a chunk loads. */
  advanceTo(dt: number): MaybePromise<void> {
    const closes = this.closes;
    if (dt < this.dt) throw new ZiplimeError(`market data cannot move back in time (from ${isoUtc(this.dt)} to ${isoUtc(dt)})`);
    this.dt = dt;
    let s = this.now;
    const lastSession = closes.length - 1;
    while (s < lastSession && closes[s]! < dt) s++;
    this.now = s;
    if (dt > this.chunkEnd) return this.loadChunk();
    const done = this.grid.slotDone, size = this.size;
    let c = this.cursor;
    while (c + 1 < size && done[c + 1]! <= dt) c++;
    this.cursor = c;
    return undefined;
  }

  current(asset: Asset, field: BarField): number {
    const a = this.sidIndex[asset.sid] ?? -1, c = this.cursor;
    if (a < 0 || c < 0) return field === 'volume' ? 0 : NaN;
    return this.cols[FIELD_INDEX[field]]![a * this.size + c]!;
  }

  history(asset: Asset, field: BarField, barCount: number, frequency: HistoryFrequency): MaybePromise<Float64Array> {
    if (!Number.isInteger(barCount) || barCount < 1) {
      throw new UsageError(`history(${asset.symbol}, '${field}', ${barCount}): the bar count must be a positive whole number`);
    }
    const a = this.sidIndex[asset.sid] ?? -1, f = FIELD_INDEX[field];
    if (typeof f !== 'number') throw new UsageError(`history(${asset.symbol}, '${field}'): unknown field; use open, high, low, close, volume or price`);
    if (frequency === this.ownFrequency) return this.window(a, f, barCount);
    if (frequency === '1d') return this.dailyWindow(a, f, barCount);
    throw new UsageError(`history(${asset.symbol}, '${field}', ${barCount}, '${frequency}'): minute history needs a minute run; use '1d' or run with --frequency minute`);
  }

  /**
   * The windows of `assets` as one matrix. In the run's own frequency the matrix reads the loaded
   * columns in place (no window per asset) unless some asset is not loaded, the window reaches
   * before the calendar or an adjustment falls inside it; then it holds copies, as `history` makes.
   */
  historyMatrix(assets: readonly Asset[], field: BarField, barCount: number, frequency: HistoryFrequency): MaybePromise<HistoryMatrix> {
    if (!Number.isInteger(barCount) || barCount < 1) {
      throw new UsageError(`history(${assets.length} assets, '${field}', ${barCount}): the bar count must be a positive whole number`);
    }
    const f = FIELD_INDEX[field];
    if (typeof f !== 'number') throw new UsageError(`history(${assets.length} assets, '${field}'): unknown field; use open, high, low, close, volume or price`);
    if (frequency !== this.ownFrequency) return this.matrixOfWindows(assets, field, barCount, frequency);
    const g = this.grid, end = this.cursor + 1, start = end - barCount;
    if (start < 0 && end > 0 && g.firstSession > 0) return this.widen(-start).then(() => this.historyMatrix(assets, field, barCount, frequency));
    const offsets = new Int32Array(assets.length);
    if (start >= 0) {
      const windowStart = g.slotSession[start]!, now = this.now, sidIndex = this.sidIndex, actions = this.actions, size = this.size;
      let j = 0;
      for (; j < assets.length; j++) {
        const a = sidIndex[assets[j]!.sid] ?? -1;
        if (a < 0 || actions.newestIn(a, windowStart, now) >= 0) break;
        offsets[j] = a * size + start;
      }
      if (j === assets.length) {
        this.panel.lent = true;
        return new HistoryMatrix(assets, barCount, this.cols[f]!, offsets);
      }
    }
    return this.matrixOfWindows(assets, field, barCount, frequency);
  }

  /** A matrix made of one `history` window per asset (copied). */
  private matrixOfWindows(assets: readonly Asset[], field: BarField, barCount: number, frequency: HistoryFrequency): MaybePromise<HistoryMatrix> {
    const windows: MaybePromise<Float64Array>[] = assets.map((a) => this.history(a, field, barCount, frequency));
    if (!windows.some(isThenable)) return HistoryMatrix.fromColumns(assets, barCount, windows as Float64Array[]);
    return Promise.all(windows).then((w) => HistoryMatrix.fromColumns(assets, barCount, w));
  }

  canTrade(asset: Asset): boolean {
    const a = this.sidIndex[asset.sid] ?? -1, c = this.cursor;
    if (a < 0 || c < 0) return false;
    const close = this.cols[CLOSE]![a * this.size + c]!;
    return close === close && this.alive(a);
  }

  isStale(asset: Asset): boolean {
    const a = this.sidIndex[asset.sid] ?? -1, c = this.cursor;
    if (a < 0 || !this.alive(a)) return false;
    return c < 0 || Number.isNaN(this.cols[CLOSE]![a * this.size + c]!);
  }

  /** The raw loaded column of `field` for `asset` up to and including the current bar (a view). */
  rawColumn(asset: Asset, field: BarField): Float64Array {
    const a = this.sidIndex[asset.sid] ?? -1;
    if (a < 0) return new Float64Array(0);
    const from = a * this.size;
    this.panel.lent = true;
    return this.cols[FIELD_INDEX[field]]!.subarray(from, from + this.cursor + 1);
  }

  private alive(a: number): boolean {
    const day = this.calendar.sessionDays[this.now]!;
    return this.aliveFrom[a]! <= day && day <= this.aliveTo[a]!;
  }

  private rebind(): void {
    this.panel = this.main.panel;
    this.grid = this.panel.grid;
    this.cols = this.panel.columns;
    this.buffers = this.cols.map((c) => c.buffer);
    this.byteOffsets = this.cols.map((c) => c.byteOffset);
    this.size = this.grid.size;
    this.chunkEnd = this.grid.lastSession < this.endIndex ? this.closes[this.grid.lastSession]! : Infinity;
    this.cursor = lastVisibleSlot(this.grid, this.dt);
  }

  private async loadChunk(): Promise<void> {
    const s = Math.min(this.now, this.endIndex);
    await this.main.ensure(s - 1, s);
    this.rebind();
  }

  /** The last `n` values of the run's own frequency, a view unless an adjustment falls inside. */
  private window(a: number, f: number, n: number): MaybePromise<Float64Array> {
    const g = this.grid, end = this.cursor + 1, start = end - n;
    if (a < 0 || end === 0) return emptyWindow(n, f);
    if (start < 0 && g.firstSession > 0) return this.widen(-start).then(() => this.window(a, f, n));
    const col = this.cols[f]!, from = a * this.size;
    const windowStart = start >= 0 ? g.slotSession[start]! : -1;
    const adjusted = this.actions.newestIn(a, windowStart, this.now) >= 0;
    if (start >= 0 && !adjusted) {
      this.panel.lent = true;
      // A view made over the cached buffer: `subarray` costs more (it reads the buffer and looks up the species).
      return new Float64Array(this.buffers[f]!, this.byteOffsets[f]! + (from + start) * Float64Array.BYTES_PER_ELEMENT, n);
    }
    const out = emptyWindow(n, f);
    const first = Math.max(0, start);
    out.set(col.subarray(from + first, from + end), first - start);
    if (adjusted) {
      const panel = this.panel;
      this.actions.apply(out, a, windowStart, this.now, f === VOLUME, (s) => firstSlotOf(g, s) - start, (s) => priceBefore(panel, a, s));
    }
    return out;
  }

  /** Reloads the current chunk with enough earlier sessions for `missing` more slots. */
  private async widen(missing: number): Promise<void> {
    const g = this.grid;
    const perSession = Math.max(1, Math.floor(g.size / (g.lastSession - g.firstSession + 1)));
    await this.main.ensure(g.firstSession - Math.ceil(missing / perSession) - 1, g.lastSession);
    this.rebind();
  }

  /** Daily bars in a minute run: full days from the daily panel, today as the partial bar so far. */
  private dailyWindow(a: number, f: number, n: number): MaybePromise<Float64Array> {
    const c = this.cursor;
    if (a < 0 || c < 0) return emptyWindow(n, f);
    const today = this.grid.slotSession[c]!, first = today - n + 1;
    const daily = this.daily!;
    if (!daily.covers(first, today)) return daily.ensure(first, today).then(() => this.dailyWindow(a, f, n));
    const p = daily.panel, g = p.grid, col = p.columns[f]!, base = a * g.size - g.firstSession;
    const out = emptyWindow(n, f);
    for (let j = Math.max(0, g.firstSession - first); j < n - 1; j++) out[j] = col[base + first + j]!;
    const todayFrom = a * this.size + this.grid.sessionStart[today - this.grid.firstSession]!;
    out[n - 1] = partialDayValue(this.cols, f, todayFrom, a * this.size + c);
    if (this.actions.newestIn(a, first, this.now) >= 0) {
      this.actions.apply(out, a, first, this.now, f === VOLUME, (s) => s - first, (s) => priceBefore(p, a, s));
    }
    return out;
  }
}
