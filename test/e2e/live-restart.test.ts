import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAlpacaSim, type AlpacaSim } from '../../src/alpaca-sim/index.js';
import type { RunResult } from '../../src/model/results.js';
import type { FillEntry, IntentEntry } from '../../src/live/journal.js';
import { useLiveBundle } from '../integration/live-harness.js';
import { exitOf, journal, startCli, waitFor } from './live-process.js';

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
    const starts = () => journal(stateDir).filter((r) => r.type === 'reconcile' && r.trigger === 'start').length;
    try {
      const first = startCli(args, sim.env);
      await waitFor(() => starts() === 1, 'the first process to reconcile', first);
      sim.admin.setSpeed(SPEED);
      // kill at a random point after a few orders, while one is in flight (intent or open, not yet filled)
      const after = 6 + Math.floor(Math.random() * 10);
      await waitFor(() => {
        const records = journal(stateDir);
        const intents = records.filter((r) => r.type === 'intent').length;
        const last = records.at(-1);
        return intents >= after && (last?.type === 'intent' || (last?.type === 'order' && last.status === 'open'));
      }, 'an order in flight', first);
      first.child.kill('SIGKILL');
      expect((await exitOf(first)).signal).toBe('SIGKILL');
      sim.admin.setSpeed(0);
      const inFlight = journal(stateDir).at(-1)!;

      const second = startCli(args, sim.env);
      await waitFor(() => starts() === 2, 'the second process to reconcile', second);
      sim.admin.setSpeed(SPEED);
      const { code } = await exitOf(second);
      expect(second.stderr()).toBe('');
      expect(code).toBe(0);
      expect(second.stdout()).toMatch(/live session/);

      const records = journal(stateDir);
      const intents = records.filter((r): r is IntentEntry & { seq: number; at: string } => r.type === 'intent');
      const fills = records.filter((r): r is FillEntry & { seq: number; at: string } => r.type === 'fill');
      // the in-flight order was settled by the restart's reconciliation, not sent again
      const cid = 'cid' in inFlight ? inFlight.cid : '';
      expect(intents.filter((i) => i.cid === cid)).toHaveLength(1);
      const venue = sim.admin.venue.all();
      expect(new Set(venue.map((o) => o.clientOrderId)).size).toBe(venue.length);
      expect(venue.filter((o) => o.clientOrderId === cid).length).toBeLessThanOrEqual(1);
      // no lost fill: per order, the journaled executions add up to what the venue filled
      for (const o of venue) {
        const journaled = fills.filter((f) => f.cid === o.clientOrderId).reduce((s, f) => s + f.amount, 0);
        expect(journaled).toBeCloseTo(o.side === 'buy' ? o.filledQty : -o.filledQty, 9);
      }
      // the books of the second process at its end equal the venue's positions and cash
      const result = JSON.parse(readFileSync(path.join(stateDir, 'session-2.json'), 'utf8')) as RunResult;
      const positions = await (await fetch(`${sim.baseUrl}/v2/positions`, { headers: { 'APCA-API-KEY-ID': 'test', 'APCA-API-SECRET-KEY': 'test' } })).json() as { symbol: string; qty: string }[];
      expect(result.positions.map((p) => ({ symbol: p.symbol, amount: p.amount }))).toEqual(positions.map((p) => ({ symbol: p.symbol, amount: Number(p.qty) })));
      const account = await (await fetch(`${sim.baseUrl}/v2/account`, { headers: { 'APCA-API-KEY-ID': 'test', 'APCA-API-SECRET-KEY': 'test' } })).json() as { cash: string };
      expect(result.summary.endingCash).toBeCloseTo(Number(account.cash), 2);
      const shutdownChecks = records.flatMap((r) => (r.type === 'reconcile' && r.trigger === 'shutdown' ? [r.differences] : []));
      expect(shutdownChecks).toEqual([[]]);
    } finally {
      await sim.close();
    }
  }, 120_000);
});
