import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAlpacaSim } from '../../src/alpaca-sim/index.js';
import { useLiveBundle } from '../integration/live-harness.js';
import { exitOf, journal, startCli, waitFor } from './live-process.js';

const live = useLiveBundle('ziplime-signals-');

describe.each(['live', 'paper'] as const)('ziplime %s stopped with SIGTERM while it is still starting', (command) => {
  it('does not die: it stops before the first bar, journals the stop, writes its result and exits 0', async () => {
    // every REST answer of the broker takes 300 ms, so starting (account, clock, reconciliation) takes seconds
    const sim = await startAlpacaSim({ reader: live.reader, speed: 0, start: '2024-10-01T13:20:00Z', latencyMs: 300 });
    const stateDir = path.join(live.dir, `state-${command}`);
    const log = path.join(live.dir, `${command}.log`);
    try {
      const proc = startCli([
        command, live.strategyFile, ...(command === 'live' ? ['--broker', 'alpaca'] : []), '--bundles-dir', live.bundlesDir, '--bundle', 'live',
        '--frequency', 'minute', '--benchmark', 'none', '--state-dir', stateDir, '--log-file', log,
      ], sim.env);
      // the process has started talking to the broker: it is in the middle of starting up
      await waitFor(() => sim.admin.stats().requests > 0, 'the first request to the broker', proc);
      proc.child.kill('SIGTERM');
      const { code, signal } = await exitOf(proc, 30_000);
      expect({ code, signal, stderr: proc.stderr() }).toEqual({ code: 0, signal: null, stderr: '' });
      expect(journal(stateDir).at(-1)).toMatchObject({ type: 'stop', reason: 'SIGTERM' });
      const result = path.join(stateDir, 'session-1.json');
      expect(existsSync(result)).toBe(true);
      expect(JSON.parse(readFileSync(result, 'utf8'))).toMatchObject({ strategy: 'sma-minute', transactions: [] });
      expect(readFileSync(log, 'utf8')).toMatch(/"reason":"SIGTERM"/);
    } finally {
      await sim.close();
    }
  }, 60_000);
});
