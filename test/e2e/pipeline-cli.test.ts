/**
 * `ziplime pipeline` on a fresh demo bundle: one row per (session, alive asset); `close.latest`
 * on a session is the raw close of the session before (checked against the bundle's table by SQL)
 * except where a split or dividend takes effect that session; bad options exit 2.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryJson } from '../../src/data/duckdb.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = tempDir('ziplime-e2e-pipeline-');
const cli = (...args: string[]) => runCli(['--bundles-dir', tmp.dir, ...args]);

beforeAll(() => {
  const r = cli('ingest');
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => tmp.remove());

describe('ziplime pipeline', () => {
  it('writes latest closes from the previous session, for alive assets only', async () => {
    const file = path.join(tmp.dir, 'latest.ts');
    writeFileSync(file, `import { EquityPricing, Pipeline } from 'ziplime';
export default () => new Pipeline({ columns: { last: EquityPricing.close.latest, up: EquityPricing.close.latest.gt(0) } });
`);
    const out = path.join(tmp.dir, 'latest.duckdb');
    const r = cli('pipeline', file, '-s', '2024-03-01', '-e', '2024-04-30', '-o', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/rows over 42 sessions/);
    const bundle = path.join(tmp.dir, 'demo', readdirSync(path.join(tmp.dir, 'demo')).find((f) => f.endsWith('.duckdb'))!);
    const db = await openDatabase(':memory:');
    try {
      await db.conn.run(`ATTACH '${out}' AS p (READ_ONLY)`);
      await db.conn.run(`ATTACH '${bundle}' AS b (READ_ONLY)`);
      const [counts] = await queryJson(db.conn, `SELECT count(*)::INT AS n, count(DISTINCT session)::INT AS s FROM p.pipeline`);
      const [alive] = await queryJson(db.conn, `
        SELECT count(*)::INT AS n FROM (SELECT DISTINCT session FROM p.pipeline) s JOIN b.assets a
        ON a.start_date < s.session AND s.session <= a.end_date`);
      expect(counts).toEqual({ n: alive!.n, s: 42 });
      const compared = (filter: string) => queryJson(db.conn, `
        WITH prev AS (
          SELECT sid, day, lag(close) OVER (PARTITION BY sid ORDER BY day) AS prev_close FROM b.daily_bars)
        SELECT p.session, p.symbol, p.last, p.up, prev.prev_close FROM p.pipeline p JOIN prev ON prev.sid = p.sid AND prev.day = p.session
        WHERE NOT EXISTS (SELECT 1 FROM b.splits s WHERE s.sid = p.sid AND s.effective_date = p.session)
          AND NOT EXISTS (SELECT 1 FROM b.dividends d WHERE d.sid = p.sid AND d.ex_date = p.session) ${filter}`);
      expect((await compared('')).length).toBeGreaterThan(400);
      expect(await compared('AND (abs(p.last - prev.prev_close) > 1e-9 OR p.up <> 1)')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('adds a custom dataset with ingest --dataset and reads it in a pipeline; a bad row exits 2', () => {
    const fund = path.join(tmp.dir, 'fund.csv');
    writeFileSync(fund, 'symbol,asof_date,pe\nAAPL,2024-01-05,21.5\n');
    const r = cli('ingest', '--dataset', 'fund', '--path', fund);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/added dataset 'fund' to bundle 'demo': 1 rows/);
    const file = path.join(tmp.dir, 'pe.ts');
    writeFileSync(file, `import { Dataset, Pipeline } from 'ziplime';
export const pipeline = new Pipeline({ columns: { pe: Dataset('fund').column('pe').latest } });
`);
    const out = path.join(tmp.dir, 'pe.csv');
    expect(cli('pipeline', file, '-s', '2024-01-05', '-e', '2024-01-08', '-o', out).code).toBe(0);
    const aapl = readFileSync(out, 'utf8').trim().split('\n').filter((l) => l.includes(',AAPL,'));
    expect(aapl).toEqual(['2024-01-05,0,AAPL,', '2024-01-08,0,AAPL,21.5']);
    writeFileSync(fund, 'symbol,asof_date,pe\nNOPE,2024-01-05,1\n');
    const bad = cli('ingest', '--dataset', 'fund', '--path', fund);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/fund\.csv:2: unknown symbol 'NOPE'/);
  });

  it('runs the momentum example pipeline to CSV, and rejects a bad output format with exit 2', () => {
    const out = path.join(tmp.dir, 'rsi.csv');
    expect(cli('pipeline', 'strategies/momentum-pipeline.ts', '-s', '2024-01-02', '-e', '2024-01-31', '-o', out).code).toBe(0);
    const bad = cli('pipeline', 'strategies/momentum-pipeline.ts', '-o', path.join(tmp.dir, 'x.txt'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown format '\.txt'/);
    const none = cli('pipeline', 'strategies/sma-cross.ts', '-o', out);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no pipeline found/);
  });
});
