/**
 * A pipeline in paper trading is computed like the backtest's: from the history bundle plus the
 * bars received since, up to the previous session's close. The paper session's history bundle
 * ends three sessions before the trade day; the simulator (over loopback) holds those sessions'
 * minute bars, which the session backfills over REST and turns into days. The pipeline's output
 * on the trade day must equal the backtest's on a bundle holding every day, and the hand-computed
 * values of its windows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../src/data/registry.js';
import { AverageDollarVolume, EquityPricing, Pipeline, Returns, SimpleMovingAverage } from '../../src/pipeline/index.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import { backtestReader } from '../../src/runtime/backtest-reader.js';
import { runIngest } from '../../src/runtime/ingest.js';
import { loadStrategy } from '../../src/runtime/load-strategy.js';
import { runPaper } from '../../src/runtime/paper.js';
import { tempDir } from '../helpers/temp-dir.js';
import { TRADE_DAY, driveSession, manualSim, simTime, testLogger, writeStrategy } from './live-harness.js';

/** XNYS sessions before the trade day (2024-10-01); the last three are only in the simulator's bundle. */
const HISTORY = ['2024-09-16', '2024-09-17', '2024-09-18', '2024-09-19', '2024-09-20', '2024-09-23', '2024-09-24', '2024-09-25'];
const GAP = ['2024-09-26', '2024-09-27', '2024-09-30'];
const SYMBOLS = ['AAA', 'BBB', 'CCC'];
const MINUTES = 390;

/** Close of a symbol at minute m of day d (d indexes HISTORY ++ GAP ++ [TRADE_DAY]). */
const closeAt = (s: number, d: number, m: number) => Math.round((50 + 10 * s + 3 * Math.sin(d * 1.7 + s) + m / 400 + ((d * 7 + s * 3) % 5) / 10) * 100) / 100;
const volumeAt = (s: number, d: number, m: number) => 100 + ((m * 13 + d * 7 + s * 29) % 50);

/** Minute m of day d: opens at the previous minute's close, high/low 5 cents beyond. */
function minuteBar(s: number, d: number, m: number): { open: number; high: number; low: number; close: number; volume: number } {
  const close = closeAt(s, d, m);
  const open = m === 0 ? close : closeAt(s, d, m - 1);
  const cents = (x: number) => Math.round(x * 100) / 100;
  return { open, high: cents(Math.max(open, close) + 0.05), low: cents(Math.min(open, close) - 0.05), close, volume: volumeAt(s, d, m) };
}

/** The day's bar as made from its minutes: first open, max high, min low, last close, summed volume. */
function dayBar(s: number, d: number): { open: number; high: number; low: number; close: number; volume: number } {
  let high = -Infinity, low = Infinity, volume = 0;
  for (let m = 0; m < MINUTES; m++) {
    const b = minuteBar(s, d, m);
    high = Math.max(high, b.high);
    low = Math.min(low, b.low);
    volume += b.volume;
  }
  return { open: minuteBar(s, d, 0).open, high, low, close: closeAt(s, d, MINUTES - 1), volume };
}

const DAYS = [...HISTORY, ...GAP, TRADE_DAY];

/** csvdir of `days` as daily bars, plus the minute bars of `minuteDays`; ingested as `name`. */
async function ingest(dir: string, name: string, days: readonly string[], minuteDays: readonly string[]): Promise<void> {
  const root = path.join(dir, `csv-${name}`);
  for (const folder of ['daily', ...(minuteDays.length ? ['minute'] : [])]) mkdirSync(path.join(root, folder), { recursive: true });
  SYMBOLS.forEach((symbol, s) => {
    const daily = ['date,open,high,low,close,volume'];
    for (const day of days) {
      const b = dayBar(s, DAYS.indexOf(day));
      daily.push(`${day},${b.open},${b.high},${b.low},${b.close},${b.volume}`);
    }
    writeFileSync(path.join(root, 'daily', `${symbol}.csv`), `${daily.join('\n')}\n`);
    if (minuteDays.length === 0) return;
    const minute = ['date,open,high,low,close,volume'];
    for (const day of minuteDays) {
      const d = DAYS.indexOf(day);
      for (let m = 0; m < MINUTES; m++) {
        const hh = 9 + Math.floor((30 + m) / 60), mm = (30 + m) % 60;
        const b = minuteBar(s, d, m);
        minute.push(`${day} ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00,${b.open},${b.high},${b.low},${b.close},${b.volume}`);
      }
    }
    writeFileSync(path.join(root, 'minute', `${symbol}.csv`), `${minute.join('\n')}\n`);
  });
  await runIngest({ bundlesDir: path.join(dir, 'bundles'), bundle: name, source: 'csvdir', path: root });
}

/**
 * The strategy records each session's output; its pipeline comes from the test (a strategy file
 * imports the built package, the engine under test is this source tree's).
 */
const STRATEGY = `
import { defineStrategy } from 'ziplime';
export default defineStrategy({
  initialize(ctx) {
    ctx.attachPipeline(globalThis.__makePipeline(), 'p');
  },
  async beforeTradingStart(ctx) {
    const f = await ctx.pipelineOutput('p');
    globalThis.__pipelineOutputs.push({ session: f.session, symbols: f.assets.map((a) => a.symbol), columns: Object.fromEntries(Object.entries(f.columns).map(([k, v]) => [k, Array.from(v)])) });
  },
  handleData() {},
});
`;

function makePipeline(): Pipeline {
  const ret = new Returns({ windowLength: 4 });
  return new Pipeline({ columns: {
    sma3: new SimpleMovingAverage({ inputs: [EquityPricing.close], windowLength: 3 }),
    ret, rank: ret.rank(), adv: new AverageDollarVolume({ windowLength: 3 }), volume: EquityPricing.volume.latest,
  } });
}

type Output = { session: string; symbols: string[]; columns: Record<string, number[]> };
const shared = globalThis as { __pipelineOutputs?: Output[]; __makePipeline?: () => Pipeline };
const outputs = () => shared.__pipelineOutputs!;

describe('pipeline output in paper trading (bundle + live history) equals the backtest', () => {
  const tmp = tempDir('ziplime-paper-pipeline-');
  let full: BundleReader;
  let strategyFile = '';
  beforeAll(async () => {
    shared.__pipelineOutputs = [];
    shared.__makePipeline = makePipeline;
    // the simulator's bundle: every day, minutes of the gap and the trade day
    await ingest(tmp.dir, 'full', DAYS, [...GAP, TRADE_DAY]);
    // the paper session's history bundle: daily bars up to three sessions before the trade day
    await ingest(tmp.dir, 'hist', HISTORY, []);
    full = await openBundle(path.join(tmp.dir, 'bundles'), 'full');
    strategyFile = writeStrategy(tmp.dir, 'pipeline-paper', STRATEGY);
  });
  afterAll(async () => {
    delete shared.__pipelineOutputs;
    delete shared.__makePipeline;
    await full?.close();
    tmp.remove();
  });

  it('same assets and values on the trade day; windows computed by hand', async () => {
    outputs().length = 0;
    const run = await backtestReader({
      reader: full, strategy: await loadStrategy(strategyFile), start: TRADE_DAY, end: TRADE_DAY, capital: 100_000,
      frequency: 'minute', fill: 'next-close', benchmark: 'none', logger: testLogger(),
    });
    expect(run.error).toBeNull();
    const backtest = outputs().splice(0);
    expect(backtest.map((o) => o.session)).toEqual([TRADE_DAY]);

    const sim = await manualSim(full);
    try {
      const { outcome } = await driveSession(sim, (onReady) => runPaper({
        strategyFile, bundlesDir: path.join(tmp.dir, 'bundles'), bundle: 'hist', frequency: 'minute', onExit: 'cancel',
        logger: testLogger(), sessions: 1, feed: 'alpaca', capital: 100_000, fill: 'next-close', benchmark: 'none', env: sim.env, time: simTime(sim),
        stateDir: path.join(tmp.dir, 'state'), barGraceSeconds: 30, onReady,
      }));
      expect(outcome.error).toBeNull();
    } finally {
      await sim.close();
    }
    const paper = outputs().splice(0);
    expect(paper).toEqual(backtest);

    // by hand: the trade day sees the three gap days (live history) and, for Returns(4), the
    // bundle's last day before them
    const o = paper[0]!;
    expect(o.symbols).toEqual(SYMBOLS);
    const g = GAP.map((d) => DAYS.indexOf(d));
    const last = DAYS.indexOf(HISTORY.at(-1)!);
    SYMBOLS.forEach((_, s) => {
      const closes = g.map((d) => dayBar(s, d).close);
      expect(o.columns.sma3![s]).toBeCloseTo((closes[0]! + closes[1]! + closes[2]!) / 3, 10);
      expect(o.columns.ret![s]).toBeCloseTo((closes[2]! - dayBar(s, last).close) / dayBar(s, last).close, 12);
      expect(o.columns.adv![s]).toBeCloseTo(g.reduce((t, d) => t + dayBar(s, d).close * dayBar(s, d).volume, 0) / 3, 6);
      expect(o.columns.volume![s]).toBe(dayBar(s, g[2]!).volume);
    });
    const rets = o.columns.ret!;
    const ranks = rets.map((r) => 1 + rets.filter((x) => x < r).length);
    expect(o.columns.rank).toEqual(ranks);
  }, 120_000);
});
