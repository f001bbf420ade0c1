import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAlpacaSim } from '../../src/alpaca-sim/index.js';
import type { AlpacaSimOptions } from '../../src/alpaca-sim/options.js';
import { openBundle } from '../../src/data/registry.js';
import { runPaper } from '../../src/runtime/paper.js';
import { tempDir } from '../helpers/temp-dir.js';
import { CLOSE_MS, ingestLiveBundle, testLogger, writeStrategy } from './live-harness.js';

/** Every minute event: its instant and whether AAA and BBB had their bar for it. */
const COUNTING_STRATEGY = `
import { commission, defineStrategy } from 'ziplime';
export default defineStrategy({
  state: () => ({ aaa: undefined, bbb: undefined }),
  async initialize(ctx) {
    ctx.state.aaa = await ctx.symbol('AAA');
    ctx.state.bbb = await ctx.symbol('BBB');
    ctx.setCommission(commission.none());
  },
  handleData(ctx, data) {
    globalThis.__graceMinutes.push({ dt: ctx.now.getTime(), aaa: data.canTrade(ctx.state.aaa), bbb: data.canTrade(ctx.state.bbb) });
  },
});
`;

/** AAA's bar of 15:45 New York (19:45 UTC) is missing from the data, so the simulator never publishes it. */
const WITHHELD = '2024-10-01 15:45';
const WITHHELD_END = Date.parse('2024-10-01T19:46:00Z');
const START = '2024-10-01T18:30:00Z';

describe('minute bars at 600× replay against the simulator, default bar grace', () => {
  const tmp = tempDir('ziplime-bar-grace-');

  it('every bar that arrives is tradable for its minute; the one withheld bar is reported stale', async () => {
    const { bundlesDir } = await ingestLiveBundle(tmp.dir, [WITHHELD]);
    const strategyFile = writeStrategy(tmp.dir, 'count-minutes', COUNTING_STRATEGY);
    const reader = await openBundle(bundlesDir, 'live');
    const sim = await startAlpacaSim({ reader, speed: 600, start: START } as AlpacaSimOptions);
    const seen: { dt: number; aaa: boolean; bbb: boolean }[] = [];
    (globalThis as { __graceMinutes?: unknown }).__graceMinutes = seen;
    try {
      // time from the simulator's /v2/clock (speed estimated from samples), as `ziplime paper` does
      const outcome = await runPaper({
        strategyFile, bundlesDir, bundle: 'live', frequency: 'minute', onExit: 'cancel', logger: testLogger(), sessions: 1,
        feed: 'alpaca', capital: 100_000, fill: 'next-close', benchmark: 'none', env: sim.env, stateDir: path.join(tmp.dir, 'state'),
      });
      expect(outcome.error).toBeNull();
      // the session started a few replayed minutes after START and ran to the close
      expect(seen.length).toBeGreaterThan(30);
      expect(seen.at(-1)!.dt).toBe(CLOSE_MS);
      for (let k = 1; k < seen.length; k++) expect(seen[k]!.dt - seen[k - 1]!.dt).toBe(60_000);
      const withheld = seen.filter((m) => m.dt === WITHHELD_END);
      expect(withheld).toEqual([{ dt: WITHHELD_END, aaa: false, bbb: true }]);
      // every other minute had both bars (each was published by the simulator)
      expect(seen.filter((m) => m.dt !== WITHHELD_END && !(m.aaa && m.bbb))).toEqual([]);
      expect(outcome.summary.staleBars).toBe(1);
    } finally {
      delete (globalThis as { __graceMinutes?: unknown }).__graceMinutes;
      await sim.close();
      await reader.close();
      tmp.remove();
    }
  }, 120_000);
});
