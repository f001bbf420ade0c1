import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlpacaSim } from '../../src/alpaca-sim/index.js';
import { JOURNAL_FILE, readJournal, type FillEntry } from '../../src/live/journal.js';
import type { LiveSessionHandle } from '../../src/live/live-session.js';
import { runLive, type LiveOptions } from '../../src/runtime/live.js';
import { CLOSE_MS, driveSession, lockstep, manualSim, simTime, testLogger, useLiveBundle } from './live-harness.js';

const live = useLiveBundle('ziplime-restart-reconnect-');

const AUTH = { 'APCA-API-KEY-ID': 'test', 'APCA-API-SECRET-KEY': 'test' };

function options(sim: AlpacaSim, stateDir: string, onExit: 'cancel' | 'keep', onReady: (h: LiveSessionHandle) => void): LiveOptions {
  return {
    strategyFile: live.strategyFile, bundlesDir: live.bundlesDir, bundle: 'live', frequency: 'minute', onExit,
    logger: testLogger(), sessions: 1, broker: 'alpaca', benchmark: 'none', env: sim.env, time: simTime(sim), stateDir, barGraceSeconds: 30, onReady,
    streamOptions: { pingIntervalMs: 150, pongTimeoutMs: 150, reconnect: { initialMs: 20, maxMs: 200, jitter: 0.2 } },
    restOptions: { rateLimit: false, backoff: { initialMs: 10, maxMs: 50, jitter: 0 } },
  };
}

describe('live restart after an order filled while no process ran', () => {
  it('a later trade_updates reconnect does not apply that fill a second time', async () => {
    const sim = await manualSim(live.reader);
    const stateDir = path.join(live.dir, 'state');
    try {
      // first process: stops (keeping its orders) right after an order went out, before the venue fills it
      let first: LiveSessionHandle | undefined;
      let stopped = false;
      const running = runLive(options(sim, stateDir, 'keep', (h) => { first = h; }));
      await lockstep(sim, () => first, CLOSE_MS, () => {
        if (!stopped && first!.engine.orders.openOrderCount > 0) {
          stopped = true;
          first!.stop('stopped with an order open');
        }
      }, () => stopped);
      await running;
      const kept = sim.admin.venue.openOrders();
      expect(kept).toHaveLength(1);
      // the venue fills it while no process runs
      await sim.admin.advance(2);
      const filledWhileDown = sim.admin.venue.all().find((o) => o.id === kept[0]!.id)!;
      expect(filledWhileDown.status).toBe('filled');

      // second process: reconciles on start, then loses its trade_updates socket
      let dropped = false, minutes = 0;
      const { outcome } = await driveSession(sim, (onReady) => runLive(options(sim, stateDir, 'cancel', onReady)), () => {
        if (!dropped && ++minutes === 2) {
          dropped = true;
          sim.admin.dropSockets('trading');
        }
      });
      expect(dropped).toBe(true);
      expect(outcome.error).toBeNull();
      expect(outcome.summary.reconnects).toBeGreaterThanOrEqual(1);

      // per venue order, the journaled executions add up to what the venue filled (once, not twice)
      const fills = readJournal(path.join(stateDir, JOURNAL_FILE)).records.filter((r): r is FillEntry & { seq: number; at: string } => r.type === 'fill');
      for (const o of sim.admin.venue.all()) {
        const journaled = fills.filter((f) => f.cid === o.clientOrderId).reduce((s, f) => s + f.amount, 0);
        expect(journaled).toBeCloseTo(o.side === 'sell' ? -o.filledQty : o.filledQty, 9);
      }
      expect(outcome.finalDifferences).toEqual([]);
      const positions = await (await fetch(`${sim.baseUrl}/v2/positions`, { headers: AUTH })).json() as { symbol: string; qty: string }[];
      expect(outcome.summary.positions.map((p) => ({ symbol: p.symbol, amount: p.amount })))
        .toEqual(positions.map((p) => ({ symbol: p.symbol, amount: Number(p.qty) })));
    } finally {
      await sim.close();
    }
  }, 60_000);
});
