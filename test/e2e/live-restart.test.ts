import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAlpacaSim, type AlpacaSim } from '../../src/alpaca-sim/index.js';
import type { RunResult } from '../../src/model/results.js';
import { useLiveBundle, venueAccount } from '../integration/live-harness.js';
import { exitOf, journal, journalVersusVenue, startCli, starts, waitFor, waitForOrderInFlight } from './live-process.js';

const live = useLiveBundle('ziplime-restart-');

const SPEED = 3000; // simulated minutes per real minute: 50 a second

describe('ziplime live killed with SIGKILL mid-session and restarted', () => {
  it('places no duplicate order, loses no fill, and ends with the books equal to the broker', async () => {
    const sim: AlpacaSim = await startAlpacaSim({ reader: live.reader, speed: 0, start: '2024-10-01T13:20:00Z' });
    const stateDir = path.join(live.dir, 'state');
    const args = [
      'live', live.strategyFile, '--broker', 'alpaca', '--bundles-dir', live.bundlesDir, '--bundle', 'live', '--frequency', 'minute',
      '--benchmark', 'none', '--state-dir', stateDir, '--sessions', '1', '--log-file', process.env.ZIPLIME_TEST_LOG ?? path.join(live.dir, 'live.log'),
    ];
    try {
      const first = startCli(args, sim.env);
      await waitFor(() => starts(stateDir) === 1, 'the first process to reconcile', first);
      sim.admin.setSpeed(SPEED);
      // kill at a random point after a few orders, while one is in flight (intent or open, not yet filled)
      const inFlight = await waitForOrderInFlight(stateDir, 6 + Math.floor(Math.random() * 10), first);
      first.child.kill('SIGKILL');
      expect((await exitOf(first)).signal).toBe('SIGKILL');
      sim.admin.setSpeed(0);

      const second = startCli(args, sim.env);
      await waitFor(() => starts(stateDir) === 2, 'the second process to reconcile', second);
      sim.admin.setSpeed(SPEED);
      const { code } = await exitOf(second);
      expect(second.stderr()).toBe('');
      expect(code).toBe(0);
      expect(second.stdout()).toMatch(/live session/);

      // the in-flight order was settled by the restart's reconciliation, not sent again
      const cid = inFlight.cid;
      const venue = sim.admin.venue.all();
      expect(venue.filter((o) => o.clientOrderId === cid).length).toBeLessThanOrEqual(1);
      // no duplicate order, no lost fill
      expect(journalVersusVenue(stateDir, venue)).toEqual([]);
      // the books of the second process at its end equal the venue's positions and cash
      const result = JSON.parse(readFileSync(path.join(stateDir, 'session-2.json'), 'utf8')) as RunResult;
      const account = await venueAccount(sim);
      expect(result.positions.map((p) => [p.symbol, p.amount])).toEqual(account.positions);
      expect(result.summary.endingCash).toBeCloseTo(account.cash, 2);
      const shutdownChecks = journal(stateDir).flatMap((r) => (r.type === 'reconcile' && r.trigger === 'shutdown' ? [r.differences] : []));
      expect(shutdownChecks).toEqual([[]]);
    } finally {
      await sim.close();
    }
  }, 120_000);
});
