import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../src/data/registry.js';
import type { AlpacaSim } from '../../src/alpaca-sim/index.js';
import type { LiveSessionHandle, LiveSessionOutcome } from '../../src/live/live-session.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import { runLive } from '../../src/runtime/live.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ingestLiveBundle, manualSim, testLogger, until, venueAccount, writeStrategy, simTime } from './live-harness.js';

/** Buys 100 AAA on the first tradable bar and holds them. */
const HOLD_STRATEGY = `
import { commission, defineStrategy } from 'ziplime';
export default defineStrategy({
  state: () => ({ asset: undefined, done: false }),
  async initialize(ctx) {
    ctx.state.asset = await ctx.symbol('AAA');
    ctx.setCommission(commission.none());
  },
  async handleData(ctx, data) {
    if (ctx.state.done || !data.canTrade(ctx.state.asset)) return;
    ctx.state.done = true;
    await ctx.order(ctx.state.asset, 100);
  },
});
`;

const tmp = tempDir('ziplime-live-actions-');
let reader: BundleReader | undefined;
let bundlesDir = '';
let strategyFile = '';
const DAY1_CLOSE = Date.parse('2024-09-30T20:00:00Z');
const DAY2_OPEN = Date.parse('2024-10-01T13:30:00Z');
const DAY2_CLOSE = Date.parse('2024-10-01T20:00:00Z');

beforeAll(async () => {
  // the bundle says AAA pays $2 a share going ex (and paid) on 2024-10-01
  ({ bundlesDir } = await ingestLiveBundle(tmp.dir, [], { dividends: [{ exDate: '2024-10-01', amount: 2 }] }));
  reader = await openBundle(bundlesDir, 'live');
  expect(await reader.dividends()).toHaveLength(1);
  strategyFile = writeStrategy(tmp.dir, 'hold', HOLD_STRATEGY);
});
afterAll(async () => {
  await reader?.close();
  tmp.remove();
});

/** Runs the strategy live from the first session's morning through both sessions; the night in one step. */
async function runBothSessions(sim: AlpacaSim, stateDir: string): Promise<LiveSessionOutcome> {
  let handle: LiveSessionHandle | undefined;
  const running = runLive({
    strategyFile, bundlesDir, bundle: 'live', frequency: 'minute', onExit: 'cancel', logger: testLogger(), sessions: 2, broker: 'alpaca',
    benchmark: 'none', env: sim.env, time: simTime(sim), stateDir, barGraceSeconds: 30,
    restOptions: { rateLimit: false, backoff: { initialMs: 10, maxMs: 50, jitter: 0 } }, onReady: (h) => { handle = h; },
  });
  let failed: unknown;
  running.catch((err: unknown) => { failed = err; });
  await until(() => handle !== undefined || failed !== undefined, 'the session to start');
  if (failed) throw failed;
  for (let guard = 0; sim.admin.now() < DAY2_CLOSE + 2 * 60_000 && !handle!.clock.isStopped; guard++) {
    expect(guard).toBeLessThan(1_000);
    const now = sim.admin.now();
    if (now > DAY1_CLOSE + 2 * 60_000 && now < DAY2_OPEN - 60 * 60_000) await sim.admin.advanceTo(DAY2_OPEN - 60 * 60_000);
    else await sim.admin.advance(1);
    const target = sim.admin.now();
    await until(() => handle!.clock.nextDue > target || handle!.clock.isStopped, `the session to process ${new Date(target).toISOString()}`);
  }
  const outcome = await running;
  expect(outcome.error).toBeNull();
  expect(outcome.summary.sessions).toBe(2);
  return outcome;
}

describe('live corporate actions come from the venue, not the bundle', () => {
  it('a dividend in the bundle that the broker never paid is not booked: books equal the broker after the ex date', async () => {
    const sim = await manualSim(reader!, { start: '2024-09-30T13:00:00Z', corporateActions: false });
    try {
      const outcome = await runBothSessions(sim, path.join(tmp.dir, 'state-unpaid'));
      const venue = await venueAccount(sim);
      expect(venue.positions).toEqual([['AAA', 100]]);
      // the venue paid no dividend: our cash is the broker's, not $200 more
      expect(outcome.summary.cash).toBeCloseTo(venue.cash, 6);
      expect(outcome.finalDifferences).toEqual([]);
    } finally {
      await sim.close();
    }
  }, 60_000);

  it('the dividend the broker pays overnight reaches the books: 100 shares × $2 on the ex date', async () => {
    const sim = await manualSim(reader!, { start: '2024-09-30T13:00:00Z' });
    try {
      const outcome = await runBothSessions(sim, path.join(tmp.dir, 'state-paid'));
      const venue = await venueAccount(sim);
      expect(venue.positions).toEqual([['AAA', 100]]);
      const [bought] = sim.admin.venue.all();
      expect(bought!.filledQty).toBe(100);
      expect(venue.cash).toBeCloseTo(100_000 - bought!.filledNotional + 100 * 2, 6);
      expect(outcome.summary.cash).toBeCloseTo(venue.cash, 6);
      expect(outcome.summary.equity).toBeCloseTo(venue.equity, 6);
      expect(outcome.finalDifferences).toEqual([]);
    } finally {
      await sim.close();
    }
  }, 60_000);
});
