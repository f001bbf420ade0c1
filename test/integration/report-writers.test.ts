import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { readResult } from '../../src/report/read-result.js';
import { tableFiles } from '../../src/report/result-files.js';
import { writeResult } from '../../src/report/write-result.js';
import { awkwardResult, sampleResult, txn } from '../helpers/sample-result.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('writeResult / readResult round trips', () => {
  const tmp = tempDir('ziplime-writers-');
  afterAll(tmp.remove);

  for (const ext of ['json', 'csv', 'parquet', 'duckdb']) {
    it(`reads back exactly what it wrote (.${ext})`, async () => {
      const original = awkwardResult();
      const file = path.join(tmp.dir, `awkward.${ext}`);
      const written = await writeResult(original, file);
      for (const f of written) expect(existsSync(f)).toBe(true);
      expect(await readResult(file)).toEqual(original);
    });
  }

  it('round trips how a partial run ended and the settings to rerun it, in every format', async () => {
    const original = {
      ...awkwardResult(),
      settings: {
        strategyFile: '/s/x.ts', strategyHash: 'ab12', params: { fast: 5, symbols: ['AAPL', 'MSFT'], note: null },
        bundleVersion: '2026-01-01T00-00-00-000Z', calendar: 'XNYS', commission: 'none()', slippage: null, cancelPolicy: 'never()',
        controls: ['setLongOnly()'], benchmark: null, ziplimeVersion: '0.1.0',
      },
      exposures: [{ date: '2024-01-02', symbol: 'AAA', sid: 1, value: 1234.5 }, { date: '2024-01-03', symbol: 'BBB', sid: 2, value: -99.25 }],
    };
    original.summary = { ...original.summary, status: 'failed', stoppedAt: '2024-01-05T21:00:00.000Z', message: 'strategy failed: boom' };
    for (const ext of ['json', 'csv', 'parquet', 'duckdb']) {
      const file = path.join(tmp.dir, `partial.${ext}`);
      await writeResult(original, file);
      expect(await readResult(file)).toEqual(original);
    }
  });

  it('round trips an empty run and non-ISO timestamps', async () => {
    const original = sampleResult({ values: [10_000], transactions: [txn({ dt: '2024-01-02 16:00:00-05:00', amount: 1 })] });
    for (const ext of ['csv', 'parquet', 'duckdb']) {
      const file = path.join(tmp.dir, `small.${ext}`);
      await writeResult(original, file);
      expect(await readResult(file)).toEqual(original);
    }
  });

  it('writes csv and parquet tables beside the daily file and any sibling reads the set', async () => {
    const file = path.join(tmp.dir, 'set.parquet');
    const written = await writeResult(awkwardResult(), file);
    expect(written.map((f) => path.basename(f)).sort()).toEqual(
      ['set.orders.parquet', 'set.parquet', 'set.positions.parquet', 'set.splits.parquet', 'set.summary.parquet', 'set.transactions.parquet'],
    );
    expect(await readResult(path.join(tmp.dir, 'set.summary.parquet'))).toEqual(awkwardResult());
  });

  it('stores days as DATE, instants as TIMESTAMPTZ and recorded variables as daily columns', async () => {
    const file = path.join(tmp.dir, 'typed.duckdb');
    await writeResult(awkwardResult(), file);
    const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    const conn = await db.connect();
    const types = async (table: string) => Object.fromEntries(
      (await conn.runAndReadAll(`DESCRIBE ${table}`)).getRowObjectsJS().map((r) => [r.column_name, r.column_type]),
    );
    expect(await types('daily')).toMatchObject({ date: 'DATE', portfolioValue: 'DOUBLE', fast: 'DOUBLE', note: 'VARCHAR', sparse: 'DOUBLE' });
    expect(await types('transactions')).toMatchObject({ dt: 'TIMESTAMP WITH TIME ZONE', sid: 'BIGINT' });
    expect(await types('splits')).toEqual({ date: 'DATE', symbol: 'VARCHAR', sid: 'BIGINT', ratio: 'DOUBLE' });
    const total = (await conn.runAndReadAll('SELECT sum(amount * price) AS v FROM transactions')).getRowObjectsJS()[0]!.v;
    expect(total).toBeCloseTo(10.5 * 100.123456789 - 10.5 * 101, 9);
    conn.closeSync();
    db.closeSync();
  });

  it('reads files written before results had splits as having none', async () => {
    const { splits: _, ...old } = awkwardResult();
    const expected = { ...awkwardResult(), splits: [] };
    const json = path.join(tmp.dir, 'old.json');
    await writeFile(json, JSON.stringify(old));
    expect((await readResult(json)).splits).toEqual([]);
    for (const ext of ['csv', 'parquet']) {
      const file = path.join(tmp.dir, `old.${ext}`);
      await writeResult(awkwardResult(), file);
      await rm(tableFiles(file).splits);
      expect(await readResult(file)).toEqual(expected);
    }
    const db = path.join(tmp.dir, 'old.duckdb');
    await writeResult(awkwardResult(), db);
    const instance = await DuckDBInstance.create(db);
    const conn = await instance.connect();
    await conn.run('DROP TABLE splits');
    conn.closeSync();
    instance.closeSync();
    expect(await readResult(db)).toEqual(expected);
  });

  it('still requires the original tables', async () => {
    const file = path.join(tmp.dir, 'partial.csv');
    await writeResult(awkwardResult(), file);
    await rm(tableFiles(file).orders);
    await expect(readResult(file)).rejects.toThrow(/orders table file .* is missing/);
  });

  it('rejects unknown extensions and files that are not results', async () => {
    await expect(writeResult(sampleResult(), path.join(tmp.dir, 'x.txt'))).rejects.toThrow(/unknown results format/);
    await expect(readResult(path.join(tmp.dir, 'missing.json'))).rejects.toThrow(/not found/);
    const bogus = path.join(tmp.dir, 'bogus.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(bogus, '{"daily": []}'));
    await expect(readResult(bogus)).rejects.toThrow(/'summary' is missing/);
  });
});
