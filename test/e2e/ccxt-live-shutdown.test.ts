import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlpacaSim } from '../../src/alpaca-sim/index.js';
import { openBundle } from '../../src/data/registry.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import { runIngest } from '../../src/runtime/ingest.js';
import { tempDir } from '../helpers/temp-dir.js';
import { exitOf, journal, startCli, waitFor } from './live-process.js';

// `ziplime live --broker ccxt` against `ziplime sim --protocol binance` stopped with SIGTERM while
// a limit order rests at the exchange: the same --on-exit policy as with Alpaca.
const tmp = tempDir('ziplime-ccxt-shutdown-');
let reader: BundleReader;
/** One limit buy of 0.01 BTC at 1 000 USDT (far below the market: it rests), placed once. */
const RESTING = `
import { defineStrategy, limit } from 'ziplime';
export default defineStrategy({
  state: () => ({ placed: false }),
  async handleData(ctx) {
    if (ctx.state.placed) return;
    ctx.state.placed = true;
    await ctx.order(await ctx.symbol('BTC/USDT'), 0.01, limit(1000));
  },
});
`;
let strategyFile = '';

beforeAll(async () => {
  await runIngest({ bundlesDir: tmp.dir, source: 'demo-crypto' });
  reader = await openBundle(tmp.dir, 'demo-crypto');
  strategyFile = path.join(tmp.dir, 'resting.ts');
  writeFileSync(strategyFile, RESTING);
});
afterAll(async () => {
  await reader?.close();
  tmp.remove();
});

describe.each(['cancel', 'keep'] as const)('ziplime live --broker ccxt stopped with SIGTERM, --on-exit %s', (onExit) => {
  it('settles the resting order as asked at the exchange, flushes the journal, prints the summary and exits 0', async () => {
    const sim = await startAlpacaSim({ reader, speed: 120, protocol: 'binance', start: '2024-12-26T12:00:00Z' });
    const stateDir = path.join(tmp.dir, `state-${onExit}`);
    try {
      const proc = startCli([
        'live', strategyFile, '--broker', 'ccxt', '--exchange', 'binance', '--api-url', sim.env.BINANCE_API_URL!,
        '--bundles-dir', tmp.dir, '--bundle', 'demo-crypto', '--frequency', 'minute', '--benchmark', 'none',
        '--state-dir', stateDir, '--on-exit', onExit, '--log-file', process.env.ZIPLIME_TEST_LOG ?? path.join(tmp.dir, `${onExit}.log`),
      ], { ZIPLIME_CCXT_API_KEY: sim.env.ZIPLIME_CCXT_API_KEY!, ZIPLIME_CCXT_SECRET: sim.env.ZIPLIME_CCXT_SECRET! });
      await waitFor(() => journal(stateDir).some((r) => r.type === 'order' && r.status === 'open'), 'the resting order to be open', proc);
      proc.child.kill('SIGTERM');
      // bounded: a process still running after 30 s is killed, and then has no exit code 0
      const { code } = await exitOf(proc, 30_000);
      expect(proc.stderr()).toBe('');
      expect(code).toBe(0);
      expect(proc.stdout()).toMatch(onExit === 'keep' ? /1 open \(kept\)/ : /1 cancelled/);
      expect(journal(stateDir).at(-1)).toMatchObject({ type: 'stop', reason: 'SIGTERM', onExit, openOrders: onExit === 'keep' ? 1 : 0 });
      const orders = sim.admin.venue.all();
      expect(orders).toHaveLength(1);
      expect(orders[0]!.status).toBe(onExit === 'keep' ? 'new' : 'canceled');
    } finally {
      await sim.close();
    }
  }, 90_000);
});
