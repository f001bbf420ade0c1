import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startAlpacaSim } from '../../src/alpaca-sim/index.js';
import type { LiveSessionHandle } from '../../src/live/live-session.js';
import { DemoRandom } from '../../src/data/sources/demo-random.js';
import { runLive } from '../../src/runtime/live.js';
import { CLOSE_MS, SOAK_FAULTS, simTime, soakSeed, testLogger, until, useLiveBundle } from './live-harness.js';

const live = useLiveBundle('ziplime-soak-');

const SEED = soakSeed();

describe('soak: a whole replayed session at high speed with random faults', () => {
  it(`ends with no unhandled rejection, bounded memory and the books equal to the broker (fault seed ${SEED})`, async () => {
    console.info(`live soak: fault seed ${SEED} (replay with ZIPLIME_SOAK_SEED=${SEED})`);
    const random = new DemoRandom(SEED);
    const rejections: unknown[] = [];
    const onRejection = (err: unknown) => rejections.push(err);
    process.on('unhandledRejection', onRejection);
    // 3000 simulated minutes per real minute: the 390-minute session takes about 8 s
    const sim = await startAlpacaSim({ reader: live.reader, speed: 0, start: '2024-10-01T13:25:00Z', partialFillRatio: 0.5 });
    let handle: LiveSessionHandle | undefined;
    try {
      const running = runLive({
        strategyFile: live.strategyFile, bundlesDir: live.bundlesDir, bundle: 'live', frequency: 'minute', onExit: 'cancel',
        logger: testLogger(), sessions: 1, broker: 'alpaca', benchmark: 'none', env: sim.env, time: simTime(sim),
        stateDir: path.join(live.dir, 'state'),
        onReady: (h) => { handle = h; },
        streamOptions: { pingIntervalMs: 150, pongTimeoutMs: 150, reconnect: { initialMs: 20, maxMs: 200, jitter: 0.2 } },
        restOptions: { rateLimit: false, backoff: { initialMs: 10, maxMs: 50, jitter: 0 } },
      });
      await until(() => handle !== undefined && handle.clock.nextDue > 0, 'the session to start');
      sim.admin.setSpeed(3000);
      const heap: number[] = [];
      let faults = 0;
      for (let i = 0; i < 100 && sim.admin.now() < CLOSE_MS; i++) {
        await delay(400 + random.uniform() * 400);
        if (sim.admin.now() >= CLOSE_MS - 10 * 60_000) break;
        SOAK_FAULTS[Math.floor(random.uniform() * SOAK_FAULTS.length)]!(sim);
        faults++;
        heap.push(process.memoryUsage().heapUsed);
      }
      const outcome = await running;
      expect(faults).toBeGreaterThanOrEqual(5);
      expect(outcome.error).toBeNull();
      expect(outcome.summary.sessions).toBe(1);
      // how many crossovers a faulty session sees varies with when bars arrive; it must trade at all
      expect(outcome.summary.orders.placed).toBeGreaterThan(0);
      expect(outcome.finalDifferences).toEqual([]);
      const auth = { 'APCA-API-KEY-ID': 'test', 'APCA-API-SECRET-KEY': 'test' };
      const positions = await (await fetch(`${sim.baseUrl}/v2/positions`, { headers: auth })).json() as { symbol: string; qty: string }[];
      expect(outcome.summary.positions.map((p) => ({ symbol: p.symbol, amount: p.amount })))
        .toEqual(positions.map((p) => ({ symbol: p.symbol, amount: Number(p.qty) })));
      const venue = sim.admin.venue.all();
      expect(new Set(venue.map((o) => o.clientOrderId)).size).toBe(venue.length);
      // memory: no growth beyond noise between the first and the last samples
      expect(heap.at(-1)! - heap[0]!).toBeLessThan(64 * 1024 * 1024);
      await delay(50);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
      await sim.close();
    }
  }, 90_000);
});
