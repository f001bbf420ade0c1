import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCcxtConfig } from '../../src/adapters/ccxt/config.js';
import { createCcxtExchange } from '../../src/adapters/ccxt/exchange.js';
import { startAlpacaSim, type AlpacaSim } from '../../src/alpaca-sim/index.js';
import { openBundle } from '../../src/data/registry.js';
import { DEMO_CRYPTO_PAIRS, DEMO_CRYPTO_SEED, simulatePair } from '../../src/data/sources/demo-crypto.js';
import { DemoRandom, streamSeed } from '../../src/data/sources/demo-random.js';
import type { FillEntry, IntentEntry } from '../../src/live/journal.js';
import type { RunResult } from '../../src/model/results.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import { runIngest } from '../../src/runtime/ingest.js';
import { tempDir } from '../helpers/temp-dir.js';
import { exitOf, journal, startCli, waitFor } from './live-process.js';

// `ziplime live --broker ccxt` against `ziplime sim --protocol binance` (in-process, loopback) on
// the demo crypto market: the last 40 minutes of 2024-12-26 replayed at 60 minutes a minute;
// crypto-momentum on 1-minute bars (lookback 3) switches pairs every few minutes.
const tmp = tempDir('ziplime-ccxt-restart-');
let reader: BundleReader;
const SPEED = 60;
const START = '2024-12-26T23:20:00Z';
/** Index of 2024-12-26 23:59 in the generator's minute bars (minute days start 2024-12-25). */
const LAST_MINUTE = 1440 + 1439;

beforeAll(async () => {
  await runIngest({ bundlesDir: tmp.dir, source: 'demo-crypto' });
  reader = await openBundle(tmp.dir, 'demo-crypto');
});
afterAll(async () => {
  await reader?.close();
  tmp.remove();
});

describe('ziplime live --broker ccxt killed with SIGKILL mid-session and restarted', () => {
  it('sends no client order id twice, loses no fill, and ends with positions, cash and value equal to the exchange', async () => {
    const sim: AlpacaSim = await startAlpacaSim({ reader, speed: 0, protocol: 'binance', start: START });
    const stateDir = path.join(tmp.dir, 'state');
    const args = [
      'live', 'strategies/crypto-momentum.ts', '--broker', 'ccxt', '--exchange', 'binance', '--api-url', sim.env.BINANCE_API_URL!,
      '--bundles-dir', tmp.dir, '--bundle', 'demo-crypto', '--frequency', 'minute', '--param', 'bar=1m', '--param', 'lookback=3',
      '--benchmark', 'none', '--state-dir', stateDir, '--sessions', '1', '--bar-grace', '20',
      '--log-file', process.env.ZIPLIME_TEST_LOG ?? path.join(tmp.dir, 'live.log'),
    ];
    const env = { ZIPLIME_CCXT_API_KEY: sim.env.ZIPLIME_CCXT_API_KEY!, ZIPLIME_CCXT_SECRET: sim.env.ZIPLIME_CCXT_SECRET! };
    const starts = () => journal(stateDir).filter((r) => r.type === 'reconcile' && r.trigger === 'start').length;
    try {
      const first = startCli(args, env);
      await waitFor(() => starts() === 1, 'the first process to reconcile', first);
      sim.admin.setSpeed(SPEED);
      // kill after a few orders, while one is at the exchange and not yet filled: the restart must
      // find it there by the id it was given (this process never saw it) and take over its fills
      const after = 3 + Math.floor(Math.random() * 3);
      await waitFor(() => {
        const records = journal(stateDir);
        const intents = records.filter((r) => r.type === 'intent').length;
        const last = records.at(-1);
        return intents >= after && last?.type === 'order' && last.status === 'open';
      }, 'an order open at the exchange', first, 90_000);
      first.child.kill('SIGKILL');
      expect((await exitOf(first)).signal).toBe('SIGKILL');
      sim.admin.setSpeed(0);
      const inFlight = journal(stateDir).at(-1)!;

      const second = startCli(args, env);
      await waitFor(() => starts() === 2, 'the second process to reconcile', second);
      sim.admin.setSpeed(SPEED);
      const { code } = await exitOf(second, 90_000);
      sim.admin.setSpeed(0);
      expect(second.stderr()).toBe('');
      expect(code).toBe(0);
      expect(second.stdout()).toMatch(/live session/);

      const records = journal(stateDir);
      const intents = records.filter((r): r is IntentEntry & { seq: number; at: string } => r.type === 'intent');
      const fills = records.filter((r): r is FillEntry & { seq: number; at: string } => r.type === 'fill');
      // the in-flight order was settled by the restart's reconciliation, not sent again
      const cid = 'cid' in inFlight ? inFlight.cid : '';
      expect(cid).not.toBe('');
      expect(intents.filter((i) => i.cid === cid)).toHaveLength(1);
      const venue = sim.admin.venue.all();
      expect(venue.length).toBeGreaterThanOrEqual(after);
      expect(new Set(venue.map((o) => o.clientOrderId)).size).toBe(venue.length);
      expect(venue.filter((o) => o.clientOrderId === cid).length).toBeLessThanOrEqual(1);
      // no lost fill: per order, the journaled executions add up to what the exchange filled
      for (const o of venue) {
        const journaled = fills.filter((f) => f.cid === o.clientOrderId).reduce((s, f) => s + f.amount, 0);
        expect(journaled, o.clientOrderId).toBeCloseTo(o.side === 'buy' ? o.filledQty : -o.filledQty, 9);
      }

      // the second process's books at its end equal the exchange's account, read over its REST API
      const result = JSON.parse(readFileSync(path.join(stateDir, 'session-2.json'), 'utf8')) as RunResult;
      const ex = createCcxtExchange(resolveCcxtConfig({ exchange: 'binance', apiUrl: sim.env.BINANCE_API_URL, apiKey: env.ZIPLIME_CCXT_API_KEY, secret: env.ZIPLIME_CCXT_SECRET }, {}), { enableRateLimit: false });
      const balance = (await ex.fetchBalance()).total as unknown as Record<string, number>;
      const held = Object.entries(balance).filter(([c, v]) => c !== 'USDT' && v > 0).map(([c, v]) => ({ symbol: `${c}/USDT`, amount: v }));
      expect(result.positions.map((p) => p.symbol).sort()).toEqual(held.map((h) => h.symbol).sort());
      for (const h of held) expect(result.positions.find((p) => p.symbol === h.symbol)!.amount, h.symbol).toBeCloseTo(h.amount, 8);
      expect(result.summary.endingCash).toBeCloseTo(balance.USDT!, 2);
      // the value: the exchange's cash and holdings at the generator's 23:59 closes
      const close = new Map(DEMO_CRYPTO_PAIRS.map((p, i) => [p.symbol, simulatePair(p, new DemoRandom(streamSeed(DEMO_CRYPTO_SEED, i + 1))).minute.close[LAST_MINUTE]!]));
      const value = balance.USDT! + held.reduce((s, h) => s + h.amount * close.get(h.symbol)!, 0);
      expect(result.summary.endingValue).toBeCloseTo(value, 2);
      const shutdownChecks = records.flatMap((r) => (r.type === 'reconcile' && r.trigger === 'shutdown' ? [r.differences] : []));
      expect(shutdownChecks).toEqual([[]]);
    } finally {
      await sim.close();
    }
  }, 240_000);
});
