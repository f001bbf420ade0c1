/**
 * Minute scale (issue 11): 50 assets × 10 years of XNYS minute bars (≈ 49 M bars) run through a
 * light minute strategy. The bundle is generated once (a tiny ingest for the assets and metadata,
 * then the bars written by DuckDB itself) and cached in `ZIPLIME_BENCH_CACHE` (default: a folder
 * in the temp dir). Reports asset-bars/s through the loop (from the first bar to the last, data
 * loading of later chunks included), peak RSS and RSS at 25/50/75/100 % of the sessions.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getCalendar } from '../../src/calendar/index.js';
import { openDatabase } from '../../src/data/duckdb.js';
import { newestVersionPath } from '../../src/data/registry.js';
import { isoUtc } from '../../src/core/time.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/shared-data.js';
import type { BenchRow } from './types.js';

const ASSETS = 50;
const SESSIONS = 2_520;
const FIRST_DAY = '2010-01-04';
const BUNDLE = 'minute50';
/** Changes when the generated data would change: a cached bundle with another stamp is made again. */
const STAMP = `v1 ${ASSETS}x${SESSIONS} from ${FIRST_DAY}`;

/** Reads one asset's close each minute and keeps an EMA; at most one 1-share order a session, on a cross. */
const STRATEGY = `
import { defineStrategy } from 'ziplime';
export default defineStrategy({
  state: () => ({ asset: undefined, ema: NaN, above: false, session: '' }),
  async initialize(ctx) { ctx.state.asset = await ctx.symbol('S0'); },
  async handleData(ctx, data) {
    const s = ctx.state;
    const p = await data.current(s.asset, 'close');
    s.ema = s.ema !== s.ema ? p : s.ema + (p - s.ema) / 30;
    const above = p > s.ema;
    if (above !== s.above && ctx.session !== s.session) {
      s.session = ctx.session;
      s.above = above;
      await ctx.order(s.asset, above ? 1 : -1);
    }
  },
});
`;

const CHILD = `
const root = process.argv[2];
const { createLogger } = await import(root + '/dist/runtime/logging.js');
const { openBundle } = await import(root + '/dist/data/registry.js');
const { loadStrategy } = await import(root + '/dist/runtime/load-strategy.js');
const { backtestReader } = await import(root + '/dist/runtime/backtest-reader.js');
const [bundlesDir, bundle, file] = process.argv.slice(3);
const strategy = await loadStrategy(file);
let first = 0, last = 0, bars = 0;
const rss = [];
let next = 1;
const onProgress = (done, total, _session, assetBars) => {
  if (done === 1) first = performance.now();
  if (done === total) { last = performance.now(); bars = assetBars; }
  while (next <= 4 && done >= Math.ceil((total * next) / 4)) { rss.push(process.memoryUsage().rss); next++; }
};
const reader = await openBundle(bundlesDir, bundle);
const { result, error } = await backtestReader({ reader, strategy, capital: 1e7, frequency: 'minute', fill: 'next-close', benchmark: 'none', logger: createLogger({ level: 'silent' }), onProgress });
await reader.close();
if (error) throw error;
process.stdout.write(JSON.stringify({ loopMs: last - first, bars, rss, orders: result.summary.orders, maxRssKb: process.resourceUsage().maxRSS }));
`;

function cacheDir(): string {
  return process.env.ZIPLIME_BENCH_CACHE ?? path.join(os.tmpdir(), `ziplime-bench-cache-${process.getuid?.() ?? 'user'}`);
}

/** Makes the minute bundle in `dir` unless a complete one with the current stamp is there. */
async function minuteBundle(dir: string): Promise<void> {
  const stampFile = path.join(dir, `${BUNDLE}.stamp`);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === STAMP) return;
  rmSync(path.join(dir, BUNDLE), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const cal = getCalendar('XNYS');
  const s0 = cal.sessionOnOrAfter(FIRST_DAY), s1 = s0 + SESSIONS - 1;
  // A first and a last bar per asset: the ingest writes the assets (with their dates) and the metadata.
  const lastMinute = cal.closes[s1]! - 60_000;
  const csv = path.join(dir, `${BUNDLE}.csv`);
  const rows = ['symbol,timestamp,open,high,low,close,volume'];
  for (let a = 0; a < ASSETS; a++) for (const t of [cal.opens[s0]!, lastMinute]) rows.push(`S${a},${isoUtc(t)},50,50,50,50,1000`);
  writeFileSync(csv, rows.join('\n'));
  const r = runCli(['--bundles-dir', dir, 'ingest', '-b', BUNDLE, '--source', 'csv', '--path', csv, '--calendar', 'XNYS'], { timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`minute bundle ingest failed: ${r.stderr}`);
  const db = await openDatabase(await newestVersionPath(dir, BUNDLE));
  try {
    await db.conn.run('CREATE TEMP TABLE sess (i INTEGER, open_ms BIGINT, minutes INTEGER)');
    const values: string[] = [];
    for (let i = s0; i <= s1; i++) values.push(`(${i - s0}, ${cal.opens[i]}, ${cal.minutesInSession(i)})`);
    for (let i = 0; i < values.length; i += 500) await db.conn.run(`INSERT INTO sess VALUES ${values.slice(i, i + 500).join(', ')}`);
    await db.conn.run('DELETE FROM minute_bars');
    for (let a = 0; a < ASSETS; a++) {
      const sid = `(SELECT sid FROM assets WHERE symbol = 'S${a}')`;
      // A smooth walk in cents: every asset, every session minute.
      await db.conn.run(`INSERT INTO minute_bars
        SELECT ${sid}, timezone('UTC', make_timestamp((open_ms + k * 60000) * 1000)), p, p + 0.05, p - 0.05, p, 1000
        FROM (SELECT open_ms, k, round(50 + ${a} + 8 * sin((i * 390 + k) / ${97 + a}.0) + 3 * cos((i * 390 + k) / 1301.0), 2) AS p
              FROM (SELECT i, open_ms, unnest(range(minutes)) AS k FROM sess))
        ORDER BY 2`);
    }
    await db.conn.run('CHECKPOINT');
  } finally {
    db.close();
  }
  rmSync(csv, { force: true });
  writeFileSync(stampFile, STAMP);
}

/** Runs the minute benchmark. */
export async function run(): Promise<BenchRow[]> {
  const dir = cacheDir();
  await minuteBundle(dir);
  const strategy = path.join(dir, 'minute-ema.ts');
  writeFileSync(strategy, STRATEGY);
  const script = path.join(dir, 'minute-child.mjs');
  writeFileSync(script, CHILD);
  const r = spawnSync(process.execPath, [script, ROOT, dir, BUNDLE, strategy], { cwd: ROOT, encoding: 'utf8', timeout: 1_800_000 });
  if (r.status !== 0) throw new Error(`minute run failed: ${r.stderr}`);
  const run = JSON.parse(r.stdout) as { loopMs: number; bars: number; rss: number[]; orders: number; maxRssKb: number };
  const mb = (b: number) => Math.round(b / 2 ** 20);
  const [q1, , , q4] = run.rss;
  const drift = q1 && q4 ? (q4 / q1 - 1) * 100 : NaN;
  return [
    {
      benchmark: `engine, ${ASSETS} assets × ${SESSIONS.toLocaleString('en-US')} sessions of minute bars (${(run.bars / 1e6).toFixed(1)} M asset-bars, ${run.orders.toLocaleString('en-US')} orders), through the loop`,
      value: (run.bars / run.loopMs) * 1000, unit: 'asset-bars/s', target: '≥ 3,000,000 asset-bars/s',
    },
    {
      benchmark: 'peak RSS of that run; RSS at 25/50/75/100 % of the sessions',
      value: run.maxRssKb / 1024, unit: 'MB', ratio: `${run.rss.map(mb).join(' / ')} MB (last vs first quarter ${drift >= 0 ? '+' : ''}${drift.toFixed(1)} %)`,
      target: '≤ 1,536 MB, flat within 10 %',
    },
  ];
}
