/**
 * The live order path against the local simulator (manual time, loopback):
 * 1. from a minute's bar frame reaching the market-data listener to the order's POST leaving
 *    (the call to `fetch`), p50 and p99 — the clock, engine, market data, journal write and the
 *    adapter included; the same path with the journal's (background) fsync turned off shows its cost;
 * 2. the same strategy's cost per bar in paper mode (the engine's time per clock event) vs the
 *    backtest over the same bars.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { pino } from 'pino';
import { startAlpacaSim } from '../../src/alpaca-sim/index.js';
import { AlpacaBroker } from '../../src/adapters/alpaca/alpaca-broker.js';
import { AlpacaFeed } from '../../src/adapters/alpaca/alpaca-feed.js';
import { resolveAlpacaConfig } from '../../src/adapters/alpaca/config.js';
import { openBundle } from '../../src/data/registry.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import { backtestReader } from '../../src/runtime/backtest-reader.js';
import { venueBooks } from '../../src/live/books-policy.js';
import { runLiveSession, type LiveSessionHandle } from '../../src/live/live-session.js';
import { PolledTimeSource } from '../../src/live/time-source.js';
import { loadStrategy } from '../../src/runtime/load-strategy.js';
import { runPaper } from '../../src/runtime/paper.js';
import { tempDir } from '../helpers/temp-dir.js';
import { SMA_MINUTE_STRATEGY, TRADE_DAY, driveSession, ingestLiveBundle, manualSim, simTime, writeStrategy } from '../integration/live-harness.js';
import type { BenchRow } from './types.js';

/** Buys one share on even minutes and sells it on odd ones: one POST per bar. */
const EVERY_BAR = `
import { defineStrategy } from 'ziplime';
export default defineStrategy({
  state: () => ({ asset: undefined, n: 0 }),
  async initialize(ctx) { ctx.state.asset = await ctx.symbol('AAA'); },
  async handleData(ctx, data) {
    if (!data.canTrade(ctx.state.asset)) return;
    await ctx.order(ctx.state.asset, ctx.state.n++ % 2 === 0 ? 1 : -1);
  },
});
`;

const silent = pino({ level: 'silent' });
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** Bar frame → POST latencies (ms) of `minutes` bars of a live session on the simulator. */
async function frameToPost(reader: BundleReader, dir: string, bundlesDir: string, minutes: number, fsync: boolean): Promise<number[]> {
  const sim = await startAlpacaSim({ reader, speed: 0, start: '2024-10-01T13:29:00Z' });
  const config = resolveAlpacaConfig({}, sim.env);
  const strategy = await loadStrategy(writeStrategy(dir, 'every-bar', EVERY_BAR));
  const latencies: number[] = [];
  let frameAt = NaN;
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    if (init?.method === 'POST' && String(input).endsWith('/v2/orders') && !Number.isNaN(frameAt)) {
      latencies.push(performance.now() - frameAt);
      frameAt = NaN;
    }
    return realFetch(input, init);
  }) as typeof fetch;
  let handle: LiveSessionHandle | undefined;
  const feed = new AlpacaFeed({ config, logger: silent, now: () => sim.admin.now() });
  feed.onBar(() => { if (Number.isNaN(frameAt)) frameAt = performance.now(); });
  try {
    const running = runLiveSession({
      mode: 'live', strategy, reader, frequency: 'minute', fill: 'next-close', feed, time: new PolledTimeSource(() => sim.admin.now(), 1),
      brokerLabel: 'alpaca-sim', account: 'bench', stateDir: path.join(dir, `state-${fsync}`), onExit: 'cancel', logger: silent,
      benchmark: 'none', barGraceMs: 30_000, maxSessions: 1, onReady: (h) => { handle = h; },
      makeBroker: ({ assetOf }) => {
        const broker = new AlpacaBroker({ config, logger: silent, resolveAsset: assetOf, rest: { rateLimit: false } });
        return { broker, books: venueBooks(broker) };
      },
    });
    if (!fsync) patchFsync(true);
    for (let i = 0; i < minutes + 2; i++) {
      await sim.admin.advance(1);
      const target = sim.admin.now();
      for (let w = 0; w < 5_000 && !(handle && handle.clock.nextDue > target); w++) await new Promise((r) => setTimeout(r, 1));
    }
    handle!.stop('benchmark done');
    await running;
  } finally {
    patchFsync(false);
    globalThis.fetch = realFetch;
    await sim.close();
  }
  return latencies;
}

const realFsync = fs.fsyncSync;
/** Turns the journal's fsync into a no-op while `on` (to show its share of the latency). */
function patchFsync(on: boolean): void {
  fs.fsyncSync = on ? () => {} : realFsync;
  syncBuiltinESMExports();
}

/** Paper cost per bar (engine time per clock event) vs the backtest's over the same 390 minutes. */
async function perBar(reader: BundleReader, dir: string, bundlesDir: string): Promise<{ paper: number; backtest: number }> {
  const file = writeStrategy(dir, 'sma-minute', SMA_MINUTE_STRATEGY);
  const strategy = await loadStrategy(file);
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await backtestReader({ reader, strategy, start: TRADE_DAY, end: TRADE_DAY, capital: 100_000, frequency: 'minute', fill: 'next-close', benchmark: 'none', logger: silent });
    runs.push((performance.now() - t) / 392);
  }
  const sim = await manualSim(reader);
  try {
    const { handle } = await driveSession(sim, (onReady) => runPaper({
      strategyFile: file, bundlesDir, bundle: 'live', frequency: 'minute', onExit: 'cancel', logger: silent, sessions: 1,
      feed: 'alpaca', capital: 100_000, fill: 'next-close', benchmark: 'none', env: sim.env, time: simTime(sim),
      stateDir: path.join(dir, 'state-paper'), barGraceSeconds: 30, onReady,
    }));
    return { paper: handle.clock.busyMs / 392, backtest: quantile(runs, 0.5) };
  } finally {
    await sim.close();
  }
}

export async function run(): Promise<BenchRow[]> {
  const tmp = tempDir('ziplime-live-bench-');
  const { bundlesDir } = await ingestLiveBundle(tmp.dir);
  const reader = await openBundle(bundlesDir, 'live');
  try {
    const withFsync = await frameToPost(reader, tmp.dir, bundlesDir, 200, true);
    const noFsync = await frameToPost(reader, tmp.dir, bundlesDir, 200, false);
    const cost = await perBar(reader, tmp.dir, bundlesDir);
    const p50 = quantile(withFsync, 0.5), p99 = quantile(withFsync, 0.99);
    return [
      { benchmark: `live: bar frame → order POST, p50 (${withFsync.length} bars, journal fsync included)`, value: p50, unit: 'ms', ratio: `${(p50 / 1).toFixed(2)}× the 1 ms target`, target: 'p50 < 1 ms' },
      { benchmark: 'live: bar frame → order POST, p99', value: p99, unit: 'ms', ratio: `${(p99 / 5).toFixed(2)}× the 5 ms target`, target: 'p99 < 5 ms' },
      { benchmark: 'live: bar frame → order POST with the journal fsync turned off, p50 / p99', value: quantile(noFsync, 0.5), unit: `ms (p99 ${quantile(noFsync, 0.99).toFixed(3)} ms)`, ratio: `with the fsync: ${(p50 / quantile(noFsync, 0.5)).toFixed(2)}× this` },
      { benchmark: 'paper: engine time per minute bar (SMA strategy)', value: cost.paper * 1000, unit: 'µs/bar', ratio: `${(cost.paper / cost.backtest).toFixed(1)}× the backtest's ${(cost.backtest * 1000).toFixed(1)} µs/bar` },
    ];
  } finally {
    await reader.close();
    tmp.remove();
  }
}
