import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAlpacaSim } from '../../src/alpaca-sim/index.js';
import type { RunResult } from '../../src/model/results.js';
import { readResult } from '../../src/report/index.js';
import { useLiveBundle } from '../integration/live-harness.js';
import { exitOf, journal, startCli, waitFor } from './live-process.js';

const live = useLiveBundle('ziplime-paper-cli-');

describe('ziplime paper --feed alpaca against the simulator', () => {
  it('trades a replayed session end to end and prints the session report', async () => {
    const sim = await startAlpacaSim({ reader: live.reader, speed: 0, start: '2024-10-01T13:25:00Z' });
    const stateDir = path.join(live.dir, 'state');
    try {
      const proc = startCli([
        'paper', live.strategyFile, '--feed', 'alpaca', '--capital', '50000', '--bundles-dir', live.bundlesDir, '--bundle', 'live',
        '--frequency', 'minute', '--benchmark', 'none', '--state-dir', stateDir, '--sessions', '1', '--log-file', path.join(live.dir, 'paper.log'),
      ], sim.env);
      await waitFor(() => journal(stateDir).some((r) => r.type === 'reconcile'), 'the session to start', proc);
      sim.admin.setSpeed(3000);
      const { code } = await exitOf(proc);
      expect(proc.stderr()).toBe('');
      expect(code).toBe(0);
      expect(proc.stdout()).toMatch(/paper session/);
      expect(proc.stdout()).toMatch(/orders\s+│?\s*\d+ placed/);
      const result = JSON.parse(readFileSync(path.join(stateDir, 'session-1.json'), 'utf8')) as RunResult;
      expect(result).toMatchObject({ mode: 'paper', frequency: 'minute', start: '2024-10-01', end: '2024-10-01', capital: 50_000 });
      expect(result.orders.length).toBeGreaterThan(10);
      // paper orders never reach the venue: the simulated broker fills them
      expect(sim.admin.venue.all()).toEqual([]);
      // cash moved exactly by the fills: 50 000 − Σ amount × price (no commission)
      const spent = result.transactions.reduce((s, t) => s + t.amount * t.price + t.commission, 0);
      expect(result.summary.endingCash).toBeCloseTo(50_000 - spent, 6);
      // `ziplime report` reads a session's result like a backtest's
      const back = await readResult(path.join(stateDir, 'session-1.json'));
      expect(back.orders).toHaveLength(result.orders.length);
      expect(back.summary.endingValue).toBeCloseTo(result.summary.endingValue, 6);
    } finally {
      await sim.close();
    }
  }, 90_000);
});
