import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../src/calendar/index.js';
import { createBundleMarketData } from '../../src/data/market-data/index.js';
import type { Bar } from '../../src/model/bar.js';
import type { ClockEvent } from '../../src/ports/clock.js';
import { SimulationClock } from '../../src/sim/simulation-clock.js';
import { MemoryBundleReader, dailyBar, testAsset } from '../helpers/memory-bundle.js';

const xnys = getCalendar('XNYS');
const first = xnys.sessionIndex('2023-10-02'), last = xnys.sessionIndex('2023-12-29');
const A = testAsset(1, 'AAA', '2023-01-01', '2024-12-31');
const B = testAsset(2, 'BBB', '2023-01-01', '2024-12-31');

const dataStart = first - 10;
/** Close of asset `sid` on session `i`: unique, so a value tells which bar it came from. BBB skips every 5th session. */
const dailyClose = (sid: number, i: number) => (i < dataStart || (sid === 2 && i % 5 === 0) ? NaN : sid * 100_000 + i);

describe('SimulationClock + BundleMarketData, daily run in small chunks', () => {
  it('at every clock event shows exactly the bars that have closed, never a later one', async () => {
    const bars: Bar[] = [];
    for (let i = dataStart; i <= last; i++) {
      for (const sid of [1, 2]) {
        const c = dailyClose(sid, i);
        if (!Number.isNaN(c)) bars.push(dailyBar(sid, xnys.sessions[i]!, c, c, i));
      }
    }
    const reader = new MemoryBundleReader({ assets: [A, B], daily: bars });
    const md = await createBundleMarketData({ reader, calendar: xnys, frequency: 'daily', startIndex: first, endIndex: last, chunkSessions: 7, lookbackSessions: 2 });
    const clock = new SimulationClock({ calendar: xnys, startIndex: first, endIndex: last, frequency: 'daily' });
    let checked = 0;
    for (const e of clock.events() as Iterable<ClockEvent>) {
      await md.advanceTo(e.dt);
      // The newest closed session: the current one at 'bar'/'session-end', the previous one before.
      const seen = e.kind === 'bar' || e.kind === 'session-end' ? e.sessionIndex : e.sessionIndex - 1;
      expect(md.sessionIndex).toBe(seen);
      for (const sid of [1, 2]) {
        const asset = sid === 1 ? A : B;
        const expected = Array.from({ length: 12 }, (_, j) => dailyClose(sid, seen - 11 + j));
        expect(md.current(asset, 'close')).toEqual(expected[11]);
        expect(Array.from(await md.history(asset, 'close', 12, '1d'))).toEqual(expected);
        expect(md.canTrade(asset)).toBe(!Number.isNaN(expected[11]!));
      }
      checked++;
    }
    expect(checked).toBe(4 * (last - first + 1));
    expect(reader.queries.daily).toBeGreaterThan(5);
  });
});

describe('SimulationClock + BundleMarketData, minute run across an early close', () => {
  it('shows each minute once it completes; the daily partial bar sums the minutes so far', async () => {
    const days = ['2023-11-22', '2023-11-24', '2023-11-27']; // 11-24 closes at 13:00 ET (210 minutes)
    const s0 = xnys.sessionIndex(days[0]!), s1 = xnys.sessionIndex(days[2]!);
    const bars: Bar[] = [];
    let n = 0;
    for (let i = s0 - 1; i <= s1; i++) {
      for (const ts of xnys.sessionMinutes(i)) {
        n++;
        bars.push({ sid: 1, ts, open: n, high: n + 0.5, low: n - 0.5, close: n, volume: n % 7 });
      }
    }
    const byTs = new Map(bars.map((b) => [b.ts, b]));
    const reader = new MemoryBundleReader({ assets: [A], minute: bars });
    const md = await createBundleMarketData({ reader, calendar: xnys, frequency: 'minute', startIndex: s0, endIndex: s1, chunkSessions: 1 });
    const clock = new SimulationClock({ calendar: xnys, startIndex: s0, endIndex: s1, frequency: 'minute' });
    let sessionVolume = 0, sessionOpen = NaN, bars24 = 0;
    for (const e of clock.events() as Iterable<ClockEvent>) {
      await md.advanceTo(e.dt);
      if (e.kind === 'session-start') {
        sessionVolume = 0;
        sessionOpen = NaN;
      }
      if (e.kind !== 'bar') continue;
      const bar = byTs.get(e.dt - 60_000)!;
      if (e.session === '2023-11-24') bars24++;
      sessionVolume += bar.volume;
      if (Number.isNaN(sessionOpen)) sessionOpen = bar.open;
      expect(md.current(A, 'close')).toBe(bar.close);
      expect(Array.from(await md.history(A, 'close', 3, '1m'))).toEqual([bar.close - 2, bar.close - 1, bar.close]);
      const day = await md.history(A, 'volume', 1, '1d');
      expect(day[0]).toBe(sessionVolume);
      expect((await md.history(A, 'open', 1, '1d'))[0]).toBe(sessionOpen);
    }
    expect(bars24).toBe(210);
  });
});
