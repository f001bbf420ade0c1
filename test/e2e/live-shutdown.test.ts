import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAlpacaSim } from '../../src/alpaca-sim/index.js';
import { useLiveBundle } from '../integration/live-harness.js';
import { exitOf, journal, startCli, waitFor } from './live-process.js';

/** Places one limit buy far under the market on the first bar it sees: it stays open. */
const RESTING_ORDER = `
import { defineStrategy, limit } from 'ziplime';
export default defineStrategy({
  state: () => ({ asset: undefined, placed: false }),
  async initialize(ctx) { ctx.state.asset = await ctx.symbol('AAA'); },
  async handleData(ctx, data) {
    if (ctx.state.placed || !data.canTrade(ctx.state.asset)) return;
    ctx.state.placed = true;
    await ctx.order(ctx.state.asset, 10, limit(50));
  },
});
`;

const live = useLiveBundle('ziplime-shutdown-', { name: 'resting', source: RESTING_ORDER });

describe.each(['cancel', 'keep'] as const)('ziplime live stopped with SIGTERM, --on-exit %s', (onExit) => {
  it('stops taking bars, settles the open order as asked, flushes the journal, prints the summary and exits 0', async () => {
    const sim = await startAlpacaSim({ reader: live.reader, speed: 120, start: '2024-10-01T13:29:00Z' });
    const stateDir = path.join(live.dir, `state-${onExit}`);
    try {
      const proc = startCli([
        'live', live.strategyFile, '--broker', 'alpaca', '--bundles-dir', live.bundlesDir, '--bundle', 'live', '--frequency', 'minute',
        '--benchmark', 'none', '--state-dir', stateDir, '--on-exit', onExit, '--log-file', path.join(live.dir, `${onExit}.log`),
      ], sim.env);
      await waitFor(() => journal(stateDir).some((r) => r.type === 'order' && r.status === 'open'), 'the resting order to be open', proc);
      proc.child.kill('SIGTERM');
      // bounded: a process still running after 20 s is killed, and then has no exit code 0
      const { code } = await exitOf(proc, 20_000);
      expect(code).toBe(0);
      expect(proc.stdout()).toMatch(/live session/);
      expect(proc.stdout()).toMatch(onExit === 'keep' ? /1 open \(kept\)/ : /1 cancelled/);
      const records = journal(stateDir);
      expect(records.at(-1)).toMatchObject({ type: 'stop', reason: 'SIGTERM', onExit, openOrders: onExit === 'keep' ? 1 : 0 });
      const [order] = sim.admin.venue.all();
      expect(order!.status).toBe(onExit === 'keep' ? 'new' : 'canceled');
    } finally {
      await sim.close();
    }
  }, 60_000);
});
