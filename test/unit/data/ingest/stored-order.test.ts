import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.js';
import { DuckBundleReader } from '../../../../src/data/bundle-reader.js';
import { openDatabase, queryJson } from '../../../../src/data/duckdb.js';
import { ingestWorkspace } from '../ingest-fixtures.js';

const workspace = ingestWorkspace();
const HEADER = 'date,open,high,low,close,volume';

/** `sid time` of every stored bar, in stored (rowid) order. */
async function stored(file: string, table: 'daily_bars' | 'minute_bars'): Promise<string[]> {
  const db = await openDatabase(file, { readOnly: true });
  try {
    const key = table === 'daily_bars' ? "strftime(day, '%Y-%m-%d')" : "strftime(ts, '%Y-%m-%d %H:%M')";
    const rows = await queryJson(db.conn, `SELECT sid, ${key} AS k FROM ${table} ORDER BY rowid`);
    return rows.map((r) => `${Number(r.sid)} ${String(r.k)}`);
  } finally {
    db.close();
  }
}

describe('bars are stored by sid in time order whatever the order of the input', () => {
  it('a csvdir folder with a file written newest first', async () => {
    const w = workspace();
    w.write('d/daily/BBB.csv', [HEADER, '2024-01-04,20,21,19,20.5,3', '2024-01-03,20,21,19,20.5,2', '2024-01-02,20,21,19,20.5,1']);
    w.write('d/daily/AAA.csv', [HEADER, '2024-01-02,10,11,9,10.5,1', '2024-01-03,10,11,9,10.5,2']);
    const r = await w.ingest({ source: 'csvdir', path: `${w.dir}/d`, bundle: 'o', calendar: 'XNYS' });
    // AAA → sid 0, BBB → sid 1 (symbol order)
    expect(await stored(r.path, 'daily_bars')).toEqual(['0 2024-01-02', '0 2024-01-03', '1 2024-01-02', '1 2024-01-03', '1 2024-01-04']);
  });

  it('a long minute file ordered by time, symbols interleaved', async () => {
    const w = workspace();
    const file = w.write('m.csv', ['symbol,datetime,open,high,low,close,volume',
      'ZZ,2024-01-02 00:00,1,2,1,1.5,10', 'AA,2024-01-02 00:00,1,2,1,1.5,10',
      'ZZ,2024-01-02 00:01,1,2,1,1.5,10', 'AA,2024-01-02 00:01,1,2,1,1.5,10',
      'ZZ,2024-01-02 00:02,1,2,1,1.5,10']);
    const r = await w.ingest({ source: 'csv', path: file, bundle: 'o', calendar: 'ALWAYS_OPEN' });
    expect(await stored(r.path, 'minute_bars')).toEqual([
      '0 2024-01-02 00:00', '0 2024-01-02 00:01', '1 2024-01-02 00:00', '1 2024-01-02 00:01', '1 2024-01-02 00:02']);
  });

  it('a long minute file in (time, symbol) order is stored as read, and read back per sid in time order', async () => {
    const w = workspace();
    const file = w.write('m.csv', ['symbol,datetime,open,high,low,close,volume',
      'AA,2024-01-02 00:00,1,2,1,1.5,10', 'ZZ,2024-01-02 00:00,5,6,5,5.5,50',
      'AA,2024-01-02 00:01,2,3,2,2.5,20', 'ZZ,2024-01-02 00:01,6,7,6,6.5,60',
      'ZZ,2024-01-02 00:02,7,8,7,7.5,70']);
    const r = await w.ingest({ source: 'csv', path: file, bundle: 'o', calendar: 'ALWAYS_OPEN' });
    expect(await stored(r.path, 'minute_bars')).toEqual([
      '0 2024-01-02 00:00', '1 2024-01-02 00:00', '0 2024-01-02 00:01', '1 2024-01-02 00:01', '1 2024-01-02 00:02']);
    const reader = await DuckBundleReader.open(r.path);
    try {
      const t0 = Date.UTC(2024, 0, 2);
      const bars = await reader.minuteBars([0, 1], t0, t0 + 3 * 60_000);
      expect([...bars.get(0)!.ts]).toEqual([t0, t0 + 60_000]);
      expect([...bars.get(0)!.open]).toEqual([1, 2]);
      expect([...bars.get(1)!.ts]).toEqual([t0, t0 + 60_000, t0 + 120_000]);
      expect([...bars.get(1)!.close]).toEqual([5.5, 6.5, 7.5]);
      expect([...bars.get(1)!.volume]).toEqual([50, 60, 70]);
    } finally {
      await reader.close();
    }
  });

  it('a duplicate bar far apart in a time-ordered long file is found, with both lines', async () => {
    const w = workspace();
    const file = w.write('m.csv', ['symbol,date,open,high,low,close,volume',
      'AA,2024-01-02,1,2,1,1.5,10', 'BB,2024-01-02,1,2,1,1.5,10', 'BB,2024-01-03,1,2,1,1.5,10', 'AA,2024-01-02,1,2,1,1.5,11']);
    const err = await w.ingest({ source: 'csv', path: file, bundle: 'o', calendar: 'XNYS' }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).location).toEqual({ file, line: 5 });
    expect((err as Error).message).toMatch(/duplicate AA bar at 2024-01-02 \(also at line 2\)/);
  });

  it('a row without a date in a long file stops the ingest at its line', async () => {
    const w = workspace();
    const file = w.write('m.csv', ['symbol,date,open,high,low,close,volume',
      'AA,2024-01-02,1,2,1,1.5,10', 'BB,2024-01-02,1,2,1,1.5,10', 'BB,,1,2,1,1.5,10']);
    const err = await w.ingest({ source: 'csv', path: file, bundle: 'o', calendar: 'XNYS' }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).location).toEqual({ file, line: 4 });
    expect((err as Error).message).toMatch(/unparsable or missing date/);
  });

  it('a long file whose symbol field carries spaces: each bar goes to its trimmed symbol, in reading order', async () => {
    const w = workspace();
    const file = w.write('m.csv', ['symbol,datetime,open,high,low,close,volume',
      ' AA,2024-01-02 00:00,1,2,1,1.5,10', 'ZZ  ,2024-01-02 00:00,5,6,5,5.5,50',
      'AA,2024-01-02 00:01,2,3,2,2.5,20', '  ZZ ,2024-01-02 00:01,6,7,6,6.5,60']);
    const r = await w.ingest({ source: 'csv', path: file, bundle: 'o', calendar: 'ALWAYS_OPEN' });
    expect(r.assets).toBe(2);
    // AA → sid 0, ZZ → sid 1
    expect(await stored(r.path, 'minute_bars')).toEqual([
      '0 2024-01-02 00:00', '1 2024-01-02 00:00', '0 2024-01-02 00:01', '1 2024-01-02 00:01']);
    const db = await openDatabase(r.path, { readOnly: true });
    try {
      const rows = await queryJson(db.conn, 'SELECT a.symbol, sum(b.volume)::INTEGER AS v FROM minute_bars b JOIN assets a USING (sid) GROUP BY 1 ORDER BY 1');
      expect(rows).toEqual([{ symbol: 'AA', v: 30 }, { symbol: 'ZZ', v: 110 }]);
    } finally {
      db.close();
    }
  });
});
