import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calmar } from '../../src/metrics/risk.js';
import { runBacktest } from '../../src/runtime/backtest.js';
import { readSweepFile } from '../../src/sweep/sweep-store.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = tempDir('ziplime-e2e-sweep-');
const cli = (...args: string[]) => runCli(['--bundles-dir', tmp.dir, ...args], { timeoutMs: 600_000 });
const SUMMARY = ['startingCash', 'endingCash', 'endingValue', 'totalReturn', 'annualReturn', 'annualVolatility', 'sharpe', 'sortino',
  'maxDrawdown', 'alpha', 'beta', 'benchmarkReturn', 'tradingDays', 'orders', 'transactions'] as const;

beforeAll(() => {
  const r = cli('ingest');
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(() => tmp.remove());

describe('ziplime sweep on the demo bundle', () => {
  const out = path.join(tmp.dir, 'sweep.duckdb');
  const html = path.join(tmp.dir, 'sweep.html');

  it('runs every point of the issue grid; each stored point equals a standalone backtest with its params', async () => {
    const r = cli('sweep', 'strategies/sma-cross.ts', '--grid', 'fast=5..50:5', '--grid', 'slow=20..200:20', '--where', 'fast < slow', '-o', out, '--html', html, '-j', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/90 points, objective sharpe/);
    expect(r.stdout).toMatch(/Deflated Sharpe ratio of the best point/);
    const stored = (await readSweepFile(out))!;
    // 3 points with slow = 20, 7 with slow = 40, 10 for each of the 8 slower windows.
    expect(stored.rows).toHaveLength(90);
    expect(new Set(stored.rows.map((row) => `${row.point.fast}/${row.point.slow}`)).size).toBe(90);
    const logger = pino({ level: 'silent' });
    for (const row of stored.rows) {
      expect(row.error).toBeNull();
      const run = await runBacktest({
        strategyFile: 'strategies/sma-cross.ts', bundlesDir: tmp.dir, bundle: 'demo', capital: 100_000, frequency: 'daily', fill: 'next-close',
        params: [`fast=${row.point.fast}`, `slow=${row.point.slow}`], logger,
      });
      for (const k of SUMMARY) expect(row.metrics[k], `${k} of ${JSON.stringify(row.point)}`).toBe(run.result.summary[k]);
      expect(row.metrics.calmar).toBe(calmar(run.result.daily.map((d) => d.returns)));
    }
    // The HTML page: a heatmap cell per (fast, slow) pair allowed by --where, the histogram and the best equity curve.
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('id="objective-histogram"');
    expect(page).toContain('id="best-equity"');
    expect(page).toContain('id="deflated-sharpe"');
    expect(page).not.toMatch(/https?:\/\//);
  }, 900_000);

  it('a point run by the CLI backtest in its own process has the same summary', () => {
    const json = path.join(tmp.dir, 'one.json');
    const r = cli('backtest', 'strategies/sma-cross.ts', '--param', 'fast=15', '--param', 'slow=60', '-o', json, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(json, 'utf8')).summary as Record<string, number | null>;
    return readSweepFile(out).then((stored) => {
      const row = stored!.rows.find((x) => x.point.fast === 15 && x.point.slow === 60)!;
      for (const k of SUMMARY) expect(row.metrics[k], k).toBe(summary[k] ?? NaN);
    });
  }, 120_000);

  it('--resume runs nothing already stored; `ziplime report` re-renders the sweep', () => {
    const r = cli('sweep', 'strategies/sma-cross.ts', '--grid', 'fast=5..50:5', '--grid', 'slow=20..200:20', '--where', 'fast < slow', '-o', out, '--resume', '-j', '1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/90 points/);
    const html2 = path.join(tmp.dir, 'again.html');
    const rep = cli('report', out, '--html', html2);
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.stdout).toMatch(/90 points, objective sharpe/);
    expect(existsSync(html2)).toBe(true);
    // resuming with other options is refused
    const other = cli('sweep', 'strategies/sma-cross.ts', '--grid', 'fast=5..10:5', '-o', out, '--resume', '--capital', '5000');
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/different options/);
  }, 600_000);

  it('refuses an invalid point before running anything, naming the point', () => {
    const bad = path.join(tmp.dir, 'bad.duckdb');
    const r = cli('sweep', 'strategies/sma-cross.ts', '--grid', 'fast=-5..5:5', '-o', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sweep point \{"fast":-5\}: invalid parameter 'fast'/);
    expect(existsSync(bad)).toBe(false);
    const where = cli('sweep', 'strategies/sma-cross.ts', '--grid', 'fast=5..10:5', '--where', 'fast < slwo', '-o', bad);
    expect(where.code).toBe(2);
    expect(where.stderr).toMatch(/unknown parameter 'slwo'/);
  }, 120_000);

  it('walk-forward: folds, stitched out-of-sample equity and PBO in the file and the report', async () => {
    const wf = path.join(tmp.dir, 'wf.duckdb');
    const spaceFile = path.join(tmp.dir, 'space.json');
    writeFileSync(spaceFile, JSON.stringify({ grid: { fast: [10, 20], slow: [50, 100] } }));
    const r = cli('sweep', 'strategies/sma-cross.ts', '--space', spaceFile, '-s', '2018-01-02', '-e', '2021-12-31',
      '--walk-forward', 'train=2y,test=6m', '-o', wf, '--html', path.join(tmp.dir, 'wf.html'));
    expect(r.code, r.stderr).toBe(0);
    const stored = (await readSweepFile(wf))!;
    // 2018-01-02 … 2021-12-31, train 2y, test 6m: tests start 2020-01-02, 2020-07-02, 2021-01-02, 2021-07-02.
    expect(stored.folds.map((f) => [f.testStart, f.testEnd])).toEqual([
      ['2020-01-02', '2020-07-01'], ['2020-07-02', '2021-01-01'], ['2021-01-02', '2021-07-01'], ['2021-07-02', '2021-12-31'],
    ]);
    // 4 points × 4 folds × (train + test)
    expect(stored.rows).toHaveLength(32);
    for (const f of stored.folds) {
      const train = stored.rows.filter((x) => x.phase === 'train' && x.fold === f.fold);
      const best = Math.max(...train.map((x) => x.metrics.sharpe!));
      expect(f.inSample.sharpe).toBe(best);
      const test = stored.rows.find((x) => x.phase === 'test' && x.fold === f.fold && JSON.stringify(x.point) === JSON.stringify(f.point))!;
      expect(f.outOfSample.sharpe).toBe(test.metrics.sharpe);
    }
    // the stitched curve compounds the chosen test runs' daily returns from the capital
    const chosen = stored.folds.map((f) => stored.rows.find((x) => x.phase === 'test' && x.fold === f.fold && JSON.stringify(x.point) === JSON.stringify(f.point))!);
    let value = 100_000;
    for (const c of chosen) for (const ret of stored.daily.get(c.key)!.returns) value *= 1 + ret;
    expect(stored.outOfSample!.values.at(-1)).toBeCloseTo(value, 6);
    expect(r.stdout).toMatch(/Probability of backtest overfitting \(CSCV\): \d/);
  }, 600_000);
});
