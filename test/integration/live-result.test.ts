import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LiveSessionHandle } from '../../src/live/live-session.js';
import { readJournal } from '../../src/live/journal.js';
import { runLive } from '../../src/runtime/live.js';
import {
  auditResult, auditVenue, driveSession, manualSim, OPEN_MS, simTime, testLogger, until, useLiveBundle, writeStrategy,
} from './live-harness.js';

const live = useLiveBundle('ziplime-live-result-');

/**
 * Buys 10 AAA on the first bar it can trade and does not wait for the order: the answer to the
 * submission comes back while the engine has moved on (a common way to write zipline strategies).
 */
const FIRE_AND_FORGET = `
import { defineStrategy } from 'ziplime';
export default defineStrategy({
  state: () => ({ asset: undefined, sent: false }),
  async initialize(ctx) { ctx.state.asset = await ctx.symbol('AAA'); },
  handleData(ctx, data) {
    if (ctx.state.sent || !data.canTrade(ctx.state.asset)) return;
    ctx.state.sent = true;
    void ctx.order(ctx.state.asset, 10);
  },
});
`;

/** Buys 10 AAA once, on the first bar it can trade. */
const BUY_ONCE = `
import { defineStrategy } from 'ziplime';
export default defineStrategy({
  state: () => ({ asset: undefined, sent: false }),
  async initialize(ctx) { ctx.state.asset = await ctx.symbol('AAA'); },
  async handleData(ctx, data) {
    if (ctx.state.sent || !data.canTrade(ctx.state.asset)) return;
    ctx.state.sent = true;
    await ctx.order(ctx.state.asset, 10);
  },
});
`;

const options = (stateDir: string, strategyFile: string, onReady: (h: LiveSessionHandle) => void, env: Record<string, string>, time: ReturnType<typeof simTime>) => ({
  strategyFile, bundlesDir: live.bundlesDir, bundle: 'live', frequency: 'minute' as const, onExit: 'cancel' as const,
  logger: testLogger(), sessions: 1, broker: 'alpaca' as const, benchmark: 'none', env, time,
  stateDir: path.join(live.dir, stateDir), barGraceSeconds: 30, onReady,
});

describe('a live session result is the complete audit of what it sent', () => {
  it('a whole replayed day: every venue order with its final status and filled shares, every execution, nothing else', async () => {
    const sim = await manualSim(live.reader);
    const venue = auditVenue(sim);
    try {
      const { outcome } = await driveSession(sim, (onReady) => runLive(options('state-day', live.strategyFile, onReady, sim.env, simTime(sim))));
      expect(outcome.error).toBeNull();
      const atVenue = new Set(venue.orders().map((o) => o.id));
      const audit = auditResult(outcome.result, (id) => atVenue.has(id));
      expect(venue.orders().length).toBeGreaterThan(10);
      expect(audit.orders).toEqual(venue.orders());
      // orders the venue refused at intake (wash-trade rule) never became venue orders: rejected, under their client order id
      for (const o of audit.notAtVenue) {
        expect(o.status).toBe('rejected');
        expect(sim.admin.venue.getByClientId(o.id)).toBeUndefined();
      }
      expect(audit.executions).toEqual(venue.executions());
      expect(outcome.result.summary.orders).toBe(outcome.result.orders.length);
      expect(outcome.result.summary.transactions).toBe(outcome.result.transactions.length);
      expect(outcome.finalDifferences).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('an order whose answer arrives after the last event is in the result and cancelled on exit', async () => {
    const sim = await manualSim(live.reader);
    const venue = auditVenue(sim);
    const strategyFile = writeStrategy(live.dir, 'fire-and-forget', FIRE_AND_FORGET);
    let handle: LiveSessionHandle | undefined;
    try {
      const running = runLive(options('state-late', strategyFile, (h) => { handle = h; }, sim.env, simTime(sim)));
      let failed: unknown;
      running.catch((err: unknown) => { failed = err; });
      await until(() => failed !== undefined || handle !== undefined, 'the session to start');
      await sim.admin.advanceTo(OPEN_MS);
      // every REST answer now takes 400 ms: the order's submission is still on its way when the session stops
      sim.admin.setFaults({ latencyMs: 400 });
      const intents = () => readJournal(handle!.journalFile).records.filter((r) => r.type === 'intent');
      for (let guard = 0; intents().length === 0 && guard < 30; guard++) {
        await sim.admin.advance(1);
        const target = sim.admin.now();
        await until(() => failed !== undefined || handle!.clock.nextDue > target, 'the minute to be processed');
      }
      expect(intents()).toHaveLength(1);
      handle!.stop('test stop');
      const outcome = await running;
      sim.admin.clearFaults();
      expect(outcome.error).toBeNull();
      const orders = venue.orders();
      expect(orders).toEqual([{ id: orders[0]!.id, status: 'cancelled', amount: 10, filled: 0 }]);
      const audit = auditResult(outcome.result, (id) => id === orders[0]!.id);
      expect(audit.orders).toEqual(orders);
      expect(audit.notAtVenue).toEqual([]);
      expect(audit.executions).toEqual([]);
      expect(outcome.summary.orders).toMatchObject({ placed: 1, cancelled: 1, open: 0 });
    } finally {
      await sim.close();
    }
  });

  it('an order filled while its trade update is lost: cancelling it on exit finds it filled, and its execution is fetched', async () => {
    const sim = await manualSim(live.reader);
    const venue = auditVenue(sim);
    const strategyFile = writeStrategy(live.dir, 'buy-once', BUY_ONCE);
    let handle: LiveSessionHandle | undefined;
    try {
      const running = runLive(options('state-lost-fill', strategyFile, (h) => { handle = h; }, sim.env, simTime(sim)));
      let failed: unknown;
      running.catch((err: unknown) => { failed = err; });
      await until(() => failed !== undefined || handle !== undefined, 'the session to start');
      await sim.admin.advanceTo(OPEN_MS);
      const step = async () => {
        await sim.admin.advance(1);
        const target = sim.admin.now();
        await until(() => failed !== undefined || handle!.clock.nextDue > target, 'the minute to be processed');
      };
      for (let guard = 0; sim.admin.venue.all().length === 0 && guard < 30; guard++) await step();
      expect(sim.admin.venue.all().map((o) => o.status)).toEqual(['new']);
      // the trade_updates socket goes quiet; the next minute fills the order at the venue, unheard
      sim.admin.silenceSockets('trading');
      await step();
      expect(sim.admin.venue.all().map((o) => o.status)).toEqual(['filled']);
      expect(handle!.engine.orders.openOrderCount).toBe(1);
      handle!.stop('test stop');
      const outcome = await running;
      expect(outcome.error).toBeNull();
      const orders = venue.orders();
      expect(orders).toEqual([{ id: orders[0]!.id, status: 'filled', amount: 10, filled: 10 }]);
      const audit = auditResult(outcome.result, (id) => id === orders[0]!.id);
      expect(audit.orders).toEqual(orders);
      expect(audit.executions).toEqual(venue.executions());
      expect(outcome.result.positions.map((p) => ({ symbol: p.symbol, amount: p.amount }))).toEqual([{ symbol: 'AAA', amount: 10 }]);
      expect(outcome.finalDifferences).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
