import { describe, expect, it } from 'vitest';
import { CLOSE, OPEN, PRICE, VOLUME, PanelFiller, fillPanel } from '../../../../src/data/market-data/bar-panel.js';
import type { SlotGrid } from '../../../../src/data/market-data/slot-grid.js';
import type { BarColumns } from '../../../../src/model/bar.js';

/** Slots at ts 10, 20, … 60 (one per session, sessions 0 … 5). */
const grid: SlotGrid = {
  firstSession: 0, lastSession: 5, size: 6,
  sessionStart: Int32Array.from([0, 1, 2, 3, 4, 5, 6]),
  slotSession: Int32Array.from([0, 1, 2, 3, 4, 5]),
  slotTs: Float64Array.from([10, 20, 30, 40, 50, 60]),
  slotDone: Float64Array.from([11, 21, 31, 41, 51, 61]),
};

function bars(ts: number[], close: number[]): BarColumns {
  const f = (xs: number[]) => Float64Array.from(xs);
  return { ts: f(ts), open: f(close.map((c) => c - 1)), high: f(close), low: f(close), close: f(close), volume: f(close.map((c) => c * 10)) };
}

describe('fillPanel', () => {
  it('puts each bar in the slot of its ts: gaps stay empty, off-grid bars are ignored, a repeated ts keeps the last row', () => {
    const panel = fillPanel(grid, 2, (sid) => (sid === 7 ? 0 : sid === 9 ? 1 : -1), new Map([
      // ts 5 is before the grid, 25 between slots, 70 after it; 40 comes twice
      [7, bars([5, 10, 20, 25, 40, 40, 50, 70], [1, 2, 3, 99, 4, 5, 6, 98])],
      [9, bars([30, 40, 50, 60], [11, 12, 13, 14])],
      [8, bars([10], [77])], // not wanted
    ]));
    const row = (field: number, a: number) => Array.from(panel.columns[field]!.subarray(a * 6, a * 6 + 6));
    expect(row(CLOSE, 0)).toEqual([2, 3, NaN, 5, 6, NaN]);
    expect(row(OPEN, 0)).toEqual([1, 2, NaN, 4, 5, NaN]);
    expect(row(VOLUME, 0)).toEqual([20, 30, 0, 50, 60, 0]);
    expect(row(PRICE, 0)).toEqual([2, 3, 3, 5, 6, 6]);
    expect(row(CLOSE, 1)).toEqual([NaN, NaN, 11, 12, 13, 14]);
    expect(row(PRICE, 1)).toEqual([NaN, NaN, 11, 12, 13, 14]);
  });

  it('seeds the forward-filled price with the close before the grid', () => {
    const panel = fillPanel(grid, 1, () => 0, new Map([[1, bars([30], [5])]]), Float64Array.from([4]));
    expect(Array.from(panel.columns[PRICE]!)).toEqual([4, 4, 5, 5, 5, 5]);
  });
});

describe('PanelFiller', () => {
  /** Streams rows `[sid, ts, close]` in batches of `batch` (open = close − 1, volume = close × 10). */
  function stream(filler: PanelFiller, rows: [number, number, number][], batch: number): void {
    for (let i = 0; i < rows.length; i += batch) {
      const part = rows.slice(i, i + batch);
      const col = (f: (r: [number, number, number]) => number) => Float64Array.from(part, f);
      filler.sink(col((r) => r[0]), col((r) => r[1]), [col((r) => r[2] - 1), col((r) => r[2]), col((r) => r[2]), col((r) => r[2]), col((r) => r[2] * 10)], part.length);
    }
  }

  /** Row `a` of `field` in the panel made by streaming `rows` in batches of `batch` (sids 7 and 9 wanted). */
  function streamedRows(rows: [number, number, number][], batch: number): (field: number, a: number) => number[] {
    const filler = new PanelFiller(grid, 2, (sid) => (sid === 7 ? 0 : sid === 9 ? 1 : -1));
    stream(filler, rows, batch);
    const panel = filler.finish();
    return (field, a) => Array.from(panel.columns[field]!.subarray(a * 6, a * 6 + 6));
  }

  it('streamed rows in stored order, in any batch size, make the same panel', () => {
    const rows: [number, number, number][] = [
      [7, 5, 1], [7, 10, 2], [7, 20, 3], [7, 25, 99], [7, 40, 4], [7, 40, 5], [7, 50, 6], [7, 70, 98],
      [8, 10, 77], [9, 30, 11], [9, 40, 12], [9, 50, 13], [9, 60, 14],
    ];
    for (const batch of [1, 3, 100]) {
      const row = streamedRows(rows, batch);
      expect(row(CLOSE, 0)).toEqual([2, 3, NaN, 5, 6, NaN]);
      expect(row(OPEN, 0)).toEqual([1, 2, NaN, 4, 5, NaN]);
      expect(row(VOLUME, 0)).toEqual([20, 30, 0, 50, 60, 0]);
      expect(row(PRICE, 0)).toEqual([2, 3, 3, 5, 6, 6]);
      expect(row(CLOSE, 1)).toEqual([NaN, NaN, 11, 12, 13, 14]);
    }
  });

  it('rows by time across sids (a long file stored as read), in any batch size, make the same panel', () => {
    const rows: [number, number, number][] = [
      [7, 5, 1], [7, 10, 2], [8, 10, 77], [7, 20, 3], [7, 25, 99], [9, 30, 11], [7, 40, 4], [7, 40, 5], [9, 40, 12],
      [7, 50, 6], [9, 50, 13], [9, 60, 14], [7, 70, 98],
    ];
    for (const batch of [1, 2, 100]) {
      const row = streamedRows(rows, batch);
      expect(row(CLOSE, 0)).toEqual([2, 3, NaN, 5, 6, NaN]);
      expect(row(OPEN, 0)).toEqual([1, 2, NaN, 4, 5, NaN]);
      expect(row(CLOSE, 1)).toEqual([NaN, NaN, 11, 12, 13, 14]);
      expect(row(VOLUME, 1)).toEqual([0, 0, 110, 120, 130, 140]);
    }
  });

  it('places rows that come out of order, or a sid that comes back, by their ts; the later of two rows for a slot wins', () => {
    const filler = new PanelFiller(grid, 2, (sid) => sid - 1);
    stream(filler, [[1, 50, 5], [2, 20, 20], [1, 10, 1], [1, 60, 6], [1, 30, 3], [2, 20, 21]], 2);
    const panel = filler.finish(Float64Array.from([0.5, NaN]));
    expect(Array.from(panel.columns[CLOSE]!)).toEqual([1, NaN, 3, NaN, 5, 6, NaN, 21, NaN, NaN, NaN, NaN]);
    expect(Array.from(panel.columns[PRICE]!)).toEqual([1, 1, 3, 3, 5, 6, NaN, 21, 21, 21, 21, 21]);
  });

  it('written over arrays of an earlier chunk, leaves none of their values in slots without a bar', () => {
    // arrays of 12 slots filled with 999 (an old chunk's bars); the new panel is 2 assets × 6 slots
    const reuse = Array.from({ length: 6 }, () => new Float64Array(12).fill(999));
    const filler = new PanelFiller(grid, 2, (sid) => sid - 1, reuse);
    // asset 0: slots 1 and 4 (out of order); asset 1: no bar at all
    stream(filler, [[1, 50, 5], [1, 20, 2]], 1);
    const panel = filler.finish();
    expect(Array.from(panel.columns[CLOSE]!)).toEqual([NaN, 2, NaN, NaN, 5, NaN, NaN, NaN, NaN, NaN, NaN, NaN]);
    expect(Array.from(panel.columns[OPEN]!)).toEqual([NaN, 1, NaN, NaN, 4, NaN, NaN, NaN, NaN, NaN, NaN, NaN]);
    expect(Array.from(panel.columns[VOLUME]!)).toEqual([0, 20, 0, 0, 50, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(panel.columns[PRICE]!)).toEqual([NaN, 2, 2, 2, 5, 5, NaN, NaN, NaN, NaN, NaN, NaN]);
  });

  it('written over arrays of an earlier chunk, keeps every bar of rows that jump back and forth between sids and times', () => {
    const reuse = Array.from({ length: 6 }, () => new Float64Array(12).fill(999));
    const filler = new PanelFiller(grid, 2, (sid) => sid - 1, reuse);
    stream(filler, [[1, 50, 5], [2, 30, 23], [1, 10, 1], [2, 20, 22], [1, 60, 6], [1, 30, 3], [2, 40, 24]], 1);
    const panel = filler.finish();
    expect(Array.from(panel.columns[CLOSE]!)).toEqual([1, NaN, 3, NaN, 5, 6, NaN, 22, 23, 24, NaN, NaN]);
    expect(Array.from(panel.columns[VOLUME]!)).toEqual([10, 0, 30, 0, 50, 60, 0, 220, 230, 240, 0, 0]);
    expect(Array.from(panel.columns[PRICE]!)).toEqual([1, 1, 3, 3, 5, 6, NaN, 22, 23, 24, 24, 24]);
  });
});
