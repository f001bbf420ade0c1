import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LiveSessionHandle } from '../../src/live/live-session.js';
import { runLive } from '../../src/runtime/live.js';
import { CLOSE_MS, OPEN_MS, aaaClose, lockstep, manualSim, simTime, testLogger, until, useLiveBundle } from './live-harness.js';

/** Records, each minute, what the strategy sees of AAA; buys 10 AAA at the first tradable minute from `__lateOrderFrom` on. */
const WATCH_STRATEGY = `
import { commission, defineStrategy } from 'ziplime';
export default defineStrategy({
  state: () => ({ asset: undefined, ordered: false }),
  async initialize(ctx) {
    ctx.state.asset = await ctx.symbol('AAA');
    await ctx.symbol('BBB');
    ctx.setCommission(commission.none());
  },
  async handleData(ctx, data) {
    const a = ctx.state.asset, dt = ctx.now.getTime(), late = globalThis.__lateBars;
    if (!late) return;
    const history = await data.history(a, 'close', 4, '1m');
    late.seen.push({ dt, canTrade: data.canTrade(a), close: await data.current(a, 'close'), volume: await data.current(a, 'volume'), history: [...history] });
    if (!ctx.state.ordered && dt >= late.orderFrom && data.canTrade(a)) {
      ctx.state.ordered = true;
      await ctx.order(a, 10);
    }
  },
});
`;

const live = useLiveBundle('ziplime-late-bars-', { name: 'watch', source: WATCH_STRATEGY });
const MINUTE = 60_000;
const GRACE_MS = 10_000;
/** The trade day's minutes from the open: AAA's close of the minute opening at `ms`. */
const closeAt = (ms: number) => aaaClose(390 + (ms - OPEN_MS) / MINUTE);

interface Seen { dt: number; canTrade: boolean; close: number; volume: number; history: number[] }

describe('a minute bar that arrives after its minute was handed to the strategy (live, against the simulator)', () => {
  it('is stored, counted, reported, and traded on at the next minute', async () => {
    const sim = await manualSim(live.reader);
    // AAA's bars of the minutes opening 10:10, 10:11, 10:12 New York reach us only after each was handed out
    const held = [OPEN_MS + 40 * MINUTE, OPEN_MS + 41 * MINUTE, OPEN_MS + 42 * MINUTE];
    const late = { seen: [] as Seen[], orderFrom: held[0]! + MINUTE };
    (globalThis as { __lateBars?: unknown }).__lateBars = late;
    let handle: LiveSessionHandle | undefined;
    try {
      const running = runLive({
        strategyFile: live.strategyFile, bundlesDir: live.bundlesDir, bundle: 'live', frequency: 'minute', onExit: 'cancel', logger: testLogger(),
        sessions: 1, broker: 'alpaca', benchmark: 'none', env: sim.env, time: simTime(sim), stateDir: path.join(live.dir, 'state'),
        barGraceSeconds: GRACE_MS / 1000, restOptions: { rateLimit: false, backoff: { initialMs: 10, maxMs: 50, jitter: 0 } },
        onReady: (h) => { handle = h; },
      });
      let failed: unknown;
      running.catch((err: unknown) => { failed = err; });
      const h = () => { if (failed) throw failed; return handle; };
      await lockstep(sim, h, held[0]!);
      const market = handle!.market;
      const sidOf = (symbol: string) => market.assets.find((a) => a.symbol === symbol)!.sid;
      sim.admin.holdBars(['AAA']);
      for (const [i, minute] of held.entries()) {
        const end = minute + MINUTE;
        await sim.admin.advanceTo(end);
        await until(() => market.store.has(sidOf('BBB'), minute), `BBB's bar of ${new Date(minute).toISOString()}`);
        // the grace runs out without AAA's bar: the minute is handed out
        await sim.admin.advanceTo(end + GRACE_MS + 1_000);
        await until(() => h()!.clock.nextDue > end, `the session to process ${new Date(end).toISOString()}`);
        expect(sim.admin.releaseBars()).toBe(1);
        await until(() => market.lateBars === i + 1, `AAA's late bar of ${new Date(minute).toISOString()}`);
      }
      sim.admin.holdBars([]);
      await sim.admin.advanceTo(held[2]! + 2 * MINUTE);
      await until(() => h()!.clock.nextDue > held[2]! + 2 * MINUTE, 'the session to process the minute after');
      await lockstep(sim, h, CLOSE_MS + MINUTE);
      const outcome = await running;
      expect(outcome.error).toBeNull();

      const at = (dt: number) => late.seen.find((s) => s.dt === dt)!;
      const [m0, m1, m2] = held as [number, number, number];
      // the first held minute: nothing of AAA's is in yet, so it cannot be traded
      expect(at(m0 + MINUTE)).toMatchObject({ canTrade: false });
      // the next ones: the bar that came late is traded on (its close, no volume of this minute)
      expect(at(m1 + MINUTE)).toMatchObject({ canTrade: true, close: closeAt(m0), volume: 0 });
      expect(at(m2 + MINUTE)).toMatchObject({ canTrade: true, close: closeAt(m1), volume: 0 });
      // the minute after, its own bar; history holds every late bar at its own minute
      expect(at(m2 + 2 * MINUTE)).toMatchObject({ canTrade: true, close: closeAt(m2 + MINUTE), volume: 10_000 });
      expect(at(m2 + 2 * MINUTE).history).toEqual([closeAt(m0), closeAt(m1), closeAt(m2), closeAt(m2 + MINUTE)]);
      // the order came at the first decision point after the late bar arrived, and the venue filled it
      const order = outcome.result.orders[0]!;
      // (stamped with the broker's time: the handout of m1 + 1 min, which came after the grace)
      expect(Date.parse(order.createdAt)).toBe(m1 + MINUTE + GRACE_MS + 1_000);
      expect(order.filled).toBe(10);
      expect(sim.admin.venue.all().map((o) => [o.side, o.filledQty])).toEqual([['buy', 10]]);
      // reported: in the summary and the result's warnings
      expect(outcome.summary.lateBars).toBe(3);
      expect(outcome.summary.staleBars).toBe(3);
      expect(outcome.result.warnings?.some((w) => w.startsWith('3 minute bars arrived after their minute was handed to the strategy'))).toBe(true);
    } finally {
      delete (globalThis as { __lateBars?: unknown }).__lateBars;
      await sim.close();
    }
  }, 60_000);
});
