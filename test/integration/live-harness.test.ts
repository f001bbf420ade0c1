import { describe, expect, it } from 'vitest';
import type { LiveSessionHandle } from '../../src/live/live-session.js';
import { runPaper } from '../../src/runtime/paper.js';
import { OPEN_MS, lockstep, manualSim, simTime, testLogger, useLiveBundle } from './live-harness.js';

const live = useLiveBundle('ziplime-live-harness-');

describe('lockstep, the live tests\' minute-by-minute driver', () => {
  it('fails, naming its bound, when the end time is still ahead after maxMinutes minutes', async () => {
    const sim = await manualSim(live.reader); // 13:00 UTC, half an hour before the open
    let handle: LiveSessionHandle | undefined;
    const running = runPaper({
      strategyFile: live.strategyFile, bundlesDir: live.bundlesDir, bundle: 'live', frequency: 'minute', onExit: 'cancel',
      logger: testLogger(), sessions: 1, feed: 'alpaca', capital: 100_000, fill: 'next-close', benchmark: 'none', env: sim.env, time: simTime(sim),
      stateDir: `${live.dir}/state`, barGraceSeconds: 30, onReady: (h) => { handle = h; },
    });
    try {
      await expect(lockstep(sim, () => handle, OPEN_MS + 60 * 60_000, undefined, undefined, 10))
        .rejects.toThrow('lockstep: 2024-10-01T14:30:00.000Z not reached after 10 simulated minutes (now 2024-10-01T13:10:00.000Z)');
      expect(sim.admin.now()).toBe(Date.parse('2024-10-01T13:10:00Z')); // 13:00 + 10 minutes, no more
    } finally {
      handle?.stop('test stop');
      await running;
      await sim.close();
    }
  });
});
