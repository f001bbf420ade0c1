import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../../src/calendar/index.js';
import { MINUTE_MS } from '../../../../src/core/time.js';
import type { Asset } from '../../../../src/model/asset.js';
import type { Bar } from '../../../../src/model/bar.js';
import { LiveMarketData, bundleEndSession, type BarSource } from '../../../../src/data/market-data/live-market-data.js';
import { MemoryBundleReader, dailyBar, testAsset } from '../../../helpers/memory-bundle.js';

const xnys = getCalendar('XNYS');
const TODAY = xnys.sessionIndex('2024-10-01');
const OPEN = xnys.opens[TODAY]!; // 13:30 UTC
const PREV_OPEN = xnys.opens[TODAY - 1]!; // 2024-09-30 13:30 UTC
const A = testAsset(1, 'AAA', '2020-01-02', '2024-12-31');
const B = testAsset(2, 'BBB', '2020-01-02', '2024-12-31');

const minute = (sid: number, ts: number, close: number, volume = 100): Bar =>
  ({ sid, ts, open: close - 0.5, high: close + 1, low: close - 1, close, volume });

/** Bundle: daily bars to 2024-10-04 and minute bars of 09-30 and 10-01 — what lies at or after today must not be used. */
function bundle(): MemoryBundleReader {
  const daily = ['2024-09-26', '2024-09-27', '2024-09-30', '2024-10-01', '2024-10-02'].map((d, k) => dailyBar(1, d, 10 + k, 10 + k));
  const minutes: Bar[] = [];
  for (let k = 0; k < 390; k++) minutes.push(minute(1, PREV_OPEN + k * MINUTE_MS, 20 + k / 1000));
  for (let k = 0; k < 390; k++) minutes.push(minute(1, OPEN + k * MINUTE_MS, 999)); // "the future"
  return new MemoryBundleReader({ assets: [A, B], daily, minute: minutes });
}

/** Serves today's bars before 14:00 UTC as REST backfill: close = 50 + minute index. */
function restSource(log: string[]): BarSource {
  return {
    async subscribe(assets: readonly Asset[]) { log.push(`subscribe ${assets.map((a) => a.symbol).join(',')}`); },
    async backfill(assets: readonly Asset[], start: number, end: number) {
      log.push(`backfill ${assets.map((a) => a.symbol).join(',')} ${new Date(start).toISOString()} ${new Date(end).toISOString()}`);
      const out: Bar[] = [];
      for (const a of assets) if (a.sid === 1) for (let t = Math.max(start, OPEN); t < end; t += MINUTE_MS) out.push(minute(1, t, 50 + (t - OPEN) / MINUTE_MS));
      return out;
    },
  };
}

describe('LiveMarketData', () => {
  const now = OPEN + 30 * MINUTE_MS; // 14:00 UTC = 10:00 ET

  it('the bundle ends at the session after its last bar', async () => {
    expect(xnys.sessions[await bundleEndSession(bundle(), xnys)]).toBe('2024-10-02');
  });

  it('joins bundle history, REST backfill and live bars without gap, duplicate or look-ahead', async () => {
    const log: string[] = [];
    const md = new LiveMarketData({ calendar: xnys, frequency: 'minute', reader: bundle(), firstSession: TODAY, source: restSource(log), now: () => now });
    md.watch(A);
    await md.advanceTo(now);
    expect(log).toEqual(['subscribe AAA', 'backfill AAA 2024-10-01T13:30:00.000Z 2024-10-01T14:00:00.000Z']);
    // current = the 13:59 bar from REST (minute 29 → 79), not the bundle's 999
    expect(md.current(A, 'close')).toBe(79);
    expect(md.canTrade(A)).toBe(true);
    // 32 minutes back: 2 from 2024-09-30 (bundle, last two: 20.388, 20.389) then 13:30…13:59 from REST
    const h = await md.history(A, 'close', 32, '1m');
    expect(Array.from(h.subarray(0, 3))).toEqual([20.388, 20.389, 50]);
    expect(h[31]).toBe(79);

    // a live bar for 14:00, visible once it is complete (14:01)
    expect(md.ingest(minute(1, now, 80.5))).toBe(true);
    await md.advanceTo(now + MINUTE_MS);
    expect(md.current(A, 'close')).toBe(80.5);
    expect(md.barsIn(now)).toBe(true);
    expect(md.barsIn(now + MINUTE_MS)).toBe(false);
    // the same bar again: ignored; a corrected one replaces it
    expect(md.ingest(minute(1, now, 80.5))).toBe(false);
    expect(md.ingest({ ...minute(1, now, 81), high: 90, volume: 7 })).toBe(true);
    expect(md.current(A, 'close')).toBe(81);
    expect(md.current(A, 'high')).toBe(90);
    const last3 = await md.history(A, 'close', 3, '1m');
    expect(Array.from(last3)).toEqual([78, 79, 81]);

    // daily history: bundle days before today, today = the day so far (not the bundle's 10-01 bar)
    const days = await md.history(A, 'close', 3, '1d');
    expect(Array.from(days)).toEqual([11, 12, 81]);
    // today's volume so far: 30 REST bars × 100 + the corrected live bar 7
    const vol = await md.history(A, 'volume', 1, '1d');
    expect(vol[0]).toBe(3007);
    // high of the day: the corrected bar's 90
    expect((await md.history(A, 'high', 1, '1d'))[0]).toBe(90);
  });

  it('watching another asset later subscribes and backfills it; bars of unknown sids are kept aside', async () => {
    const log: string[] = [];
    const md = new LiveMarketData({ calendar: xnys, frequency: 'minute', reader: bundle(), firstSession: TODAY, source: restSource(log), now: () => now });
    md.watch(A);
    await md.advanceTo(now);
    md.ingest(minute(2, now, 5)); // B not watched yet: stored, not visible
    expect(md.current(B, 'close')).toBeNaN();
    md.watch(B);
    await md.advanceTo(now + MINUTE_MS);
    expect(log.at(-2)).toBe('subscribe BBB');
    expect(md.current(B, 'close')).toBe(5);
    expect(md.current(A, 'close')).toBeNaN(); // A has no 14:00 bar: no bar now
    expect(md.current(A, 'price')).toBe(79);
    expect(md.isStale(A)).toBe(true);
  });

  it('daily frequency: today becomes visible at the close (or a lead before it) as the day so far', async () => {
    const log: string[] = [];
    const close = xnys.closes[TODAY]!;
    const md = new LiveMarketData({
      calendar: xnys, frequency: 'daily', reader: bundle(), firstSession: TODAY, source: restSource(log), now: () => now, dailyLeadMs: 5 * MINUTE_MS,
    });
    md.watch(A);
    await md.advanceTo(now);
    expect(md.current(A, 'close')).toBe(12); // yesterday (2024-09-30) from the bundle
    md.ingest(minute(1, now, 81));
    await md.advanceTo(close - 5 * MINUTE_MS);
    expect(md.current(A, 'close')).toBe(81);
    expect(md.current(A, 'open')).toBe(49.5); // first REST bar's open
    expect(Array.from(await md.history(A, 'close', 3, '1d'))).toEqual([11, 12, 81]);
  });

  it('barsIn waits for every watched asset until some have streamed, then for those', async () => {
    const md = new LiveMarketData({ calendar: xnys, frequency: 'minute', reader: null, firstSession: TODAY, source: restSource([]), now: () => OPEN });
    expect(md.barsIn(OPEN)).toBe(false); // nothing watched
    md.watch(A);
    md.watch(B);
    md.ingest(minute(1, OPEN, 1));
    expect(md.barsIn(OPEN)).toBe(true); // only A streams so far
    md.ingest(minute(2, OPEN, 1));
    md.ingest(minute(1, OPEN + MINUTE_MS, 1));
    expect(md.barsIn(OPEN + MINUTE_MS)).toBe(false); // B has not sent 13:31 yet
  });

  it('barMissing: a minute settled by a later bar of an asset that lacks its own bar', () => {
    const md = new LiveMarketData({ calendar: xnys, frequency: 'minute', reader: null, firstSession: TODAY, source: restSource([]), now: () => OPEN });
    md.watch(A);
    md.watch(B);
    md.ingest(minute(1, OPEN, 1));
    md.ingest(minute(2, OPEN, 1));
    expect(md.barMissing(OPEN)).toBe(false);
    // 13:31: A skipped, B sent; then 13:32 from both
    md.ingest(minute(2, OPEN + MINUTE_MS, 1));
    expect(md.barsIn(OPEN + MINUTE_MS)).toBe(false);
    md.ingest(minute(1, OPEN + 2 * MINUTE_MS, 1));
    md.ingest(minute(2, OPEN + 2 * MINUTE_MS, 1));
    expect(md.barsIn(OPEN + MINUTE_MS)).toBe(true);
    expect(md.barMissing(OPEN + MINUTE_MS)).toBe(true);
    expect(md.barMissing(OPEN + 2 * MINUTE_MS)).toBe(false);
  });

  it('keeps minute bars of the last sessions only; older sessions stay as daily bars', async () => {
    const silent: BarSource = { async subscribe() {}, async backfill() { return []; } };
    const md = new LiveMarketData({ calendar: xnys, frequency: 'minute', reader: bundle(), firstSession: TODAY, source: silent, now: () => OPEN, minuteRetentionSessions: 2 });
    md.watch(A);
    const SESSIONS = 12;
    for (let d = 0; d < SESSIONS; d++) {
      const open = xnys.opens[TODAY + d]!;
      await md.advanceTo(open);
      // session d: closes 1000·d + minute index; high 1000·d + 500 at minute 7; volume 1 a minute
      for (let k = 0; k < 390; k++) md.ingest({ sid: 1, ts: open + k * MINUTE_MS, open: 1000 * d, high: k === 7 ? 1000 * d + 500 : 1000 * d + k, low: 1000 * d - 1, close: 1000 * d + k, volume: 1 });
    }
    await md.advanceTo(xnys.opens[TODAY + SESSIONS]!);
    // minute bars of at most the 2 retained sessions and the one just ended
    expect(md.store.size).toBeLessThanOrEqual(3 * 390);
    expect(md.days.size).toBeGreaterThanOrEqual(SESSIONS - 3);
    // daily history still holds every session, the dropped ones included
    const closes = Array.from(await md.history(A, 'close', SESSIONS, '1d'));
    expect(closes).toEqual(Array.from({ length: SESSIONS }, (_, d) => 1000 * d + 389));
    const highs = Array.from(await md.history(A, 'high', SESSIONS, '1d'));
    expect(highs).toEqual(Array.from({ length: SESSIONS }, (_, d) => 1000 * d + 500));
    expect(Array.from(await md.history(A, 'volume', 1, '1d'))).toEqual([390]);
  });
});
