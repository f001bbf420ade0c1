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
});
