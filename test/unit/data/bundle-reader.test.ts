import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBundleFile } from '../../../src/data/bundle-reader.js';
import { BUNDLE_DDL } from '../../../src/data/bundle-schema.js';
import { openDatabase } from '../../../src/data/duckdb.js';
import { dayMs, ingestWorkspace } from './ingest-fixtures.js';

const workspace = ingestWorkspace();

describe('bundle reader', () => {
  it('returns per-sid Float64Array columns for an inclusive day range, skipping sids without bars', async () => {
    const w = workspace();
    const file = w.write('long.csv', [
      'symbol,date,open,high,low,close,volume',
      ...['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'].flatMap((d, i) => [`A,${d},${10 + i},${11 + i},${9 + i},${10.5 + i},${100 * (i + 1)}`, `B,${d},1,2,0.5,1.5,0`]),
      'C,2024-01-08,5,6,4,5.5,1',
    ]);
    await w.ingest({ path: file, bundle: 'r' });
    const r = await w.open('r');
    const bars = await r.dailyBars([0, 2], '2024-01-03', '2024-01-04');
    expect([...bars.keys()]).toEqual([0]); // C has no bar in range, B not asked
    const a = bars.get(0)!;
    expect(a.ts).toBeInstanceOf(Float64Array);
    expect([...a.ts]).toEqual([dayMs('2024-01-03'), dayMs('2024-01-04')]);
    expect([...a.open]).toEqual([11, 12]);
    expect([...a.high]).toEqual([12, 13]);
    expect([...a.low]).toEqual([10, 11]);
    expect([...a.close]).toEqual([11.5, 12.5]);
    expect([...a.volume]).toEqual([200, 300]);
    expect((await r.dailyBars([], '2024-01-01', '2024-12-31')).size).toBe(0);
    expect(await r.range('daily')).toEqual({ first: dayMs('2024-01-02'), last: dayMs('2024-01-08'), rows: 9 });
    expect(await r.range('minute')).toBeNull();
    expect(await r.dataSessions()).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08']);
    const assets = await r.assets();
    expect(await r.assets()).toBe(assets);
    expect(await r.lookupSymbol('c')).toBe(assets[2]);
    expect(await r.lookupSymbol('ZZZ')).toBeUndefined();
    expect(assets[2]).toMatchObject({ startDate: '2024-01-08', endDate: '2024-01-08', autoCloseDate: '2024-01-09', exchange: 'XNYS', currency: 'USD' });
    await r.close();
  });

  it('sorts bars of a file that was not written in (sid, time) order', async () => {
    const w = workspace();
    mkdirSync(w.bundlesDir, { recursive: true });
    const file = path.join(w.bundlesDir, 'unsorted.duckdb');
    const db = await openDatabase(file);
    await db.conn.run(BUNDLE_DDL);
    await db.conn.run(`INSERT INTO daily_bars VALUES (1, DATE '2024-01-03', 4, 4, 4, 4, 0), (0, DATE '2024-01-03', 2, 2, 2, 2, 0),
      (1, DATE '2024-01-02', 3, 3, 3, 3, 0), (0, DATE '2024-01-02', 1, 1, 1, 1, 0)`);
    db.close();
    const r = await openBundleFile(file);
    const bars = await r.dailyBars([0, 1], '2024-01-01', '2024-01-31');
    expect([...bars.get(0)!.close]).toEqual([1, 2]);
    expect([...bars.get(1)!.close]).toEqual([3, 4]);
    expect([...bars.get(1)!.ts]).toEqual([dayMs('2024-01-02'), dayMs('2024-01-03')]);
    await r.close();
  });

  it('answers overlapping dailyBars, minuteBars, splits and dataSessions calls as it answers them one at a time', async () => {
    const w = workspace();
    mkdirSync(w.bundlesDir, { recursive: true });
    const file = path.join(w.bundlesDir, 'concurrent.duckdb');
    const db = await openDatabase(file);
    await db.conn.run(BUNDLE_DDL);
    // 4 sids × 5 days × 390 minutes from 14:30 UTC; close = 100 + sid + minute index / 1000.
    await db.conn.run(`INSERT INTO minute_bars SELECT s, TIMESTAMPTZ '2024-01-02 14:30:00+00' + to_days(d) + to_minutes(m),
      1, 2, 0.5, 100 + s + (d * 390 + m) / 1000, m FROM range(4) a(s), range(5) b(d), range(390) c(m) ORDER BY s, d, m`);
    await db.conn.run(`INSERT INTO daily_bars SELECT s, DATE '2020-01-01' + d::INTEGER, 1, 2, 0.5, s * 1000 + d, d
      FROM range(4) a(s), range(600) b(d) ORDER BY s, d`);
    await db.conn.run("INSERT INTO splits VALUES (1, DATE '2021-06-01', 2), (3, DATE '2022-03-01', 7)");
    db.close();
    const day = (d: number) => Date.parse('2024-01-02T14:30:00Z') + d * 86_400_000;
    const r = await openBundleFile(file);
    const calls = [
      () => r.minuteBars([0, 1, 2, 3], day(0), day(5)),
      () => r.dailyBars([0, 1, 2, 3], '2020-01-01', '2024-12-31'),
      ...[0, 1, 2, 3, 4].map((d) => () => r.minuteBars([0, 1, 2, 3], day(d), day(d) + 390 * 60_000)),
      () => r.splits(),
      () => r.dailyBars([1, 3], '2021-01-01', '2021-12-31'),
      () => r.dataSessions(),
      () => r.range('minute'),
      () => r.dividends(),
    ];
    const sequential: unknown[] = [];
    for (const call of calls) sequential.push(await call());
    const concurrent = await Promise.all([...calls, ...calls].map((call) => call()));
    expect(concurrent).toEqual([...sequential, ...sequential]);
    const oneDay = sequential[3] as Map<number, { close: Float64Array }>;
    expect(oneDay.get(2)!.close.length).toBe(390);
    expect(oneDay.get(2)!.close[389]).toBeCloseTo(102 + 779 / 1000, 12); // day 1, minute 389
    expect((sequential[0] as Map<number, { ts: Float64Array }>).get(3)!.ts.length).toBe(5 * 390);
    expect(sequential[7]).toEqual([{ sid: 1, effectiveDate: '2021-06-01', ratio: 2 }, { sid: 3, effectiveDate: '2022-03-01', ratio: 7 }]);
    await r.close();
  });
});
