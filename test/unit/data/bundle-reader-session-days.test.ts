import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../../src/core/time.js';
import { openBundleFile } from '../../../src/data/bundle-reader.js';
import { BUNDLE_DDL } from '../../../src/data/bundle-schema.js';
import { openDatabase, queryNumber, readNumericColumns, streamNumericChunks } from '../../../src/data/duckdb.js';
import { ingestWorkspace } from './ingest-fixtures.js';

const workspace = ingestWorkspace();

async function bundleFile(name: string, sql: string): Promise<string> {
  const w = workspace();
  mkdirSync(w.bundlesDir, { recursive: true });
  const file = path.join(w.bundlesDir, `${name}.duckdb`);
  const db = await openDatabase(file);
  await db.conn.run(BUNDLE_DDL);
  await db.conn.run(sql);
  db.close();
  return file;
}

describe('bundle reader: session days', () => {
  it('lists the distinct days of the daily bars, ascending, as dataSessions does', async () => {
    const file = await bundleFile('daily', `INSERT INTO daily_bars VALUES
      (1, DATE '2024-01-05', 1, 1, 1, 1, 0), (0, DATE '2024-01-02', 1, 1, 1, 1, 0),
      (0, DATE '2024-01-05', 1, 1, 1, 1, 0), (1, DATE '1969-12-31', 1, 1, 1, 1, 0)`);
    const r = await openBundleFile(file);
    expect(await r.dataSessions()).toEqual(['1969-12-31', '2024-01-02', '2024-01-05']);
    // 1969-12-31 is day −1; 2024-01-02 is day 19724 (54 × 365 + 13 leap days + 1)
    expect([...(await r.dataSessionDays())]).toEqual([-1, 19724, 19727]);
    await r.close();
  });

  it('lists the distinct days of a large table (300,000 rows, three assets a day), ascending', async () => {
    // row i is asset i % 3 on day 2000-01-01 + ⌊i / 3⌋ (day 10957: 30 × 365 + 7 leap days), written last day first
    const file = await bundleFile('large', `INSERT INTO daily_bars
      SELECT (i % 3)::INTEGER, DATE '2000-01-01' + (99999 - i // 3)::INTEGER, 1, 1, 1, 1, 0 FROM range(300000) t(i)`);
    const r = await openBundleFile(file);
    const days = await r.dataSessionDays();
    expect(days.length).toBe(100_000);
    expect([days[0], days[1], days[99_999]]).toEqual([10957, 10958, 10957 + 99_999]);
    expect(days.every((d, i) => d === 10957 + i)).toBe(true);
    await r.close();
  });

  it('lists days on both sides of 32-day boundaries and of 1970-01-01, with gaps', async () => {
    // days −33 (1969-11-29), −32, −1, 0 (1970-01-01), 31, 32 (1970-02-02), 63 and 1000, two assets on some
    const file = await bundleFile('edges', `INSERT INTO daily_bars
      SELECT s, DATE '1970-01-01' + d, 1, 1, 1, 1, 0 FROM (VALUES (0, 63), (0, -33), (1, 1000), (0, 31), (1, -1), (0, -32), (1, 32), (0, 0), (1, 0), (1, 31)) t(s, d)`);
    const r = await openBundleFile(file);
    expect([...(await r.dataSessionDays())]).toEqual([-33, -32, -1, 0, 31, 32, 63, 1000]);
    expect((await r.dataSessions()).slice(0, 2)).toEqual(['1969-11-29', '1969-11-30']);
    await r.close();
  });

  it('gives the daily range read with the days: first and last day (as epoch ms) and the number of rows', async () => {
    // 4 rows on days −1, 19724 (2024-01-02) and 19727 (2024-01-05)
    const file = await bundleFile('range', `INSERT INTO daily_bars VALUES
      (1, DATE '2024-01-05', 1, 1, 1, 1, 0), (0, DATE '2024-01-02', 1, 1, 1, 1, 0),
      (0, DATE '2024-01-05', 1, 1, 1, 1, 0), (1, DATE '1969-12-31', 1, 1, 1, 1, 0)`);
    const r = await openBundleFile(file);
    await r.dataSessionDays();
    expect(await r.range('daily')).toEqual({ first: -86_400_000, last: 19727 * 86_400_000, rows: 4 });
    await r.close();
    // the same as a reader that reads the range on its own
    const fresh = await openBundleFile(file);
    expect(await fresh.range('daily')).toEqual({ first: -86_400_000, last: 19727 * 86_400_000, rows: 4 });
    await fresh.close();
  });

  it('a minute-only bundle has no daily range', async () => {
    const file = await bundleFile('minute-range', `INSERT INTO minute_bars VALUES (0, TIMESTAMPTZ '2024-01-03 15:00:00+00', 1, 1, 1, 1, 0)`);
    const r = await openBundleFile(file);
    expect([...(await r.dataSessionDays())]).toEqual([dayNumber('2024-01-03')]);
    expect(await r.range('daily')).toBeNull();
    await r.close();
  });

  it('uses the local dates (meta tz) of a minute-only bundle', async () => {
    // 2024-01-03 02:00 UTC is still 2024-01-02 in New York
    const file = await bundleFile('minute', `INSERT INTO meta VALUES ('tz', 'America/New_York');
      INSERT INTO minute_bars VALUES (0, TIMESTAMPTZ '2024-01-03 02:00:00+00', 1, 1, 1, 1, 0),
      (0, TIMESTAMPTZ '2024-01-03 15:00:00+00', 1, 1, 1, 1, 0)`);
    const r = await openBundleFile(file);
    const sessions = await r.dataSessions();
    expect(sessions).toEqual(['2024-01-02', '2024-01-03']);
    expect([...(await r.dataSessionDays())]).toEqual(sessions.map(dayNumber));
    await r.close();
  });

  it('reads numeric columns across chunks, NULL as 0', async () => {
    const file = await bundleFile('nulls', 'SELECT 1');
    const db = await openDatabase(file, { readOnly: true });
    // 5000 rows span three 2048-row chunks; every 1000th value of the second column is NULL
    const [x, y] = await readNumericColumns(db.conn,
      'SELECT i::DOUBLE / 4, CASE WHEN i % 1000 = 0 THEN NULL ELSE i::DOUBLE END FROM range(5000) t(i) ORDER BY i', 5000);
    db.close();
    expect(x![4999]).toBe(4999 / 4);
    expect(x![2049]).toBe(2049 / 4);
    expect([y![0], y![1], y![999], y![1000], y![1001], y![4000], y![4999]]).toEqual([0, 1, 999, 0, 1001, 0, 4999]);
  });

  it('streams every chunk in order, and after a chunk handler throws, the connection answers the next query', async () => {
    const file = await bundleFile('stream', 'SELECT 1');
    const db = await openDatabase(file, { readOnly: true });
    const sql = 'SELECT i::DOUBLE FROM range(10000) t(i) ORDER BY i';
    // 10,000 rows in 2048-row chunks: 5 chunks; the values arrive as 0, 1, …, 9999
    let rows = 0, chunks = 0, inOrder = true;
    await streamNumericChunks(db.conn, sql, ([x], n) => {
      chunks++;
      for (let i = 0; i < n; i++) inOrder &&= x![i] === rows + i;
      rows += n;
    });
    expect([rows, chunks, inOrder]).toEqual([10_000, 5, true]);
    let seen = 0;
    await expect(streamNumericChunks(db.conn, sql, () => {
      if (++seen === 2) throw new Error('sink failed');
    })).rejects.toThrow('sink failed');
    expect(seen).toBe(2);
    expect(await queryNumber(db.conn, 'SELECT 6 * 7')).toBe(42);
    db.close();
  });
});
