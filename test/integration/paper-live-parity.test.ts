import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { backtestReader } from '../../src/runtime/backtest-reader.js';
import { runLive } from '../../src/runtime/live.js';
import { loadStrategy } from '../../src/runtime/load-strategy.js';
import { runPaper } from '../../src/runtime/paper.js';
import { OPEN_MS, TRADE_DAY, aaaClose, driveSession, manualSim, simTime, testLogger, useLiveBundle } from './live-harness.js';

const live = useLiveBundle('ziplime-parity-');

const trades = (r: RunResult) => r.transactions.map((t) => ({ symbol: t.symbol, amount: t.amount, price: Math.round(t.price * 1e6) / 1e6 }));
const orders = (r: RunResult) => r.orders.map((o) => ({ createdAt: o.createdAt, symbol: o.symbol, amount: o.amount, filled: o.filled }));
const ends = (r: RunResult) => r.positions.map((p) => ({ symbol: p.symbol, amount: p.amount }));

/** The first minute (index in the trade day) whose bar makes the 5-minute mean of AAA exceed the 20-minute one. */
function firstBuyMinute(): number {
  const mean = (from: number, n: number) => { let s = 0; for (let k = from - n + 1; k <= from; k++) s += aaaClose(k); return s / n; };
  for (let m = 0; m < 390; m++) if (mean(390 + m, 5) > mean(390 + m, 20)) return m;
  return -1;
}

describe('the same strategy over the same replayed day', () => {
  let backtest: RunResult;

  beforeAll(async () => {
    const strategy = await loadStrategy(live.strategyFile);
    const run = await backtestReader({
      reader: live.reader, strategy, start: TRADE_DAY, end: TRADE_DAY, capital: 100_000, frequency: 'minute', fill: 'next-close', benchmark: 'none', logger: testLogger(),
    });
    expect(run.error).toBeNull();
    backtest = run.result;
  });

  it('backtest: the first order is the first crossing, computed by hand from the bars', () => {
    const m = firstBuyMinute();
    expect(m).toBeGreaterThanOrEqual(0);
    const first = backtest.orders[0]!;
    // decided on the bar of minute m, which is complete (and the event fires) at open + (m+1) minutes
    expect(Date.parse(first.createdAt)).toBe(OPEN_MS + (m + 1) * 60_000);
    // 50 % of 100 000 at that bar's close, whole shares
    expect(first.amount).toBe(Math.floor(50_000 / aaaClose(390 + m)));
    // filled on the next bar at its close plus 5 bp of slippage
    expect(backtest.transactions[0]!.price).toBeCloseTo(aaaClose(390 + m + 1) * 1.0005, 9);
    expect(backtest.orders.length).toBeGreaterThan(4);
  });

  it('paper against the simulator: same orders, fills and end positions as the backtest', async () => {
    const sim = await manualSim(live.reader);
    try {
      const { outcome } = await driveSession(sim, (onReady) => runPaper({
        strategyFile: live.strategyFile, bundlesDir: live.bundlesDir, bundle: 'live', frequency: 'minute', onExit: 'cancel',
        logger: testLogger(), sessions: 1, feed: 'alpaca', capital: 100_000, fill: 'next-close', benchmark: 'none', env: sim.env, time: simTime(sim),
        stateDir: path.join(live.dir, 'state-paper'), barGraceSeconds: 30, onReady,
      }));
      expect(outcome.error).toBeNull();
      expect(orders(outcome.result)).toEqual(orders(backtest));
      expect(trades(outcome.result)).toEqual(trades(backtest));
      expect(ends(outcome.result)).toEqual(ends(backtest));
      expect(outcome.result.summary.endingValue).toBeCloseTo(backtest.summary.endingValue, 6);
    } finally {
      await sim.close();
    }
  });

  it('live against the simulator: same orders, fills and end positions; books equal the broker', async () => {
    const sim = await manualSim(live.reader);
    try {
      const { outcome } = await driveSession(sim, (onReady) => runLive({
        strategyFile: live.strategyFile, bundlesDir: live.bundlesDir, bundle: 'live', frequency: 'minute', onExit: 'cancel',
        logger: testLogger(), sessions: 1, broker: 'alpaca', benchmark: 'none', env: sim.env, time: simTime(sim),
        stateDir: path.join(live.dir, 'state-live'), barGraceSeconds: 30, onReady,
      }));
      expect(outcome.error).toBeNull();
      const strip = (xs: ReturnType<typeof orders>) => xs.map(({ symbol, amount, filled }) => ({ symbol, amount, filled }));
      expect(strip(orders(outcome.result))).toEqual(strip(orders(backtest)));
      expect(trades(outcome.result)).toEqual(trades(backtest));
      expect(outcome.finalDifferences).toEqual([]);
      const positions = await (await fetch(`${sim.baseUrl}/v2/positions`, { headers: { 'APCA-API-KEY-ID': 'test', 'APCA-API-SECRET-KEY': 'test' } })).json() as { symbol: string; qty: string }[];
      expect(positions.map((p) => ({ symbol: p.symbol, amount: Number(p.qty) }))).toEqual(ends(backtest));
    } finally {
      await sim.close();
    }
  });
});
