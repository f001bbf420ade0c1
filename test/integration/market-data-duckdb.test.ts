import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCalendar } from '../../src/calendar/index.js';
import { openBundleFile } from '../../src/data/bundle-reader.js';
import { BUNDLE_DDL } from '../../src/data/bundle-schema.js';
import { openDatabase } from '../../src/data/duckdb.js';
import { createBundleMarketData, type BundleMarketData } from '../../src/data/market-data/index.js';
import type { Asset } from '../../src/model/asset.js';
import type { Bar, BarField, Frequency, HistoryFrequency } from '../../src/model/bar.js';
import type { Dividend, Split } from '../../src/model/corporate-actions.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import type { ClockEvent } from '../../src/ports/clock.js';
import { SimulationClock } from '../../src/sim/simulation-clock.js';
import { MemoryBundleReader, dailyBar, testAsset } from '../helpers/memory-bundle.js';
import { tempDir } from '../helpers/temp-dir.js';

const xnys = getCalendar('XNYS');
const first = xnys.sessionIndex('2023-10-02'), last = xnys.sessionIndex('2023-12-29');
const A = testAsset(1, 'AAA', '2023-09-01', '2023-12-29');
const B = testAsset(2, 'BBB', '2023-09-01', '2023-12-29');
const SPLITS: Split[] = [{ sid: 1, effectiveDate: '2023-11-01', ratio: 3 }];
const DIVIDENDS: Dividend[] = [{ sid: 2, exDate: '2023-12-01', declaredDate: '2023-11-15', recordDate: '2023-12-04', payDate: '2023-12-15', amount: 0.5 }];

function dailyBars(): Bar[] {
  const out: Bar[] = [];
  for (let i = first - 20; i <= last; i++) {
    const day = xnys.sessions[i]!;
    const a = day < '2023-11-01' ? 90 + (i % 7) : 30 + (i % 5);
    out.push(dailyBar(1, day, a - 1, a, 1000 + i, a + 2, a - 2));
    if (i % 5 !== 0) out.push(dailyBar(2, day, 40 + (i % 3), 41 + (i % 3), 500 + i));
  }
  return out;
}

function minuteBars(): Bar[] {
  const out: Bar[] = [];
  for (const day of ['2023-10-31', '2023-11-01']) {
    const minutes = xnys.sessionMinutes(xnys.sessionIndex(day));
    minutes.forEach((ts, k) => {
      if (k % 4 === 3) return; // gaps
      const c = (day < '2023-11-01' ? 90 : 30) + (k % 9) / 10;
      out.push({ sid: 1, ts, open: c - 0.05, high: c + 0.1, low: c - 0.1, close: c, volume: k });
    });
  }
  return out;
}

async function writeBundle(file: string, assets: readonly Asset[], daily: Bar[], minute: Bar[]): Promise<void> {
  const db = await openDatabase(file);
  try {
    await db.conn.run(BUNDLE_DDL);
    await db.conn.run(`INSERT INTO meta VALUES ('name', 'test'), ('source', 'memory'), ('calendar', 'XNYS'),
      ('frequencies', 'daily,minute'), ('created_at', '2024-01-01T00:00:00Z'), ('schema_version', '1')`);
    await db.conn.run(`INSERT INTO assets VALUES ${assets.map((a) =>
      `(${a.sid}, '${a.symbol}', '${a.name}', 'TEST', 'equity', 'USD', DATE '${a.startDate}', DATE '${a.endDate}', NULL, 0.01, 1, false)`).join(',')}`);
    const values = (bars: Bar[], ts: (b: Bar) => string) =>
      bars.map((b) => `(${b.sid}, ${ts(b)}, ${b.open}, ${b.high}, ${b.low}, ${b.close}, ${b.volume})`).join(',');
    await db.conn.run(`INSERT INTO daily_bars VALUES ${values(daily, (b) => `DATE '${new Date(b.ts).toISOString().slice(0, 10)}'`)}`);
    await db.conn.run(`INSERT INTO minute_bars VALUES ${values(minute, (b) => `epoch_ms(${b.ts})::TIMESTAMPTZ`)}`);
    await db.conn.run(`INSERT INTO splits VALUES ${SPLITS.map((s) => `(${s.sid}, DATE '${s.effectiveDate}', ${s.ratio})`).join(',')}`);
    await db.conn.run(`INSERT INTO dividends VALUES ${DIVIDENDS.map((d) =>
      `(${d.sid}, DATE '${d.exDate}', DATE '${d.declaredDate}', DATE '${d.recordDate}', DATE '${d.payDate}', ${d.amount})`).join(',')}`);
  } finally {
    db.close();
  }
}

const FIELDS: BarField[] = ['open', 'high', 'low', 'close', 'volume', 'price'];

async function snapshot(md: BundleMarketData, assets: readonly Asset[], freq: HistoryFrequency, counts: number[]): Promise<unknown[]> {
  const out: unknown[] = [md.sessionIndex];
  for (const asset of assets) {
    out.push(md.canTrade(asset), md.isStale(asset));
    for (const f of FIELDS) {
      out.push(md.current(asset, f));
      for (const n of counts) out.push(Array.from(await md.history(asset, f, n, freq)));
    }
  }
  return out;
}

/** Steps two market-data objects through the same clock and asserts they agree at every event. */
async function compare(a: BundleMarketData, b: BundleMarketData, frequency: Frequency, s0: number, s1: number, assets: readonly Asset[]): Promise<number> {
  const clock = new SimulationClock({ calendar: xnys, startIndex: s0, endIndex: s1, frequency });
  const freq = frequency === 'daily' ? '1d' : '1m';
  let events = 0;
  for (const e of clock.events() as Iterable<ClockEvent>) {
    await a.advanceTo(e.dt);
    await b.advanceTo(e.dt);
    expect(await snapshot(a, assets, freq, [1, 5, 30])).toEqual(await snapshot(b, assets, freq, [1, 5, 30]));
    if (frequency === 'minute') expect(await snapshot(a, assets, '1d', [1, 3])).toEqual(await snapshot(b, assets, '1d', [1, 3]));
    events++;
  }
  return events;
}

describe('BundleMarketData over a DuckDB bundle file', () => {
  const tmp = tempDir();
  const file = path.join(tmp.dir, 'bundle.duckdb');
  const daily = dailyBars(), minute = minuteBars();
  let duck: BundleReader;
  const memory = () => new MemoryBundleReader({ assets: [A, B], daily, minute, splits: SPLITS, dividends: DIVIDENDS });

  beforeAll(async () => {
    await writeBundle(file, [A, B], daily, minute);
    duck = await openBundleFile(file);
  });
  afterAll(async () => {
    await duck?.close();
    tmp.remove();
  });

  it('daily: the same numbers as the in-memory reader at every clock event, in small chunks', async () => {
    const fromDuck = await createBundleMarketData({ reader: duck, calendar: xnys, frequency: 'daily', startIndex: first, endIndex: last, chunkSessions: 9, lookbackSessions: 3 });
    const fromMemory = await createBundleMarketData({ reader: memory(), calendar: xnys, frequency: 'daily', startIndex: first, endIndex: last });
    expect(await compare(fromDuck, fromMemory, 'daily', first, last, [A, B])).toBe(4 * (last - first + 1));
  });

  it('daily: split and dividend adjustments read from the file, by hand', async () => {
    const md = await createBundleMarketData({ reader: duck, calendar: xnys, frequency: 'daily', startIndex: first, endIndex: last });
    const split = xnys.sessionIndex('2023-11-01');
    await md.advanceTo(xnys.closes[split - 1]!);
    const before = 90 + ((split - 1) % 7);
    expect(Array.from(await md.history(A, 'close', 1, '1d'))).toEqual([before]);
    await md.advanceTo(xnys.closes[split]!);
    expect(Array.from(await md.history(A, 'close', 2, '1d'))).toEqual([before / 3, 30 + (split % 5)]);
    expect(Array.from(await md.history(A, 'volume', 2, '1d'))).toEqual([(1000 + split - 1) * 3, 1000 + split]);
    const ex = xnys.sessionIndex('2023-12-01');
    await md.advanceTo(xnys.closes[ex]!);
    // BBB has no bar on sessions divisible by 5; its previous close is the forward-filled price.
    const prevClose = (i: number): number => (i % 5 === 0 ? prevClose(i - 1) : 41 + (i % 3));
    const ratio = 1 - 0.5 / prevClose(ex - 1);
    const raw = (i: number) => (i % 5 === 0 ? NaN : 41 + (i % 3));
    const got = Array.from(await md.history(B, 'close', 3, '1d'));
    const want = [raw(ex - 2) * ratio, raw(ex - 1) * ratio, raw(ex)];
    got.forEach((g, j) => (Number.isNaN(want[j]!) ? expect(g).toBeNaN() : expect(g).toBeCloseTo(want[j]!, 12)));
  });

  it('minute: the same numbers as the in-memory reader at every clock event, one session per chunk', async () => {
    const s0 = xnys.sessionIndex('2023-10-31'), s1 = xnys.sessionIndex('2023-11-01');
    const fromDuck = await createBundleMarketData({ reader: duck, calendar: xnys, frequency: 'minute', startIndex: s0, endIndex: s1, sids: [1], chunkSessions: 1 });
    const fromMemory = await createBundleMarketData({ reader: memory(), calendar: xnys, frequency: 'minute', startIndex: s0, endIndex: s1, sids: [1], chunkSessions: 5 });
    expect(await compare(fromDuck, fromMemory, 'minute', s0, s1, [A])).toBe(2 * 393);
  });
});
