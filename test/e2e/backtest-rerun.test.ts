import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = tempDir('ziplime-e2e-rerun-');
const cli = (...args: string[]) => runCli(['--bundles-dir', tmp.dir, ...args]);
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as RunResult;

const STRATEGY = `import { defineStrategy, z, commission, slippage, type Asset } from 'ziplime';
export default defineStrategy({
  params: z.object({ symbols: z.array(z.string()).default(['SPY']), fast: z.number().int().default(10), slow: z.number().int().default(30) }),
  state: () => ({ assets: [] as Asset[] }),
  async initialize(ctx) {
    ctx.state.assets = await ctx.symbols(...ctx.params.symbols);
    ctx.setCommission(commission.perTrade({ cost: 1 }));
    ctx.setSlippage(slippage.fixedBasisPoints({ basisPoints: 10 }));
    ctx.setLongOnly();
    ctx.setMaxLeverage(1.5);
  },
  async handleData(ctx, data) {
    for (const a of ctx.state.assets) {
      const [f, s] = await Promise.all([data.history(a, 'close', ctx.params.fast), data.history(a, 'close', ctx.params.slow)]);
      const mean = (x: Float64Array) => x.reduce((p, q) => p + q, 0) / x.length;
      await ctx.orderTargetPercent(a, mean(f) > mean(s) ? 1 / ctx.state.assets.length : 0);
    }
  },
});
`;

let file = '';
beforeAll(() => {
  const r = cli('ingest', '-q');
  expect(r.code, r.stderr).toBe(0);
  file = path.join(tmp.dir, 'cross.ts');
  writeFileSync(file, STRATEGY);
});
afterAll(() => tmp.remove());

describe('ziplime backtest --rerun', () => {
  it('records every setting, and a rerun from the file gives the same results', () => {
    const first = path.join(tmp.dir, 'first.json');
    const r = cli('backtest', file, '-s', '2023-01-03', '-e', '2023-12-29', '--capital', '50000', '--fill', 'next-open',
      '--benchmark', 'AAPL', '--param', 'symbols=AAPL,MSFT', '--param', 'fast=5', '-o', first, '-q');
    expect(r.code, r.stderr).toBe(0);
    const a = readJson(first);
    expect(a.settings).toMatchObject({
      strategyFile: file, params: { symbols: ['AAPL', 'MSFT'], fast: 5, slow: 30 }, calendar: 'XNYS',
      commission: 'perTrade({"cost":1})', slippage: 'fixedBasisPoints({"basisPoints":10,"volumeLimit":0.1})', cancelPolicy: 'never()',
      controls: ['setLongOnly()', 'setMaxLeverage(1.5)'], benchmark: 'AAPL',
    });
    expect(a.settings!.strategyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.settings!.bundleVersion).toMatch(/^\d{4}-\d\d-\d\dT[\d-]+Z$/);
    expect(a.settings!.ziplimeVersion).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(a.transactions.length).toBeGreaterThan(0);

    const second = path.join(tmp.dir, 'second.json');
    const again = cli('backtest', '--rerun', first, '-o', second, '-q');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('');
    const b = readJson(second);
    expect({ ...b, settings: undefined }).toEqual({ ...a, settings: undefined });
    expect(b.settings).toEqual(a.settings);

    // `ziplime report` shows them
    const shown = cli('report', first, '--no-chart');
    expect(shown.stdout).toMatch(/Run settings/);
    expect(shown.stdout).toMatch(/Params +\{"symbols":\["AAPL","MSFT"\],"fast":5,"slow":30\}/);
    expect(shown.stdout).toMatch(/Commission +perTrade\(\{"cost":1\}\)/);
    expect(shown.stdout).toMatch(/Controls +setLongOnly\(\), setMaxLeverage\(1\.5\)/);

    // a changed strategy file still runs, with a warning
    writeFileSync(file, `${STRATEGY}\n// changed\n`);
    const changed = cli('backtest', '--rerun', first, '-q');
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr).toMatch(/warning: strategy file .*cross\.ts changed since the run/);
  });

  it('refuses run options beside --rerun, and a strategy file too', () => {
    const first = path.join(tmp.dir, 'first.json');
    const r = cli('backtest', '--rerun', first, '-s', '2023-02-01');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--rerun takes --start from .*first\.json; drop --start/);
    expect(cli('backtest', file, '--rerun', first).stderr).toMatch(/not both/);
    expect(cli('backtest').stderr).toMatch(/give the strategy file to run/);
  });
});
