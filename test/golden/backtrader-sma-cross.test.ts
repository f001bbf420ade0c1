import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../src/data/registry.js';
import type { RunResult } from '../../src/model/results.js';
import { runCli } from '../helpers/cli.js';
import { sharedData } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/temp-dir.js';
import { describeWith, needs } from '../helpers/requires.js';

const DATA = 'backtrader/2006-day-001.txt';
const STRATEGY = path.join(import.meta.dirname, 'strategies', 'backtrader-sma-cross.ts');

/**
 * DESIGN.md §9: backtrader's SMA(15) crossover on its 2006 daily sample, cash 10000, stake 1, no
 * commission or slippage, orders filled at the next open. backtrader's published result: final
 * value 10284.10, cash 6164.16; first buy signal 2006-01-26, filled 2006-01-27 at the open 3643.35.
 */
describeWith([needs.sharedData(DATA)], 'golden: backtrader SMA crossover (2006-day-001)', () => {
  const tmp = tempDir('ziplime-golden-bt-');
  let result: RunResult;
  afterAll(() => tmp.remove());

  beforeAll(async () => {
    const ingest = runCli(['--bundles-dir', tmp.dir, 'ingest', '-b', 'bt', '--source', 'csv', '--path', sharedData(DATA), '--calendar', 'data']);
    expect(ingest.code, ingest.stderr).toBe(0);
    const reader = await openBundle(tmp.dir, 'bt');
    const symbol = (await reader.assets())[0]!.symbol;
    await reader.close();
    const out = path.join(tmp.dir, 'result.json');
    const run = runCli([
      '--bundles-dir', tmp.dir, 'backtest', STRATEGY, '-b', 'bt', '--capital', '10000', '--fill', 'next-open',
      '--benchmark', 'none', '--param', `symbol=${symbol}`, '-o', out, '--quiet',
    ]);
    expect(run.code, run.stderr).toBe(0);
    result = JSON.parse(readFileSync(out, 'utf8')) as RunResult;
  });

  it('ends with backtrader\'s final value and cash', () => {
    expect(result.summary.endingValue.toFixed(2)).toBe('10284.10');
    expect(result.summary.endingCash.toFixed(2)).toBe('6164.16');
  });

  it('buys first on 2006-01-27 at the open, 3643.35, one share', () => {
    expect(result.transactions[0]).toMatchObject({ amount: 1, price: 3643.35, commission: 0 });
    expect(result.transactions[0]!.dt).toBe('2006-01-27');
    expect(result.orders[0]!.createdAt).toBe('2006-01-26');
    expect(result.daily.find((d) => d.positionsValue !== 0)!.date).toBe('2006-01-27');
  });

  it('alternates one-share buys and sells, one order at a time', () => {
    const amounts = result.transactions.map((t) => t.amount);
    expect(amounts.every((a, i) => a === (i % 2 === 0 ? 1 : -1))).toBe(true);
    expect(result.orders.every((o) => o.status === 'filled')).toBe(true);
  });
});
