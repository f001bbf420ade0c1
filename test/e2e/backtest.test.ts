import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = tempDir('ziplime-e2e-backtest-');
const cli = (...args: string[]) => runCli(['--bundles-dir', tmp.dir, ...args]);
const RANGE = ['-s', '2024-01-02', '-e', '2024-12-31'];

beforeAll(() => {
  for (const args of [['ingest'], ['ingest', '--source', 'demo-crypto']]) {
    const r = cli(...args);
    expect(r.code, r.stderr).toBe(0);
  }
});

/** Example strategies written for another demo market than the equities one. */
const MARKET_OF: Record<string, string[]> = { 'crypto-momentum.ts': ['--bundle', 'demo-crypto', '--benchmark', 'none'] };
afterAll(() => tmp.remove());

describe('ziplime backtest on a fresh demo bundle', () => {
  it('prints a summary for strategies/sma-cross.ts and writes the DESIGN.md §6 JSON', () => {
    const out = path.join(tmp.dir, 'sma.json');
    const r = cli('backtest', 'strategies/sma-cross.ts', ...RANGE, '-o', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Total return/);
    expect(r.stdout).toMatch(/Sharpe ratio/);
    const result = JSON.parse(readFileSync(out, 'utf8')) as RunResult;
    expect(Object.keys(result)).toEqual(['strategy', 'bundle', 'mode', 'frequency', 'fill', 'start', 'end', 'capital', 'summary', 'daily', 'transactions', 'orders', 'positions', 'splits', 'exposures', 'settings']);
    expect(Object.keys(result.summary)).toEqual([
      'startingCash', 'endingCash', 'endingValue', 'totalReturn', 'annualReturn', 'annualVolatility', 'sharpe', 'sortino',
      'maxDrawdown', 'alpha', 'beta', 'benchmarkReturn', 'tradingDays', 'orders', 'transactions', 'status', 'stoppedAt', 'message',
    ]);
    expect(Object.keys(result.daily[0]!).slice(0, 7)).toEqual(['date', 'portfolioValue', 'cash', 'positionsValue', 'returns', 'benchmarkReturns', 'grossLeverage']);
    expect(result).toMatchObject({ strategy: 'sma-cross', bundle: 'demo', mode: 'backtest', frequency: 'daily', fill: 'next-close', start: '2024-01-02', end: '2024-12-31', capital: 100_000 });
    expect(result.daily).toHaveLength(252);
    expect(result.summary.tradingDays).toBe(252);
    expect(result.transactions.length).toBeGreaterThan(0);
    // the recorded averages are columns; the benchmark (SPX) moved
    expect(typeof result.daily.at(-1)!.fast).toBe('number');
    expect(result.daily.some((d) => d.benchmarkReturns !== 0)).toBe(true);
    // every value is consistent: cash + positions = portfolio value
    for (const d of result.daily) expect(d.cash + d.positionsValue).toBeCloseTo(d.portfolioValue, 6);
    // the exposures table holds each position's value at each close: per session they add up to the positions' value
    const byDate = new Map<string, number>();
    for (const e of result.exposures!) byDate.set(e.date, (byDate.get(e.date) ?? 0) + e.value);
    for (const d of result.daily) expect(byDate.get(d.date) ?? 0).toBeCloseTo(d.positionsValue, 6);
  });

  it.each(readdirSync(path.join(ROOT, 'strategies')).filter((f) => f.endsWith('.ts')))('runs strategies/%s', (file) => {
    const r = cli('backtest', `strategies/${file}`, ...RANGE, ...(MARKET_OF[file] ?? []), '--quiet');
    expect(r.code, r.stderr).toBe(0);
  });

  it('exits 2 for a strategy file that does not exist', () => {
    const r = cli('backtest', 'strategies/nope.ts');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/strategy file not found: strategies\/nope\.ts/);
  });

  it('exits 2 for bad options, naming them', () => {
    expect(cli('backtest', 'strategies/sma-cross.ts', '-s', '2024-13-01').stderr).toMatch(/--start '2024-13-01'/);
    expect(cli('backtest', 'strategies/sma-cross.ts', '-s', '1980-01-02').stderr).toMatch(/--start 1980-01-02 is outside/);
    expect(cli('backtest', 'strategies/sma-cross.ts', '--param', 'fast=x').code).toBe(2);
    expect(cli('backtest', 'strategies/sma-cross.ts', '-b', 'missing').code).toBe(2);
  });

  it('a throwing strategy exits 1 naming file:line and the simulation time, and still writes -o', () => {
    const file = path.join(tmp.dir, 'throws.ts');
    writeFileSync(file, [
      "import { defineStrategy } from 'ziplime';",
      'export default defineStrategy({',
      "  async initialize(ctx) { ctx.state = { aapl: await ctx.symbol('AAPL') }; },",
      '  async handleData(ctx) {',
      '    await ctx.order(ctx.state.aapl, 1);',
      "    if (ctx.session === '2024-01-05') throw new Error('deliberate');",
      '  },',
      '});',
      '',
    ].join('\n'));
    const out = path.join(tmp.dir, 'throws.json');
    const r = cli('backtest', file, ...RANGE, '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:6`);
    expect(r.stderr).toMatch(/2024-01-05T21:00:00\.000Z/);
    expect(r.stderr).toMatch(/deliberate/);
    expect(existsSync(out)).toBe(true);
    const partial = JSON.parse(readFileSync(out, 'utf8')) as RunResult;
    expect(partial.daily.map((d) => d.date)).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
  });
});
