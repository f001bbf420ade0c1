import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../../src/calendar/index.js';
import { UsageError } from '../../../../src/core/errors.js';
import { createBundleMarketData, type BundleMarketDataOptions } from '../../../../src/data/market-data/index.js';
import type { BundleMarketData } from '../../../../src/data/market-data/index.js';
import type { Bar, BarField } from '../../../../src/model/bar.js';
import { MemoryBundleReader, dailyBar, testAsset } from '../../../helpers/memory-bundle.js';

const xnys = getCalendar('XNYS');
const DAYS = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10', '2024-01-11', '2024-01-12'];
const A = testAsset(1, 'AAA', '2024-01-02', '2024-01-12');
const B = testAsset(2, 'BBB', '2024-01-03', '2024-01-12');
// AAA: 2-for-1 split effective 2024-01-08 (closes halve from 13 to 7). Volume 100, 200, … 900.
const A_CLOSE = [10, 11, 12, 13, 7, 7.5, 8, 8.5, 9];
// BBB: starts 2024-01-03, no bar on 2024-01-04, $0.44 dividend ex 2024-01-10.
const B_CLOSE: Record<string, number> = { '2024-01-03': 20, '2024-01-05': 21, '2024-01-08': 22, '2024-01-09': 22, '2024-01-10': 21, '2024-01-11': 21.5, '2024-01-12': 21.8 };

function bars(): Bar[] {
  const out: Bar[] = DAYS.map((d, k) => dailyBar(1, d, A_CLOSE[k]! - 0.5, A_CLOSE[k]!, 100 * (k + 1)));
  for (const [d, c] of Object.entries(B_CLOSE)) out.push(dailyBar(2, d, c, c, 50));
  return out;
}

function reader(): MemoryBundleReader {
  return new MemoryBundleReader({
    assets: [A, B], daily: bars(),
    splits: [{ sid: 1, effectiveDate: '2024-01-08', ratio: 2 }],
    dividends: [{ sid: 2, exDate: '2024-01-10', declaredDate: null, recordDate: null, payDate: '2024-01-20', amount: 0.44 }],
  });
}

const idx = (d: string) => xnys.sessionIndex(d);
const close = (d: string) => xnys.closes[idx(d)]!;
const open = (d: string) => xnys.opens[idx(d)]!;

async function open_(extra: Partial<BundleMarketDataOptions> = {}, r = reader()): Promise<BundleMarketData> {
  return createBundleMarketData({ reader: r, calendar: xnys, frequency: 'daily', startIndex: idx(DAYS[0]!), endIndex: idx(DAYS.at(-1)!), ...extra });
}

const list = (xs: Float64Array) => Array.from(xs, (x) => (Number.isNaN(x) ? NaN : Math.round(x * 1e9) / 1e9));
const hist = async (md: BundleMarketData, asset = A, field: BarField = 'close', n = 3) => list(await md.history(asset, field, n, '1d'));

describe('BundleMarketData (daily)', () => {
  it('aligns bars to sessions: a gap is NaN, price is forward-filled, volume is 0', async () => {
    const md = await open_();
    await md.advanceTo(close('2024-01-04'));
    expect(md.current(B, 'close')).toBeNaN();
    expect(md.current(B, 'open')).toBeNaN();
    expect(md.current(B, 'price')).toBe(20);
    expect(md.current(B, 'volume')).toBe(0);
    expect(md.canTrade(B)).toBe(false);
    expect(md.isStale(B)).toBe(true);
    expect(md.current(A, 'close')).toBe(12);
    expect(md.canTrade(A)).toBe(true);
    expect(md.isStale(A)).toBe(false);
    // 2024-01-02 is before BBB's first bar.
    expect(await hist(md, B, 'close')).toEqual([NaN, 20, NaN]);
    expect(await hist(md, B, 'price')).toEqual([NaN, 20, 20]);
    expect(await hist(md, B, 'volume')).toEqual([0, 50, 0]);
  });

  it('before an asset starts it is neither tradable nor stale, and its price is NaN', async () => {
    const md = await open_();
    await md.advanceTo(close('2024-01-02'));
    expect(md.current(B, 'price')).toBeNaN();
    expect(md.canTrade(B)).toBe(false);
    expect(md.isStale(B)).toBe(false);
    expect(md.sessionIndex).toBe(idx('2024-01-02'));
  });

  it('never shows a bar before its close: before-trading-start and intraday see the previous close', async () => {
    const md = await open_();
    await md.advanceTo(open('2024-01-05') - 45 * 60_000);
    expect(md.current(A, 'close')).toBe(12);
    await md.advanceTo(close('2024-01-05') - 1);
    expect(md.current(A, 'close')).toBe(12);
    expect(await hist(md, A, 'close', 2)).toEqual([11, 12]);
    await md.advanceTo(close('2024-01-05'));
    expect(md.current(A, 'close')).toBe(13);
    expect(await hist(md, A, 'close', 2)).toEqual([12, 13]);
  });

  it('returns views of the loaded column when no adjustment falls in the window', async () => {
    const md = await open_();
    await md.advanceTo(close('2024-01-05'));
    const h = await md.history(A, 'close', 4, '1d');
    expect(list(h)).toEqual([10, 11, 12, 13]);
    expect(h.buffer).toBe(md.rawColumn(A, 'close').buffer);
    expect((await md.history(A, 'volume', 2, '1d')).buffer).toBe(md.rawColumn(A, 'volume').buffer);
  });

  it('split: raw before the effective date (no look-ahead), adjusted from the effective date on', async () => {
    const md = await open_();
    await md.advanceTo(close('2024-01-05'));
    expect(await hist(md, A, 'close', 4)).toEqual([10, 11, 12, 13]);
    // Before trading on 2024-01-08 the split is known: earlier prices / 2, volumes × 2.
    await md.advanceTo(open('2024-01-08') - 45 * 60_000);
    expect(await hist(md, A, 'close', 3)).toEqual([5.5, 6, 6.5]);
    expect(await hist(md, A, 'volume', 3)).toEqual([400, 600, 800]);
    expect(md.current(A, 'close')).toBe(13); // current stays raw
    await md.advanceTo(close('2024-01-08'));
    const h = await md.history(A, 'close', 3, '1d');
    expect(list(h)).toEqual([6, 6.5, 7]);
    expect(h.buffer).not.toBe(md.rawColumn(A, 'close').buffer);
    expect(await hist(md, A, 'open', 3)).toEqual([5.75, 6.25, 6.5]);
    expect(await hist(md, A, 'volume', 3)).toEqual([600, 800, 500]);
    expect(md.current(A, 'close')).toBe(7);
    // A window starting on the effective date has nothing before the split: a raw view again.
    await md.advanceTo(close('2024-01-09'));
    const v = await md.history(A, 'close', 2, '1d');
    expect(list(v)).toEqual([7, 7.5]);
    expect(v.buffer).toBe(md.rawColumn(A, 'close').buffer);
  });

  it('dividend: prices before the ex-date × (1 − amount / previous close)', async () => {
    const md = await open_();
    await md.advanceTo(close('2024-01-09'));
    expect(await hist(md, B, 'close', 3)).toEqual([21, 22, 22]);
    await md.advanceTo(close('2024-01-10'));
    // ratio = 1 − 0.44 / 22 = 0.98: 22 × 0.98 = 21.56, 21 × 0.98 = 20.58.
    expect(await hist(md, B, 'close', 4)).toEqual([20.58, 21.56, 21.56, 21]);
    expect(await hist(md, B, 'price', 5)).toEqual([19.6, 20.58, 21.56, 21.56, 21]);
    expect(await hist(md, B, 'volume', 4)).toEqual([50, 50, 50, 50]);
  });

  it('gives the same numbers across chunk edges as a single-chunk load', async () => {
    const chunkedReader = reader();
    const chunked = await open_({ chunkSessions: 2, lookbackSessions: 1 }, chunkedReader);
    const whole = await open_();
    const fields: BarField[] = ['open', 'close', 'volume', 'price'];
    for (const d of DAYS) {
      const t = close(d);
      await chunked.advanceTo(open(d) - 45 * 60_000);
      await whole.advanceTo(open(d) - 45 * 60_000);
      expect(chunked.current(B, 'price')).toBe(whole.current(B, 'price'));
      await chunked.advanceTo(t);
      await whole.advanceTo(t);
      for (const asset of [A, B]) {
        for (const f of fields) {
          expect(chunked.current(asset, f)).toEqual(whole.current(asset, f));
          for (let n = 1; n <= 7; n++) expect(await hist(chunked, asset, f, n)).toEqual(await hist(whole, asset, f, n));
        }
      }
    }
    expect(chunkedReader.queries.daily).toBeGreaterThan(4);
  });

  it('serves concurrent history calls that each need a wider lookback', async () => {
    const chunked = await open_({ chunkSessions: 2, lookbackSessions: 1 });
    const whole = await open_();
    await chunked.advanceTo(close('2024-01-12'));
    await whole.advanceTo(close('2024-01-12'));
    const [a, b, c] = await Promise.all([chunked.history(A, 'close', 8, '1d'), chunked.history(B, 'price', 9, '1d'), chunked.history(A, 'volume', 6, '1d')]);
    expect(list(a)).toEqual(await hist(whole, A, 'close', 8));
    expect(list(b)).toEqual(await hist(whole, B, 'price', 9));
    expect(list(c)).toEqual(await hist(whole, A, 'volume', 6));
    // By hand: AAA's closes from 2024-01-03, halved before the 2024-01-08 split.
    expect(list(a)).toEqual([5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9]);
  });

  it('loads a chunk only when the cursor crosses its end; otherwise advanceTo is synchronous', async () => {
    const md = await open_({ chunkSessions: 3, lookbackSessions: 1 });
    expect(md.advanceTo(close('2024-01-02'))).toBeUndefined();
    expect(md.advanceTo(close('2024-01-04'))).toBeUndefined();
    const crossing = md.advanceTo(open('2024-01-05') - 45 * 60_000);
    expect(crossing).toBeInstanceOf(Promise);
    await crossing;
    expect(md.current(A, 'close')).toBe(12);
    expect(md.advanceTo(close('2024-01-05'))).toBeUndefined();
    expect(md.current(A, 'close')).toBe(13);
  });

  it('rejects minute history in a daily run and a bad bar count', async () => {
    const md = await open_();
    await md.advanceTo(close('2024-01-03'));
    expect(() => md.history(A, 'close', 2, '1m')).toThrow(UsageError);
    expect(() => md.history(A, 'close', 0, '1d')).toThrow(UsageError);
    expect(() => md.history(A, 'close', 1.5, '1d')).toThrow(UsageError);
  });

  it('rejects a bundle without bars of the run frequency', async () => {
    await expect(open_({ frequency: 'minute' })).rejects.toThrow(/no minute bars/);
  });
});
