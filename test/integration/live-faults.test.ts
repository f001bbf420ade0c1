import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlpacaSim } from '../../src/alpaca-sim/index.js';
import type { AlpacaSimOptions } from '../../src/alpaca-sim/options.js';
import type { LiveSessionHandle, LiveSessionOutcome } from '../../src/live/live-session.js';
import { readJournal } from '../../src/live/journal.js';
import { runLive } from '../../src/runtime/live.js';
import { OPEN_MS, driveSession, manualSim, simTime, testLogger, useLiveBundle } from './live-harness.js';

const live = useLiveBundle('ziplime-faults-');
let runs = 0;

const AUTH = { 'APCA-API-KEY-ID': 'test', 'APCA-API-SECRET-KEY': 'test' };
const get = async <T>(sim: AlpacaSim, p: string): Promise<T> => (await fetch(sim.baseUrl + p, { headers: AUTH })).json() as Promise<T>;
/** Minute `k` of the trade day has ended (its bar is out). */
const minuteEnd = (k: number) => OPEN_MS + k * 60_000;

/** Runs the live session against a manual-time simulator, calling `inject` after each simulated minute. */
async function faulted(
  inject: (sim: AlpacaSim, minuteEnd: number, h: LiveSessionHandle) => void | Promise<void>, simOptions: Partial<AlpacaSimOptions> = {},
): Promise<{ outcome: LiveSessionOutcome; sim: AlpacaSim; journal: string }> {
  const sim = await manualSim(live.reader, simOptions);
  const stateDir = path.join(live.dir, `state-${++runs}`);
  try {
    const { outcome, handle } = await driveSession(sim, (onReady) => runLive({
      strategyFile: live.strategyFile, bundlesDir: live.bundlesDir, bundle: 'live', frequency: 'minute', onExit: 'cancel',
      logger: testLogger(), sessions: 1, broker: 'alpaca', benchmark: 'none', env: sim.env, time: simTime(sim), stateDir, barGraceSeconds: 30, onReady,
      streamOptions: { pingIntervalMs: 150, pongTimeoutMs: 150, reconnect: { initialMs: 20, maxMs: 200, jitter: 0.2 } },
      restOptions: { rateLimit: false, backoff: { initialMs: 10, maxMs: 50, jitter: 0 } },
    }), (t, h) => inject(sim, t, h));
    return { outcome, sim, journal: handle.journalFile };
  } catch (err) {
    await sim.close();
    throw err;
  }
}

/** The books at the end equal the simulator's positions and cash; no client order id was used twice. */
async function expectBooksEqualBroker(run: { outcome: LiveSessionOutcome; sim: AlpacaSim; journal: string }): Promise<void> {
  const { outcome, sim } = run;
  try {
    expect(outcome.error).toBeNull();
    expect(outcome.summary.sessions).toBe(1);
    expect(outcome.finalDifferences).toEqual([]);
    const positions = await get<{ symbol: string; qty: string }[]>(sim, '/v2/positions');
    const ours = outcome.summary.positions.map((p) => ({ symbol: p.symbol, amount: p.amount }));
    expect(ours).toEqual(positions.map((p) => ({ symbol: p.symbol, amount: Number(p.qty) })));
    const account = await get<{ cash: string }>(sim, '/v2/account');
    expect(outcome.summary.cash).toBeCloseTo(Number(account.cash), 2);
    const orders = sim.admin.venue.all();
    expect(new Set(orders.map((o) => o.clientOrderId)).size).toBe(orders.length);
    // every intent in the journal reached the venue at most once, and every venue order is journaled
    const intents = readJournal(run.journal).records.filter((r) => r.type === 'intent').map((r) => (r as { cid: string }).cid);
    expect(new Set(intents).size).toBe(intents.length);
    for (const o of orders) expect(intents).toContain(o.clientOrderId);
    // the strategy kept trading after the fault
    expect(orders.filter((o) => o.createdAt > minuteEnd(200)).length).toBeGreaterThan(0);
  } finally {
    await sim.close();
  }
}

const once = (at: number, fn: (sim: AlpacaSim) => void) => (sim: AlpacaSim, t: number) => { if (t === minuteEnd(at)) fn(sim); };

describe('live trading against the simulator with faults injected mid-session', () => {
  it('dropped market-data socket: reconnects, backfills the missed bars, trades on', async () => {
    const run = await faulted(once(60, (sim) => sim.admin.dropSockets('data')));
    expect(run.outcome.summary.reconnects).toBeGreaterThanOrEqual(1);
    await expectBooksEqualBroker(run);
  });

  it('dropped trading socket: fills missed meanwhile are recovered by reconciliation', async () => {
    let dropped = false;
    const run = await faulted((sim, t, h) => {
      // drop right after an order went out, before the venue fills it on the next minute
      if (!dropped && t > minuteEnd(60) && h.engine.orders.openOrderCount > 0) {
        dropped = true;
        sim.admin.dropSockets('trading');
      }
    });
    expect(dropped).toBe(true);
    await expectBooksEqualBroker(run);
  });

  it('silent sockets: the keepalive notices and reconnects', async () => {
    const run = await faulted(once(90, (sim) => sim.admin.silenceSockets('all')));
    expect(run.outcome.summary.reconnects).toBeGreaterThanOrEqual(1);
    await expectBooksEqualBroker(run);
  });

  it('429 burst: waited out, nothing sent twice', async () => {
    const run = await faulted(once(100, (sim) => sim.admin.setFaults({ rateLimit: { count: 4, retryAfterSec: 0 } })));
    expect(run.sim.admin.faultStats.rateLimited).toBe(4);
    await expectBooksEqualBroker(run);
  });

  it('5xx answers: retried where safe, orders looked up instead of resent', async () => {
    const run = await faulted(once(100, (sim) => sim.admin.setFaults({ serverErrors: { count: 4 } })));
    expect(run.sim.admin.faultStats.serverErrors).toBe(4);
    await expectBooksEqualBroker(run);
  });

  it('406 while reconnecting the market-data stream: retried with backoff', async () => {
    const run = await faulted(once(120, (sim) => { sim.admin.setFaults({ reject406ForMs: 300 }); sim.admin.dropSockets('data'); }));
    expect(run.sim.admin.faultStats.rejected406).toBeGreaterThanOrEqual(1);
    await expectBooksEqualBroker(run);
  });

  it('ambiguous POST: the order is found by client order id, not sent twice', async () => {
    const run = await faulted(once(30, (sim) => sim.admin.setFaults({ ambiguousPosts: 2 })));
    expect(run.sim.admin.faultStats.ambiguousPosts).toBe(2);
    await expectBooksEqualBroker(run);
  });

  it('partial fills: every execution is applied once', async () => {
    const run = await faulted(() => undefined, { partialFillRatio: 0.5 });
    const fills = readJournal(run.journal).records.filter((r) => r.type === 'fill');
    expect(fills.length).toBeGreaterThan(run.outcome.summary.orders.filled);
    await expectBooksEqualBroker(run);
  });

  it('broker-side cancels: reflected in the books, the strategy orders again', async () => {
    let cancelled = 0;
    const run = await faulted(async (sim, t) => {
      if (cancelled >= 3 || t < minuteEnd(40)) return;
      for (const o of sim.admin.venue.openOrders()) {
        await sim.admin.venue.cancel(o.id);
        cancelled++;
      }
    });
    expect(cancelled).toBeGreaterThanOrEqual(3);
    expect(run.outcome.summary.orders.cancelled).toBeGreaterThanOrEqual(3);
    await expectBooksEqualBroker(run);
  });
});
