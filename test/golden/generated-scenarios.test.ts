import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Hand-checked fills on a generated bundle, through the real CLI, with the default models
 * (zipline's): fixed 5 bp slippage and $0.001 per share commission. Sessions Jan 2–9 2024; each
 * day opens at 100 + 2k and closes at 101 + 2k. The strategy buys 10 shares on the first bar and
 * sells them on the fourth.
 */
const BARS = [
  ['2024-01-02', 100, 101], ['2024-01-03', 102, 103], ['2024-01-04', 104, 105],
  ['2024-01-05', 106, 107], ['2024-01-08', 108, 109], ['2024-01-09', 110, 111],
] as const;

const STRATEGY = `
import { defineStrategy, type Asset } from 'ziplime';
let bar = 0;
export default defineStrategy({
  state: () => ({ asset: undefined as Asset | undefined }),
  async initialize(ctx) { ctx.state.asset = await ctx.symbol('TEST'); },
  async handleData(ctx) {
    bar++;
    if (bar === 1) await ctx.order(ctx.state.asset!, 10);
    if (bar === 4) await ctx.orderTarget(ctx.state.asset!, 0);
  },
});
`;

describe('golden: generated bundle, one round trip per fill policy', () => {
  const tmp = tempDir('ziplime-golden-gen-');
  const strategy = path.join(tmp.dir, 'round-trip.ts');
  afterAll(() => tmp.remove());

  beforeAll(() => {
    const csv = path.join(tmp.dir, 'TEST.csv');
    writeFileSync(csv, ['date,open,high,low,close,volume', ...BARS.map(([d, o, c]) => `${d},${o},${c},${o},${c},1000`)].join('\n'));
    writeFileSync(strategy, STRATEGY);
    const ingest = runCli(['--bundles-dir', tmp.dir, 'ingest', '-b', 'gen', '--source', 'csv', '--path', csv, '--calendar', 'XNYS']);
    expect(ingest.code, ingest.stderr).toBe(0);
  });

  const run = (fill: string): RunResult => {
    const out = path.join(tmp.dir, `${fill}.json`);
    const r = runCli(['--bundles-dir', tmp.dir, 'backtest', strategy, '-b', 'gen', '--fill', fill, '--capital', '10000', '--benchmark', 'none', '-o', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(readFileSync(out, 'utf8')) as RunResult;
  };

  it.each([
    // next-close: buy on Jan 3 at 103 × 1.0005, sell on Jan 8 at 109 × 0.9995
    ['next-close', '2024-01-03', 103.0515, '2024-01-08', 108.9455],
    // next-open: the same days at their opens
    ['next-open', '2024-01-03', 102.051, '2024-01-08', 107.946],
    // same-close: the bars that placed them
    ['same-close', '2024-01-02', 101.0505, '2024-01-05', 106.9465],
  ])('%s', (fill, buyDay, buyPrice, sellDay, sellPrice) => {
    const result = run(fill);
    const t = result.transactions;
    expect(t.map((x) => [x.dt.slice(0, 10), x.amount])).toEqual([[buyDay, 10], [sellDay, -10]]);
    expect(t[0]!.price).toBeCloseTo(buyPrice, 9);
    expect(t[1]!.price).toBeCloseTo(sellPrice, 9);
    expect(t.map((x) => x.commission)).toEqual([0.01, 0.01]);
    const cash = 10_000 - 10 * buyPrice + 10 * sellPrice - 0.02;
    expect(result.summary.endingCash).toBeCloseTo(cash, 9);
    expect(result.summary.endingValue).toBeCloseTo(cash, 9);
    expect(result.daily).toHaveLength(6);
    expect(result.positions).toEqual([]);
  });
});
