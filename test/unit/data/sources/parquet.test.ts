import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { dayMs, ingestWorkspace } from '../ingest-fixtures.js';

const workspace = ingestWorkspace();

async function writeParquet(file: string, select: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`COPY (${select}) TO '${file}' (FORMAT parquet)`);
  conn.closeSync();
  db.closeSync();
}

describe('parquet source', () => {
  it('reads a long table with typed columns, any row order', async () => {
    const w = workspace();
    const file = path.join(w.dir, 'bars.parquet');
    await writeParquet(file, `SELECT * FROM (VALUES
      ('BBB', DATE '2024-01-03', 20.0, 21.0, 19.0, 20.5, 5::BIGINT),
      ('AAA', DATE '2024-01-03', 11.0, 12.0, 10.0, 11.5, 2::BIGINT),
      ('AAA', DATE '2024-01-02', 10.0, 11.0, 9.0, 10.5, 1::BIGINT)) t("Symbol", "Date", "Open", "High", "Low", "Close", "Volume")`);
    const result = await w.ingest({ source: 'parquet', path: file, bundle: 'pq' });
    expect(result).toMatchObject({ assets: 2, dailyRows: 3, frequencies: ['daily'] });
    const r = await w.open('pq');
    const bars = await r.dailyBars([0, 1], '2024-01-01', '2024-01-31');
    expect([...bars.get(0)!.ts]).toEqual([dayMs('2024-01-02'), dayMs('2024-01-03')]);
    expect([...bars.get(0)!.close]).toEqual([10.5, 11.5]);
    expect([...bars.get(1)!.volume]).toEqual([5]);
    await r.close();
  });

  it('reports a bad row by its 1-based row number', async () => {
    const w = workspace();
    const file = path.join(w.dir, 'X.parquet');
    await writeParquet(file, `SELECT * FROM (VALUES
      (TIMESTAMP '2024-01-02 09:30', 10.0, 11.0, 9.0, 10.5, 1.0),
      (TIMESTAMP '2024-01-02 09:31', 10.0, 9.0, 11.0, 10.5, 1.0)) t(timestamp, open, high, low, close, volume)`);
    await expect(w.ingest({ source: 'parquet', path: file, bundle: 'x' })).rejects.toThrow(`${file}:2: high < low`);
  });
});
