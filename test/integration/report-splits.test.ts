import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { readResult } from '../../src/report/read-result.js';
import { roundTrips } from '../../src/report/round-trips.js';
import { writeResult } from '../../src/report/write-result.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * A generated bundle with a 2:1 split in the traded stock (TEST, effective 2024-01-05: raw
 * closes 104 → 53) and a 4:1 split in a stock never traded (OTHER). The strategy buys 10 TEST on
 * the first bar and sells everything on the sixth, then buys 5 on the seventh and sells them on
 * the eighth; no costs, next-close fills.
 */
const CLOSES: Record<string, [string, number, number][]> = {
  TEST: [
    ['2024-01-02', 100, 1], ['2024-01-03', 102, 1], ['2024-01-04', 104, 1], ['2024-01-05', 53, 2], ['2024-01-08', 54, 1],
    ['2024-01-09', 55, 1], ['2024-01-10', 56, 1], ['2024-01-11', 57, 1], ['2024-01-12', 58, 1],
  ],
  OTHER: [
    ['2024-01-02', 20, 1], ['2024-01-03', 20, 1], ['2024-01-04', 20, 1], ['2024-01-05', 20, 1], ['2024-01-08', 20, 1],
    ['2024-01-09', 5, 4], ['2024-01-10', 5, 1], ['2024-01-11', 5, 1], ['2024-01-12', 5, 1],
  ],
};

const STRATEGY = `
import { commission, defineStrategy, slippage, type Asset } from 'ziplime';
let bar = 0;
export default defineStrategy({
  state: () => ({ asset: undefined as Asset | undefined }),
  async initialize(ctx) {
    ctx.state.asset = await ctx.symbol('TEST');
    ctx.setCommission(commission.none());
    ctx.setSlippage(slippage.none());
  },
  async handleData(ctx) {
    bar++;
    if (bar === 1) await ctx.order(ctx.state.asset!, 10);
    if (bar === 6 || bar === 8) await ctx.orderTarget(ctx.state.asset!, 0);
    if (bar === 7) await ctx.order(ctx.state.asset!, 5);
  },
});
`;

describe('splits in a backtest result and its round trips', () => {
  const tmp = tempDir('ziplime-report-splits-');
  const out = path.join(tmp.dir, 'run.json');
  let result: RunResult;
  afterAll(() => tmp.remove());

  beforeAll(async () => {
    const daily = path.join(tmp.dir, 'data', 'daily');
    mkdirSync(daily, { recursive: true });
    for (const [symbol, rows] of Object.entries(CLOSES)) {
      const lines = rows.map(([d, c, s]) => `${d},${c},${c},${c},${c},100000,,${s}`);
      writeFileSync(path.join(daily, `${symbol}.csv`), ['date,open,high,low,close,volume,dividend,split', ...lines].join('\n'));
    }
    const strategy = path.join(tmp.dir, 'split-trader.ts');
    writeFileSync(strategy, STRATEGY);
    const ingest = runCli(['--bundles-dir', tmp.dir, 'ingest', '-b', 'gen', '--source', 'csvdir', '--path', path.join(tmp.dir, 'data'), '--calendar', 'XNYS']);
    expect(ingest.code, ingest.stderr).toBe(0);
    const run = runCli(['--bundles-dir', tmp.dir, 'backtest', strategy, '-b', 'gen', '--capital', '10000', '--benchmark', 'none', '-o', out, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    result = await readResult(out);
  });

  it('records the splits of traded assets at the session they took effect, fills unadjusted', () => {
    const sid = result.transactions[0]!.sid;
    expect(result.splits).toEqual([{ date: '2024-01-05', symbol: 'TEST', sid, ratio: 2 }]);
    // bought 10 @ 102 on Jan 3; the ledger held 20 after the split and sold them @ 56 on Jan 10
    expect(result.transactions.map((t) => [t.dt.slice(0, 10), t.amount, t.price])).toEqual([
      ['2024-01-03', 10, 102], ['2024-01-10', -20, 56], ['2024-01-11', 5, 57], ['2024-01-12', -5, 58],
    ]);
  });

  it('derives round trips in post-split shares that add up to the run’s gain', () => {
    const trips = roundTrips(result.transactions, result.splits);
    // 20·(56 − 51) = 100 and 5·(58 − 57) = 5: the 10 000 became 10 105
    expect(trips.map((t) => [t.amount, t.entryPrice, t.pnl])).toEqual([[20, 51, 100], [5, 57, 5]]);
    expect(result.summary.endingValue).toBeCloseTo(10_105, 9);
  });

  it('reports a 100 % win rate through `ziplime report`, from every result format', async () => {
    for (const ext of ['json', 'csv', 'parquet', 'duckdb']) {
      const file = path.join(tmp.dir, `copy.${ext}`);
      await writeResult(result, file);
      expect((await readResult(file)).splits).toEqual(result.splits);
      const r = runCli(['report', file, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const { trading } = JSON.parse(r.stdout) as { trading: { roundTrips: number; winRate: number; profitFactor: unknown } };
      expect(trading).toMatchObject({ roundTrips: 2, winRate: 1, profitFactor: null }); // no loss: not defined (n/a), not "Infinity"
    }
  });
});
