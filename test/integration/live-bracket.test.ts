import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLive } from '../../src/runtime/live.js';
import { OPEN_MS, aaaClose, driveSession, manualSim, simTime, testLogger, useLiveBundle, venueAccount } from './live-harness.js';

/** Buys 100 AAA once, with a take-profit 50 cents above the last close and a stop-loss $5 below. */
const BRACKET_STRATEGY = `
import { bracket, commission, defineStrategy } from 'ziplime';
export default defineStrategy({
  state: () => ({ asset: undefined, done: false }),
  async initialize(ctx) {
    ctx.state.asset = await ctx.symbol('AAA');
    ctx.setCommission(commission.none());
  },
  async handleData(ctx, data) {
    const a = ctx.state.asset;
    if (ctx.state.done || !data.canTrade(a)) return;
    ctx.state.done = true;
    const close = await data.current(a, 'close');
    await ctx.order(a, 100, bracket({ takeProfit: Math.round((close + 0.5) * 100) / 100, stopLoss: Math.round((close - 5) * 100) / 100 }));
  },
});
`;

const live = useLiveBundle('ziplime-live-bracket-', { name: 'bracket', source: BRACKET_STRATEGY });

describe('a bracket order through the Alpaca broker (live, against the simulator)', () => {
  it('sends the entry with its legs; the take-profit leg fills, the stop-loss is cancelled; the books follow the venue', async () => {
    const sim = await manualSim(live.reader);
    try {
      const { outcome } = await driveSession(sim, (onReady) => runLive({
        strategyFile: live.strategyFile, bundlesDir: live.bundlesDir, bundle: 'live', frequency: 'minute', onExit: 'cancel', logger: testLogger(),
        sessions: 1, broker: 'alpaca', benchmark: 'none', env: sim.env, time: simTime(sim), stateDir: path.join(live.dir, 'state'),
        barGraceSeconds: 30, restOptions: { rateLimit: false, backoff: { initialMs: 10, maxMs: 50, jitter: 0 } }, onReady,
      }));
      expect(outcome.error).toBeNull();
      // the venue holds the entry and its two legs (their own ids and client ids, as Alpaca's)
      const venue = sim.admin.venue.all();
      const entry = venue.find((o) => o.parentId === null)!;
      const tp = venue.find((o) => o.parentId === entry.id && o.type === 'limit')!;
      const sl = venue.find((o) => o.parentId === entry.id && o.type === 'stop')!;
      expect([entry, tp, sl].map((o) => [o.orderClass, o.side, o.status, o.filledQty])).toEqual([
        ['bracket', 'buy', 'filled', 100], ['bracket', 'sell', 'filled', 100], ['bracket', 'sell', 'canceled', 0],
      ]);
      expect(venue).toHaveLength(3);
      // by hand: placed at the close of minute k (the broker stamps the minute's end), filled at the
      // next minute's close plus 5 bps; the take-profit at its limit, 50 cents over minute k's close
      const k = (Date.parse(outcome.result.orders[0]!.createdAt) - OPEN_MS) / 60_000 - 1;
      const entryPrice = Math.round(aaaClose(390 + k + 1) * 1.0005 * 1e6) / 1e6;
      const takeProfit = Math.round((aaaClose(390 + k) + 0.5) * 100) / 100;
      expect(outcome.result.transactions.map((t) => [t.orderId, t.amount, Math.round(t.price * 1e6) / 1e6])).toEqual([
        [entry.id, 100, entryPrice], [tp.id, -100, takeProfit],
      ]);
      // the books: the legs are orders of the run, and cash and positions are the venue's
      expect(outcome.result.orders.map((o) => [o.id, o.amount, o.filled, o.status])).toEqual([
        [entry.id, 100, 100, 'filled'], [tp.id, -100, -100, 'filled'], [sl.id, -100, 0, 'cancelled'],
      ]);
      const account = await venueAccount(sim);
      expect(account.positions).toEqual([]);
      expect(account.cash).toBeCloseTo(100_000 - 100 * entryPrice + 100 * takeProfit, 6);
      expect(outcome.summary.positions).toEqual([]);
      expect(outcome.summary.cash).toBeCloseTo(account.cash, 6);
      expect(outcome.finalDifferences).toEqual([]);
    } finally {
      await sim.close();
    }
  }, 60_000);
});
