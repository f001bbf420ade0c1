import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlpacaSim } from '../../src/alpaca-sim/index.js';
import type { LiveSessionHandle, LiveSessionOutcome } from '../../src/live/live-session.js';
import { runLive, type LiveOptions } from '../../src/runtime/live.js';
import { runPaper, type PaperOptions } from '../../src/runtime/paper.js';
import { OPEN_MS, aaaClose, lockstep, manualSim, simTime, testLogger, until, useLiveBundle, venueAccount } from './live-harness.js';

/** Holds `target` of the portfolio in AAA, re-sized on every tradable bar; no commission. */
const TARGET_STRATEGY = `
import { commission, defineStrategy, z } from 'ziplime';
export default defineStrategy({
  params: z.object({ target: z.number() }),
  state: () => ({ asset: undefined }),
  async initialize(ctx) {
    ctx.state.asset = await ctx.symbol('AAA');
    ctx.setCommission(commission.none());
  },
  async handleData(ctx, data) {
    const a = ctx.state.asset;
    if (!data.canTrade(a) || ctx.getOpenOrders(a).length > 0) return;
    await ctx.orderTargetPercent(a, ctx.params.target);
  },
});
`;

const live = useLiveBundle('ziplime-restart-books-', { name: 'target', source: TARGET_STRATEGY });
const TRADE_DAY_MINUTE0 = 390; // aaaClose index of the trade day's first minute

async function venueBooks(sim: AlpacaSim): Promise<{ cash: number; equity: number; qty: number; price: number }> {
  const { cash, equity, positions, prices } = await venueAccount(sim);
  return { cash, equity, qty: positions.find(([symbol]) => symbol === 'AAA')?.[1] ?? 0, price: prices.get('AAA') ?? NaN };
}

/** AAA's close of the minute before `dt` (the last complete bar a strategy sees at `dt`). */
const closeBefore = (dt: number) => aaaClose(TRADE_DAY_MINUTE0 + (dt - OPEN_MS) / 60_000 - 1);

/** Shares `orderTargetPercent(target)` orders with `value` of portfolio, `held` shares, at `price` (whole shares, toward zero). */
const targetOrder = (target: number, value: number, price: number, held: number) => Math.trunc(target * value / price - held);

type Start = (target: number, onReady: (h: LiveSessionHandle) => void) => Promise<LiveSessionOutcome>;

/**
 * First process: buys half the portfolio in AAA and stops once that is filled. Second process on
 * the same state folder: the books it starts from, and its first order sizing the position down
 * to a quarter.
 */
async function restartWithPosition(sim: AlpacaSim, start: Start) {
  let first: LiveSessionHandle | undefined;
  let stopped = false;
  const running = start(0.5, (h) => { first = h; });
  await lockstep(sim, () => first, OPEN_MS + 60 * 60_000, () => {
    const held = first!.engine.ledger.positions.size > 0;
    if (!stopped && held && first!.engine.orders.openOrderCount === 0) {
      stopped = true;
      first!.stop('test stop');
    }
  }, () => stopped);
  expect(stopped).toBe(true);
  const before = await running;
  expect(before.error).toBeNull();

  let second: LiveSessionHandle | undefined;
  let ready: { value: number; positionsValue: number; cash: number; held: number } | undefined;
  const again = start(0.25, (h) => {
    second = h;
    const l = h.engine.ledger;
    ready = { value: l.portfolioValue, positionsValue: l.positionsValue, cash: l.cash, held: [...l.positions.values()][0]?.amount ?? 0 };
  });
  let ordered = false;
  await lockstep(sim, () => second, OPEN_MS + 120 * 60_000, () => {
    ordered = second!.engine.orders.orders.size > 0;
    if (ordered) second!.stop('test stop');
  }, () => ordered);
  await until(() => ordered, 'the second process to place an order', 1);
  const after = await again;
  expect(after.error).toBeNull();
  return { before, ready: ready!, after };
}

function liveOptions(sim: AlpacaSim, stateDir: string, target: number, onReady: (h: LiveSessionHandle) => void): LiveOptions {
  return {
    strategyFile: live.strategyFile, bundlesDir: live.bundlesDir, bundle: 'live', frequency: 'minute', onExit: 'cancel', params: [`target=${target}`],
    logger: testLogger(), sessions: 1, broker: 'alpaca', benchmark: 'none', env: sim.env, time: simTime(sim), stateDir, barGraceSeconds: 30, onReady,
    restOptions: { rateLimit: false, backoff: { initialMs: 10, maxMs: 50, jitter: 0 } },
  };
}

function paperOptions(sim: AlpacaSim, stateDir: string, target: number, onReady: (h: LiveSessionHandle) => void): PaperOptions {
  return {
    strategyFile: live.strategyFile, bundlesDir: live.bundlesDir, bundle: 'live', frequency: 'minute', onExit: 'cancel', params: [`target=${target}`],
    logger: testLogger(), sessions: 1, feed: 'alpaca', capital: 100_000, fill: 'next-close', benchmark: 'none', env: sim.env, time: simTime(sim),
    stateDir, barGraceSeconds: 30, onReady,
  };
}

describe('books after a restart with a position held', () => {
  it('live: the broker\'s position is valued, and orderTargetPercent sizes from the whole portfolio', async () => {
    const sim = await manualSim(live.reader);
    try {
      const stateDir = path.join(live.dir, 'live-state');
      let atRestart: Awaited<ReturnType<typeof venueBooks>> | undefined;
      const { ready, after } = await restartWithPosition(sim, async (target, onReady) => {
        if (target === 0.25) atRestart = await venueBooks(sim);
        return runLive(liveOptions(sim, stateDir, target, onReady));
      });
      const venue = atRestart!;
      expect(venue.qty).toBeGreaterThan(0);
      // set from the broker: its cash, its shares at its price, its equity
      expect(ready.held).toBe(venue.qty);
      expect(ready.cash).toBeCloseTo(venue.cash, 6);
      expect(ready.positionsValue).toBeCloseTo(venue.qty * venue.price, 6);
      expect(ready.value).toBeCloseTo(venue.equity, 6);
      // the first order takes the position from a half to a quarter of the whole portfolio
      const order = after.result.orders[0]!;
      const price = closeBefore(Date.parse(order.createdAt));
      const expected = targetOrder(0.25, venue.cash + venue.qty * price, price, venue.qty);
      expect(expected).toBeLessThan(-venue.qty / 3);
      expect(Math.abs(order.amount - expected)).toBeLessThanOrEqual(1);
    } finally {
      await sim.close();
    }
  }, 60_000);

  it('paper: the journaled position is valued, and orderTargetPercent sizes from the whole portfolio', async () => {
    const sim = await manualSim(live.reader);
    try {
      const stateDir = path.join(live.dir, 'paper-state');
      const { before, ready, after } = await restartWithPosition(sim, (target, onReady) => runPaper(paperOptions(sim, stateDir, target, onReady)));
      const held = before.summary.positions[0]!;
      expect(held.symbol).toBe('AAA');
      expect(ready.held).toBe(held.amount);
      expect(ready.cash).toBeCloseTo(before.summary.cash, 6);
      expect(ready.positionsValue).toBeGreaterThan(0.4 * 100_000);
      const order = after.result.orders[0]!;
      const price = closeBefore(Date.parse(order.createdAt));
      const expected = targetOrder(0.25, before.summary.cash + held.amount * price, price, held.amount);
      expect(expected).toBeLessThan(-held.amount / 3);
      expect(Math.abs(order.amount - expected)).toBeLessThanOrEqual(1);
    } finally {
      await sim.close();
    }
  }, 60_000);
});
