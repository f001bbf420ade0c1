/**
 * Prints the sha256 of the results of every example strategy (on the demo bundle, daily with
 * every fill policy, and minute with `next-close`), the golden cases (backtrader's SMA crossover
 * when `../shared/data` is present, the generated round trip per fill policy) and the two engine
 * benchmark strategies on small universes. Optimisations must leave every hash unchanged:
 * `npx tsx test/bench/result-hashes.ts > before.txt`, change, rebuild, run again and `diff`.
 * Only the result tables are hashed (summary, daily, transactions, orders, positions, splits and
 * the run labels), so fields other parts of the project add to results do not change them.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { ROOT, hasSharedData, sharedData } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/temp-dir.js';

const FILLS = ['next-close', 'next-open', 'same-close'] as const;
/** Example strategies written for another demo market than the equities one (as in test/e2e/backtest.test.ts). */
const MARKET_OF: Record<string, string[]> = { 'crypto-momentum.ts': ['--bundle', 'demo-crypto', '--benchmark', 'none'] };
const SUMMARY_KEYS = [
  'startingCash', 'endingCash', 'endingValue', 'totalReturn', 'annualReturn', 'annualVolatility', 'sharpe', 'sortino',
  'maxDrawdown', 'alpha', 'beta', 'benchmarkReturn', 'tradingDays', 'orders', 'transactions',
];

/** The hashed part of a result file: the tables and labels that existed before later additions. */
function canonical(result: Record<string, unknown>): string {
  const summary = result.summary as Record<string, unknown>;
  const pick = (o: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));
  return JSON.stringify({
    labels: pick(result, ['strategy', 'bundle', 'mode', 'frequency', 'fill', 'start', 'end', 'capital']),
    summary: pick(summary, SUMMARY_KEYS),
    daily: result.daily, transactions: result.transactions, orders: result.orders,
    positions: result.positions, splits: result.splits,
  });
}

function ok(r: { code: number; stderr: string }, what: string): void {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${r.stderr}`);
}

function backtest(dir: string, name: string, args: string[]): string {
  const out = path.join(dir, `${name.replace(/[^\w.-]+/g, '_')}.json`);
  const r = runCli(['--bundles-dir', dir, 'backtest', ...args, '-o', out, '--quiet'], { timeoutMs: 600_000 });
  ok(r, `backtest ${name}`);
  const text = canonical(JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>);
  return createHash('sha256').update(text).digest('hex');
}

const GENERATED_BARS = [
  ['2024-01-02', 100, 101], ['2024-01-03', 102, 103], ['2024-01-04', 104, 105],
  ['2024-01-05', 106, 107], ['2024-01-08', 108, 109], ['2024-01-09', 110, 111],
] as const;

const ROUND_TRIP = `
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

/** The engine benchmark's strategies on the demo universe (same code paths, smaller data). */
const SMA15 = `
import { defineStrategy } from 'ziplime';
export default defineStrategy({
  state: () => ({ asset: undefined, last: NaN }),
  async initialize(ctx) { ctx.state.asset = await ctx.symbol('AAPL'); },
  async handleData(ctx, data) {
    const h = await data.history(ctx.state.asset, 'close', 15);
    let s = 0;
    for (let i = 0; i < 15; i++) s += h[i];
    const d = h[14] - s / 15, prev = ctx.state.last;
    ctx.state.last = d;
    if (prev < 0 && d > 0) await ctx.order(ctx.state.asset, 1);
    else if (prev > 0 && d < 0) await ctx.order(ctx.state.asset, -1);
  },
});
`;

const REBALANCE = `
import { dateRules, defineStrategy, timeRules } from 'ziplime';
export default defineStrategy({
  state: () => ({ assets: [] }),
  async initialize(ctx) {
    ctx.state.assets = (await ctx.symbols('AAPL', 'MSFT', 'GOOG', 'AMZN', 'ENRX', 'JPM')).filter(Boolean);
    ctx.scheduleFunction(async (c, d) => {
      for (const a of c.state.assets) if (await d.canTrade(a)) await c.orderTargetPercent(a, 0.9 / c.state.assets.length);
    }, dateRules.monthStart(), timeRules.marketOpen());
  },
  async handleData(ctx, data) {
    const closes = await data.history(ctx.state.assets, 'close', 20);
    let n = 0;
    for (const h of closes.values()) if (h[19] > h[0]) n++;
    ctx.record({ rising: n });
  },
});
`;

async function main(): Promise<void> {
  const tmp = tempDir('ziplime-hashes-');
  const lines: string[] = [];
  const emit = (name: string, hash: string) => {
    lines.push(`${hash}  ${name}`);
    process.stdout.write(`${hash}  ${name}\n`);
  };
  try {
    ok(runCli(['--bundles-dir', tmp.dir, 'ingest'], { timeoutMs: 600_000 }), 'demo ingest');
    ok(runCli(['--bundles-dir', tmp.dir, 'ingest', '--source', 'demo-crypto'], { timeoutMs: 600_000 }), 'demo-crypto ingest');
    const strategies = readdirSync(path.join(ROOT, 'strategies')).filter((f) => f.endsWith('.ts')).sort();
    for (const file of strategies) {
      const p = path.join(ROOT, 'strategies', file);
      const market = MARKET_OF[file] ?? [];
      for (const fill of FILLS) emit(`demo daily ${fill} ${file}`, backtest(tmp.dir, `${file}-${fill}`, [p, ...market, '--fill', fill]));
      emit(`demo minute next-close ${file}`, backtest(tmp.dir, `${file}-minute`, [p, ...market, '--frequency', 'minute']));
    }
    const extra = { 'bench-sma15.ts': SMA15, 'bench-rebalance.ts': REBALANCE };
    for (const [name, code] of Object.entries(extra)) {
      const p = path.join(tmp.dir, name);
      writeFileSync(p, code);
      for (const fill of FILLS) emit(`demo daily ${fill} ${name}`, backtest(tmp.dir, `${name}-${fill}`, [p, '--fill', fill]));
      emit(`demo minute next-close ${name}`, backtest(tmp.dir, `${name}-minute`, [p, '--frequency', 'minute']));
    }
    // golden: generated round trip, each fill policy
    const csv = path.join(tmp.dir, 'TEST.csv');
    writeFileSync(csv, ['date,open,high,low,close,volume', ...GENERATED_BARS.map(([d, o, c]) => `${d},${o},${c},${o},${c},1000`)].join('\n'));
    const rt = path.join(tmp.dir, 'round-trip.ts');
    writeFileSync(rt, ROUND_TRIP);
    ok(runCli(['--bundles-dir', tmp.dir, 'ingest', '-b', 'gen', '--source', 'csv', '--path', csv, '--calendar', 'XNYS']), 'gen ingest');
    for (const fill of FILLS) {
      emit(`golden generated ${fill}`, backtest(tmp.dir, `gen-${fill}`, [rt, '-b', 'gen', '--fill', fill, '--capital', '10000', '--benchmark', 'none']));
    }
    // golden: backtrader SMA crossover
    const DATA = 'backtrader/2006-day-001.txt';
    if (hasSharedData(DATA)) {
      ok(runCli(['--bundles-dir', tmp.dir, 'ingest', '-b', 'bt', '--source', 'csv', '--path', sharedData(DATA), '--calendar', 'data']), 'bt ingest');
      const strategy = path.join(ROOT, 'test', 'golden', 'strategies', 'backtrader-sma-cross.ts');
      for (const fill of FILLS) {
        emit(`golden backtrader ${fill}`, backtest(tmp.dir, `bt-${fill}`, [
          strategy, '-b', 'bt', '--capital', '10000', '--fill', fill, '--benchmark', 'none', '--param', 'symbol=2006-DAY-001',
        ]));
      }
    } else {
      process.stderr.write(`skipping the backtrader golden case: ../shared/data/${DATA} is absent\n`);
    }
  } finally {
    tmp.remove();
  }
  const all = createHash('sha256').update(lines.join('\n')).digest('hex');
  process.stdout.write(`${all}  ALL\n`);
}

void main();
