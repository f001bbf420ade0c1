import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../../src/calendar/index.js';
import { createBundleMarketData, type BundleMarketData, type BundleMarketDataOptions } from '../../../../src/data/market-data/index.js';
import type { Bar, BarField, HistoryFrequency } from '../../../../src/model/bar.js';
import type { ClockEvent } from '../../../../src/ports/clock.js';
import { SimulationClock } from '../../../../src/sim/simulation-clock.js';
import { MemoryBundleReader, dailyBar, testAsset } from '../../../helpers/memory-bundle.js';

const xnys = getCalendar('XNYS');
const A = testAsset(1, 'AAA', '2023-12-01', '2024-01-31');
const at = (iso: string) => Date.parse(iso);
const m = (iso: string, open: number, high: number, low: number, close: number, volume: number): Bar =>
  ({ sid: 1, ts: at(iso), open, high, low, close, volume });

// 2-for-1 split effective 2024-01-03. XNYS is 14:30–21:00Z in January.
const MINUTES: Bar[] = [
  m('2024-01-02T20:57:00Z', 50, 50.5, 49.5, 50, 100),
  m('2024-01-02T20:58:00Z', 50, 51.5, 50, 51, 100),
  m('2024-01-02T20:59:00Z', 51, 52.5, 51, 52, 100),
  m('2024-01-03T14:30:00Z', 26, 27, 25.5, 26.5, 10),
  // no bar in the 14:31 minute
  m('2024-01-03T14:32:00Z', 26.4, 28, 26, 27.5, 30),
  m('2024-01-03T14:33:00Z', 27.5, 27.9, 24, 25, 5),
];
const DAILY: Bar[] = [
  dailyBar(1, '2023-12-29', 47, 48, 900, 48.5, 46.5),
  dailyBar(1, '2024-01-02', 49, 52, 2000, 53, 48),
  dailyBar(1, '2024-01-03', 26, 25.5, 45, 28, 24), // the full day: never visible during it
];

function reader(daily = true): MemoryBundleReader {
  return new MemoryBundleReader({
    assets: [A], minute: MINUTES, daily: daily ? DAILY : [],
    splits: [{ sid: 1, effectiveDate: '2024-01-03', ratio: 2 }],
  });
}

const idx = (d: string) => xnys.sessionIndex(d);
async function open_(extra: Partial<BundleMarketDataOptions> = {}, r = reader()): Promise<BundleMarketData> {
  return createBundleMarketData({ reader: r, calendar: xnys, frequency: 'minute', startIndex: idx('2024-01-02'), endIndex: idx('2024-01-04'), ...extra });
}
const list = (xs: Float64Array) => Array.from(xs, (x) => (Number.isNaN(x) ? NaN : Math.round(x * 1e9) / 1e9));
const hist = async (md: BundleMarketData, field: BarField, n: number, f: HistoryFrequency) => list(await md.history(A, field, n, f));

describe('BundleMarketData (minute)', () => {
  it('shows a minute bar once the minute has completed, with gaps as NaN and a forward-filled price', async () => {
    const md = await open_();
    await md.advanceTo(at('2024-01-03T14:32:00Z')); // the 14:31 minute (no bar) just completed
    expect(md.current(A, 'close')).toBeNaN();
    expect(md.current(A, 'price')).toBe(26.5);
    expect(md.current(A, 'volume')).toBe(0);
    expect(md.canTrade(A)).toBe(false);
    expect(md.isStale(A)).toBe(true);
    await md.advanceTo(at('2024-01-03T14:33:00Z') - 1);
    expect(md.current(A, 'close')).toBeNaN(); // the 14:32 bar is not complete yet
    await md.advanceTo(at('2024-01-03T14:33:00Z'));
    expect(md.current(A, 'close')).toBe(27.5);
    expect(md.canTrade(A)).toBe(true);
  });

  it("daily history in a minute run: earlier days from the daily bars, today as the partial bar so far", async () => {
    const md = await open_();
    await md.advanceTo(at('2024-01-03T14:33:00Z'));
    // 2024-01-02 adjusted for the split (÷2; volume ×2); today = minutes 14:30 and 14:32.
    expect(await hist(md, 'open', 2, '1d')).toEqual([24.5, 26]);
    expect(await hist(md, 'high', 2, '1d')).toEqual([26.5, 28]);
    expect(await hist(md, 'low', 2, '1d')).toEqual([24, 25.5]);
    expect(await hist(md, 'close', 2, '1d')).toEqual([26, 27.5]);
    expect(await hist(md, 'volume', 2, '1d')).toEqual([4000, 40]);
    expect(await hist(md, 'price', 3, '1d')).toEqual([24, 26, 27.5]);
    await md.advanceTo(at('2024-01-03T14:34:00Z'));
    expect(await hist(md, 'low', 1, '1d')).toEqual([24]);
    expect(await hist(md, 'close', 1, '1d')).toEqual([25]);
    expect(await hist(md, 'volume', 1, '1d')).toEqual([45]);
  });

  it('minute history: raw before the split day, adjusted on it, never showing an unfinished minute', async () => {
    const md = await open_();
    await md.advanceTo(at('2024-01-02T21:00:00Z'));
    const raw = await md.history(A, 'close', 3, '1m');
    expect(list(raw)).toEqual([50, 51, 52]);
    expect(raw.buffer).toBe(md.rawColumn(A, 'close').buffer);
    expect(await hist(md, 'close', 2, '1d')).toEqual([48, 52]);
    // Before trading on the effective date the split is known.
    await md.advanceTo(at('2024-01-03T13:45:00Z'));
    expect(md.current(A, 'close')).toBe(52);
    expect(await hist(md, 'close', 2, '1m')).toEqual([25.5, 26]);
    expect(await hist(md, 'close', 2, '1d')).toEqual([24, 26]);
    await md.advanceTo(at('2024-01-03T14:33:00Z'));
    expect(await hist(md, 'close', 5, '1m')).toEqual([25.5, 26, 26.5, NaN, 27.5]);
    expect(await hist(md, 'volume', 4, '1m')).toEqual([200, 10, 0, 30]);
    const today = await md.history(A, 'close', 3, '1m');
    expect(today.buffer).toBe(md.rawColumn(A, 'close').buffer);
  });

  it('builds daily bars from minutes when the bundle has no daily bars', async () => {
    const md = await open_({}, reader(false));
    await md.advanceTo(at('2024-01-03T14:33:00Z'));
    // 2024-01-02 from its three minutes: open 50, high 52.5, low 49.5, close 52, volume 300; then ÷2 / ×2.
    expect(await hist(md, 'open', 2, '1d')).toEqual([25, 26]);
    expect(await hist(md, 'high', 2, '1d')).toEqual([26.25, 28]);
    expect(await hist(md, 'low', 2, '1d')).toEqual([24.75, 25.5]);
    expect(await hist(md, 'close', 2, '1d')).toEqual([26, 27.5]);
    expect(await hist(md, 'volume', 2, '1d')).toEqual([600, 40]);
  });

  it('gives the same numbers across chunk edges as a single-chunk load, at every clock event', async () => {
    const chunkedReader = reader();
    const chunked = await open_({ chunkSessions: 1, lookbackSessions: 1 }, chunkedReader);
    const whole = await open_({ chunkSessions: 10 });
    const clock = new SimulationClock({ calendar: xnys, startIndex: idx('2024-01-02'), endIndex: idx('2024-01-04'), frequency: 'minute' });
    const snapshot = async (md: BundleMarketData) => {
      const out: number[][] = [];
      for (const f of ['open', 'high', 'close', 'volume', 'price'] as const) {
        out.push([md.current(A, f)]);
        for (const n of [1, 4, 400]) out.push(await hist(md, f, n, '1m'));
        for (const n of [1, 3]) out.push(await hist(md, f, n, '1d'));
      }
      return out;
    };
    let events = 0;
    for (const e of clock.events() as Iterable<ClockEvent>) {
      const dt = e.dt;
      await chunked.advanceTo(dt);
      await whole.advanceTo(dt);
      if (e.kind !== 'bar' || dt % (7 * 60_000) === 0 || dt > at('2024-01-03T14:20:00Z') && dt < at('2024-01-03T14:40:00Z')) {
        expect(await snapshot(chunked)).toEqual(await snapshot(whole));
      }
      events++;
    }
    expect(events).toBe(3 * 393);
    expect(chunkedReader.queries.minute).toBeGreaterThanOrEqual(3);
  });
});
