import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../src/live/journal.js';
import { foldJournal } from '../../src/live/journal-state.js';
import type { LiveSessionHandle } from '../../src/live/live-session.js';
import { runPaper, type PaperOptions } from '../../src/runtime/paper.js';
import { CLOSE_MS, OPEN_MS, lockstep, manualSim, simTime, testLogger, useLiveBundle } from './live-harness.js';

const live = useLiveBundle('ziplime-paper-restart-');

describe('paper trading stopped and restarted on the same state folder', () => {
  it('rebuilds the books from the journal: same positions and cash, then trades on', async () => {
    const sim = await manualSim(live.reader);
    const stateDir = path.join(live.dir, 'state');
    const options = (onReady: (h: LiveSessionHandle) => void): PaperOptions => ({
      strategyFile: live.strategyFile, bundlesDir: live.bundlesDir, bundle: 'live', frequency: 'minute', onExit: 'keep',
      logger: testLogger(), sessions: 1, feed: 'alpaca', capital: 100_000, fill: 'next-close', benchmark: 'none', env: sim.env, time: simTime(sim),
      stateDir, barGraceSeconds: 30, onReady,
    });
    try {
      let first: LiveSessionHandle | undefined;
      const running = runPaper(options((h) => { first = h; }));
      await lockstep(sim, () => first, OPEN_MS + 120 * 60_000);
      first!.stop('test stop');
      const before = await running;
      expect(before.summary.stoppedBy).toBe('test stop');
      const journaled = foldJournal(readJournal(first!.journalFile).records);
      expect(journaled.fills.size).toBeGreaterThan(0);

      let second: LiveSessionHandle | undefined;
      let restored: { cash: number; positions: [string, number][] } | undefined;
      const again = runPaper(options((h) => {
        second = h;
        restored = { cash: h.engine.ledger.cash, positions: [...h.engine.ledger.positions.values()].map((p) => [p.asset.symbol, p.amount]) };
      }));
      await lockstep(sim, () => second, CLOSE_MS + 60_000);
      const after = await again;
      // the books the second process starts from: the first one's, from the journaled fills
      expect(restored!.cash).toBeCloseTo(100_000 + journaled.cashDelta, 6);
      expect(restored!.cash).toBeCloseTo(before.summary.cash, 6);
      expect(restored!.positions).toEqual(before.summary.positions.map((p) => [p.symbol, p.amount]));
      expect(after.error).toBeNull();
      expect(after.incarnation).toBe(2);
      expect(after.summary.orders.placed).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  });
});
