import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../../src/calendar/index.js';
import { CLOSE, VOLUME } from '../../../../src/data/market-data/bar-panel.js';
import { ChunkedPanel, type PanelSource } from '../../../../src/data/market-data/chunked-panel.js';
import { dailyGrid, type SlotGrid } from '../../../../src/data/market-data/slot-grid.js';

const xnys = getCalendar('XNYS');
const S0 = xnys.sessionIndex('2024-01-02');
const SESSIONS = 9;

/** Two assets (sids 1, 2) with a bar every session: close = the session's calendar index (+ 1000 for sid 2), volume 7. */
function source(): PanelSource & { scans: number } {
  const src = {
    scans: 0,
    grid: (first: number, last: number) => dailyGrid(xnys, first, last),
    bars: () => Promise.reject(new Error('streamed only')),
    async scan(g: SlotGrid, sink: (sid: Float64Array, ts: Float64Array, fields: readonly Float64Array[], n: number) => void) {
      src.scans++;
      for (const sid of [1, 2]) {
        const n = g.size, sids = new Float64Array(n).fill(sid), close = Float64Array.from(g.slotSession, (s) => s + (sid === 2 ? 1000 : 0));
        sink(sids, g.slotTs, [close, close, close, close, new Float64Array(n).fill(7)], n);
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
});
