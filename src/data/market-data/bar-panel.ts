import type { BarColumns, BarField } from '../../model/bar.js';
import type { SlotGrid } from './slot-grid.js';
import { lowerBound } from '../../core/numeric.js';

/** Column order of a panel; `price` is the close forward-filled over slots without a bar. */
export const FIELD_INDEX: Readonly<Record<BarField, number>> = { open: 0, high: 1, low: 2, close: 3, volume: 4, price: 5 };
export const OPEN = 0;
export const HIGH = 1;
export const LOW = 2;
export const CLOSE = 3;
export const VOLUME = 4;
export const PRICE = 5;
const FIELD_COUNT = 6;

/**
 * Bars of a set of assets aligned to a `SlotGrid`: per field one `Float64Array` of
 * `assets × grid.size` values, asset-major (asset `a`, slot `k` at `a * grid.size + k`).
 * Slots without a bar hold NaN, except `volume` (0) and `price` (the last close before it).
 * A panel streamed by `PanelFiller` in which every slot has a close shares one array for
 * `close` and `price` (they are equal); only `fillPanel`'s panels may be written after.
 */
export interface BarPanel {
  readonly grid: SlotGrid;
  readonly assetCount: number;
  readonly columns: readonly Float64Array[];
  /**
   * Set once a view of the columns was handed out (a `history` window read in place): the
   * arrays are then never reused for another chunk, so a strategy's window never changes.
   */
  lent: boolean;
}

/**
 * Builds a panel from bars as the bundle reader returns them. `indexOfSid` maps a sid to its
 * asset row (−1: not wanted); `seed[a]` is asset `a`'s last close before the grid, if known.
 * Bars whose `ts` is not a slot of the grid are ignored.
 */
export function fillPanel(
  grid: SlotGrid, assetCount: number, indexOfSid: (sid: number) => number,
  bars: ReadonlyMap<number, BarColumns>, seed?: Float64Array,
): BarPanel {
  const size = grid.size, slotTs = grid.slotTs;
  const columns = emptyColumns(assetCount, size);
  const [open, high, low, close, volume] = columns as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  for (const [sid, b] of bars) {
    const a = indexOfSid(sid);
    if (a < 0) continue;
    const base = a * size, ts = b.ts, rows = ts.length;
    let k = 0;
    for (let r = 0; r < rows;) {
      const t = ts[r]!;
      while (k < size && slotTs[k]! < t) k++;
      if (k === size) break;
      if (slotTs[k] !== t) {
        r++;
        continue;
      }
      // Rows r … end-1 fill consecutive slots k …: copy them as one block.
      let end = r + 1;
      while (end < rows && k + end - r < size && slotTs[k + end - r] === ts[end]) end++;
      const at = base + k;
      open.set(b.open.subarray(r, end), at);
      high.set(b.high.subarray(r, end), at);
      low.set(b.low.subarray(r, end), at);
      close.set(b.close.subarray(r, end), at);
      volume.set(b.volume.subarray(r, end), at);
      k += end - r - 1; // stay on the last slot written: a repeated row overwrites it, as any later row would
      r = end;
    }
  }
  forwardFillPrice(columns, assetCount, size, seed);
  return { grid, assetCount, columns, lent: false };
}

/** The empty columns of a new panel: NaN, volume 0. */
function emptyColumns(assetCount: number, size: number): Float64Array[] {
  const n = assetCount * size, columns: Float64Array[] = [];
  for (let f = 0; f < FIELD_COUNT; f++) columns.push(new Float64Array(n).fill(f === VOLUME ? 0 : NaN));
  return columns;
}

/** A column of `n` values, in `reuse`'s array when it is long enough; its contents are not set. */
function columnArray(n: number, reuse: Float64Array | undefined): Float64Array {
  return reuse && reuse.length >= n ? reuse.subarray(0, n) : new Float64Array(n);
}

/** Marks slots `from … to − 1` of the five bar columns as without a bar: NaN, volume 0. */
function clearSlots(columns: readonly Float64Array[], from: number, to: number): void {
  if (from >= to) return;
  for (let f = 0; f < PRICE; f++) columns[f]!.fill(f === VOLUME ? 0 : NaN, from, to);
}

/** The whole arrays behind a panel's columns, for `PanelFiller` to write the next chunk into (a shared `price` is left out). */
export function panelArrays(panel: BarPanel): (Float64Array | undefined)[] {
  const whole = (c: Float64Array) => new Float64Array(c.buffer, 0, c.buffer.byteLength / Float64Array.BYTES_PER_ELEMENT);
  const cols = panel.columns;
  return cols.map((c, f) => (f === PRICE && c.buffer === cols[CLOSE]!.buffer ? undefined : whole(c)));
}

/** Sets `price` to the close forward-filled over slots without a bar, from `seed[a]` before the first slot. */
function forwardFillPrice(columns: readonly Float64Array[], assetCount: number, size: number, seed: Float64Array | undefined): void {
  const close = columns[CLOSE]!, price = columns[PRICE]!;
  for (let a = 0; a < assetCount; a++) {
    let last = seed ? seed[a]! : NaN;
    for (let at = a * size, end = at + size; at < end; at++) {
      const c = close[at]!;
      if (c === c) last = c;
      price[at] = last;
    }
  }
}

/** Index of the first slot whose ts is ≥ `t` (`size` when none). */
function slotAtOrAfter(slotTs: Float64Array, t: number): number {
  return lowerBound(slotTs, t);
}

/**
 * Builds a panel from bars streamed in batches (`BarSink`), written straight into the panel's
 * columns: the same panel `fillPanel` makes from the same bars. Bars may come in any order; in
 * either stored order (per sid by time, or by time across sids) each is placed by moving forward
 * from the previous bar of its asset (a cursor per asset). Bars whose `ts` is not a slot are
 * ignored, and a repeated bar overwrites the earlier one.
 */
export class PanelFiller {
  private readonly columns: Float64Array[];
  private readonly size: number;
  private lastSid = Number.NaN;
  private asset = -1;
  private base = -1;
  private k = 0;
  private lastTs = Number.NaN;
  private set = 0;
  /** Each asset's `k`, `lastTs` and `set` while another asset's bars come. */
  private readonly cursors: Int32Array;
  private readonly lastTsOf: Float64Array;
  /**
   * Per asset, the slots before this one are set (a bar, or cleared); the rest still hold
   * whatever the arrays held. Slots are cleared as bars pass them, the rest in `finish`, so a
   * slot is written once whether or not it has a bar.
   */
  private readonly setUpTo: Int32Array;

  /** `reuse`: arrays of a panel no longer used (see `panelArrays`), written over instead of allocating. */
  constructor(
    readonly grid: SlotGrid, private readonly assetCount: number, private readonly indexOfSid: (sid: number) => number,
    private readonly reuse?: readonly (Float64Array | undefined)[],
  ) {
    this.size = grid.size;
    // `price` is made in `finish`, when it is known whether it differs from `close`.
    const n = assetCount * grid.size;
    this.columns = [];
    for (let f = 0; f < PRICE; f++) this.columns.push(columnArray(n, reuse?.[f]));
    this.cursors = new Int32Array(assetCount);
    this.lastTsOf = new Float64Array(assetCount).fill(Number.NaN);
    this.setUpTo = new Int32Array(assetCount);
  }

  /** Writes a batch of bars (see `BarSink`). */
  readonly sink = (sid: Float64Array, ts: Float64Array, fields: readonly Float64Array[], n: number): void => {
    const [open, high, low, close, volume] = this.columns as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    const [o, h, l, c, v] = fields as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    const slotTs = this.grid.slotTs, size = this.size, cursors = this.cursors, lastTsOf = this.lastTsOf, setUpTo = this.setUpTo;
    const columns = this.columns;
    let lastSid = this.lastSid, asset = this.asset, base = this.base, k = this.k, lastTs = this.lastTs, set = this.set;
    for (let i = 0; i < n; i++) {
      const s = sid[i]!, t = ts[i]!;
      if (s !== lastSid) {
        if (asset >= 0) {
          cursors[asset] = k;
          lastTsOf[asset] = lastTs;
          setUpTo[asset] = set;
        }
        lastSid = s;
        asset = this.indexOfSid(s);
        base = asset < 0 ? -1 : asset * size;
        if (asset >= 0) {
          k = cursors[asset]!;
          lastTs = lastTsOf[asset]!;
          set = setUpTo[asset]!;
        }
      }
      if (base < 0) continue;
      if (t > lastTs) {
        while (k < size && slotTs[k]! < t) k++;
      } else {
        k = slotAtOrAfter(slotTs, t);
      }
      lastTs = t;
      if (k === size || slotTs[k] !== t) continue;
      // Rows i … end−1 of this sid fill consecutive slots k … kk−1 (a dense series): one block.
      let end = i + 1, kk = k + 1;
      while (end < n && kk < size && sid[end] === s && ts[end] === slotTs[kk]) {
        end++;
        kk++;
      }
      if (k >= set) {
        if (k > set) clearSlots(columns, base + set, base + k);
        set = kk;
      } else if (kk > set) set = kk;
      const at = base + k;
      if (end - i > 8) {
        open.set(o.subarray(i, end), at);
        high.set(h.subarray(i, end), at);
        low.set(l.subarray(i, end), at);
        close.set(c.subarray(i, end), at);
        volume.set(v.subarray(i, end), at);
      } else {
        for (let r = i, to = at; r < end; r++, to++) {
          open[to] = o[r]!;
          high[to] = h[r]!;
          low[to] = l[r]!;
          close[to] = c[r]!;
          volume[to] = v[r]!;
        }
      }
      k = kk - 1;
      lastTs = ts[end - 1]!;
      i = end - 1;
    }
    this.lastSid = lastSid;
    this.asset = asset;
    this.base = base;
    this.k = k;
    this.lastTs = lastTs;
    this.set = set;
  };

  /**
   * The panel, its `price` forward-filled from `seed` (each asset's last close before the grid);
   * when that changes no slot — no asset lacks a close after its first one, nor before it with a
   * seed to carry — `price` equals `close` and shares its array.
   */
  finish(seed?: Float64Array): BarPanel {
    if (this.asset >= 0) this.setUpTo[this.asset] = this.set;
    for (let a = 0; a < this.assetCount; a++) clearSlots(this.columns, a * this.size + this.setUpTo[a]!, (a + 1) * this.size);
    if (!this.hasGap(seed)) this.columns.push(this.columns[CLOSE]!);
    else {
      // every slot of `price` is written by the forward fill
      this.columns.push(columnArray(this.assetCount * this.size, this.reuse?.[PRICE]));
      forwardFillPrice(this.columns, this.assetCount, this.size, seed);
    }
    return { grid: this.grid, assetCount: this.assetCount, columns: this.columns, lent: false };
  }

  /** Whether forward-filling `price` would give some slot a value its close does not have. */
  private hasGap(seed: Float64Array | undefined): boolean {
    const close = this.columns[CLOSE]!, size = this.size;
    for (let a = 0; a < this.assetCount; a++) {
      const end = (a + 1) * size;
      let at = a * size;
      while (at < end && close[at] !== close[at]) at++;
      if (at > a * size && seed && seed[a] === seed[a]) return true;
      for (; at < end; at++) if (close[at] !== close[at]) return true;
    }
    return false;
  }
}

/**
 * Each asset's last close strictly before session `session` as far as `panel` knows it (NaN when
 * the panel does not reach back that far or holds no close). Seeds the next panel's `price`.
 */
export function closesBefore(panel: BarPanel, session: number): Float64Array {
  const out = new Float64Array(panel.assetCount);
  for (let a = 0; a < panel.assetCount; a++) out[a] = priceBefore(panel, a, session);
  return out;
}

/** The `price` (forward-filled close) of asset `a` in the last slot before session `session`, or NaN. */
export function priceBefore(panel: BarPanel, a: number, session: number): number {
  const g = panel.grid;
  if (session <= g.firstSession || session > g.lastSession + 1) return NaN;
  const k = g.sessionStart[session - g.firstSession]! - 1;
  return k < 0 ? NaN : panel.columns[PRICE]![a * g.size + k]!;
}

/**
 * One field of the bar made of slots `from … to` (inclusive, indices into `columns`): open = the
 * first open, high/low = the extremes, close = the last close, volume = the sum, price = the
 * forward-filled close at `to`. NaN when no slot in the range has a bar (volume: 0).
 */
export function partialDayValue(columns: readonly Float64Array[], field: number, from: number, to: number): number {
  const col = columns[field]!;
  if (field === PRICE) return col[to]!;
  let out = field === VOLUME ? 0 : NaN;
  for (let k = from; k <= to; k++) {
    const v = col[k]!;
    if (v !== v) continue;
    if (field === OPEN) return v;
    if (field === VOLUME) out += v;
    else if (field === CLOSE || out !== out || (field === HIGH ? v > out : v < out)) out = v;
  }
  return out;
}
