import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../../src/calendar/index.js';
import { CLOSE, PRICE, VOLUME } from '../../../../src/data/market-data/bar-panel.js';
import { ChunkedPanel, type PanelSource } from '../../../../src/data/market-data/chunked-panel.js';
import { dailyGrid, type SlotGrid } from '../../../../src/data/market-data/slot-grid.js';

const xnys = getCalendar('XNYS');
const S0 = xnys.sessionIndex('2024-01-02');
const SESSIONS = 9;

/**
 * Two assets (sids 1, 2) with a bar every session: close = the session's calendar index (+ 1000
 * for sid 2), volume 7 — except sessions in `missing`, where sid 2 has no bar.
 */
function source(missing: readonly number[] = []): PanelSource & { scans: number } {
  const src = {
    scans: 0,
    grid: (first: number, last: number) => dailyGrid(xnys, first, last),
    bars: () => Promise.reject(new Error('streamed only')),
    async scan(g: SlotGrid, sink: (sid: Float64Array, ts: Float64Array, fields: readonly Float64Array[], n: number) => void) {
      src.scans++;
      for (const sid of [1, 2]) {
        const keep = Array.from(g.slotSession.keys()).filter((k) => sid === 1 || !missing.includes(g.slotSession[k]!));
        const n = keep.length, sids = new Float64Array(n).fill(sid), ts = Float64Array.from(keep, (k) => g.slotTs[k]!);
        const close = Float64Array.from(keep, (k) => g.slotSession[k]! + (sid === 2 ? 1000 : 0));
        sink(sids, ts, [close, close, close, close, new Float64Array(n).fill(7)], n);
      }
    },
  };
  return src;
}

function chunked(src: PanelSource): ChunkedPanel {
  return new ChunkedPanel(src, { startIndex: S0, endIndex: S0 + SESSIONS - 1, chunkSessions: 2, lookbackSessions: 1 }, 2, (sid) => sid - 1);
}

/** The close of asset row `a` in session `s` of the loaded chunk. */
function closeAt(p: ChunkedPanel, a: number, s: number): number {
  const g = p.panel.grid;
  return p.panel.columns[CLOSE]![a * g.size + g.sessionStart[s - g.firstSession]!]!;
}

describe('ChunkedPanel array reuse', () => {
  it('reads each chunk into the arrays of the chunk before the one just left, with the right values', async () => {
    const p = chunked(source());
    const buffers: ArrayBufferLike[] = [];
    for (let s = S0; s < S0 + SESSIONS; s++) {
      await p.ensure(s - 1, s);
      if (buffers.at(-1) !== p.panel.columns[CLOSE]!.buffer) buffers.push(p.panel.columns[CLOSE]!.buffer);
      expect(closeAt(p, 0, s)).toBe(s);
      expect(closeAt(p, 1, s)).toBe(s + 1000);
      expect(closeAt(p, 1, s - 1)).toBe(s - 1 + 1000);
      expect(p.panel.columns[VOLUME]!.every((v) => v === 7)).toBe(true);
    }
    // 9 sessions in chunks of 2: 5 chunks, held in two sets of arrays taking turns.
    expect(buffers).toHaveLength(5);
    expect(new Set(buffers).size).toBe(2);
    expect(buffers[2]).toBe(buffers[0]);
    expect(buffers[3]).toBe(buffers[1]);
  });

  it('never reuses the arrays of a chunk whose columns were lent out: a kept view keeps its values', async () => {
    const p = chunked(source());
    await p.ensure(S0 - 1, S0);
    p.panel.lent = true;
    const first = p.panel.columns[CLOSE]!;
    const kept = Array.from(first);
    const buffers = new Set<ArrayBufferLike>([first.buffer]);
    for (let s = S0 + 1; s < S0 + SESSIONS; s++) {
      await p.ensure(s - 1, s);
      buffers.add(p.panel.columns[CLOSE]!.buffer);
    }
    expect(Array.from(first)).toEqual(kept);
    // The first chunk's arrays are never handed on: a third set is made once, then the two unlent sets take turns.
    expect(buffers.size).toBe(3);
  });

  it('shares one array for close and price when every slot has a close; forward-fills price over a gap', async () => {
    const full = chunked(source());
    await full.ensure(S0 - 1, S0);
    expect(full.panel.columns[PRICE]).toBe(full.panel.columns[CLOSE]);
    const gap = chunked(source([S0 + 2]));
    for (let s = S0; s <= S0 + 3; s++) await gap.ensure(s - 1, s);
    // Chunk S0+2 … S0+3 with the margin S0+1: sid 2 has no bar on S0+2, so its price is S0+1's close.
    const g = gap.panel.grid, at = (s: number) => g.size + g.sessionStart[s - g.firstSession]!;
    expect(gap.panel.columns[PRICE]).not.toBe(gap.panel.columns[CLOSE]);
    expect(gap.panel.columns[CLOSE]![at(S0 + 2)]).toBeNaN();
    expect(gap.panel.columns[PRICE]![at(S0 + 2)]).toBe(S0 + 1 + 1000);
    expect(gap.panel.columns[PRICE]![at(S0 + 3)]).toBe(S0 + 3 + 1000);
    expect(gap.panel.columns[VOLUME]![at(S0 + 2)]).toBe(0);
  });

  it('shares the array when the only missing closes come before an asset\'s first bar and nothing is carried in', async () => {
    const late = chunked(source([S0 - 1, S0]));
    await late.ensure(S0 - 1, S0);
    // First chunk (S0 − 1 … S0 + 1, no earlier chunk): sid 2 starts on S0 + 1, its price is NaN before.
    expect(late.panel.columns[PRICE]).toBe(late.panel.columns[CLOSE]);
    expect(late.panel.columns[PRICE]![late.panel.grid.size]).toBeNaN();
    expect(late.panel.columns[PRICE]![late.panel.grid.size + 2]).toBe(S0 + 1 + 1000);
  });
});
