import { performance } from 'node:perf_hooks';
import { AlpacaBroker } from '../../src/adapters/alpaca/alpaca-broker.js';
import { createAlpacaRest } from '../../src/adapters/alpaca/client.js';
import { resolveAlpacaConfig } from '../../src/adapters/alpaca/config.js';
import { startAlpacaSim } from '../../src/alpaca-sim/index.js';
import { openBundle } from '../../src/data/registry.js';
import { runIngest } from '../../src/runtime/ingest.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { BenchRow } from './types.js';

const SYMBOLS = ['AAPL', 'MSFT', 'AMZN', 'GOOG', 'JPM', 'XOM', 'JNJ', 'KO', 'PG', 'WMT'];
const LATENCY_MS = 100;
const ORDERS = 400;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * The Alpaca path against the local simulator (demo bundle, loopback): ten one-day minute-bar
 * history requests with 100 ms added latency — one alone, ten with `Promise.all`, ten in
 * sequence — and order submissions per second through `AlpacaBroker` with the rate limiter off,
 * against the bare HTTP round-trip rate of the same server.
 */
export async function run(): Promise<BenchRow[]> {
  const tmp = tempDir('ziplime-bench-alpaca-');
  try {
    await runIngest({ bundlesDir: tmp.dir });
    const sim = await startAlpacaSim({ bundlesDir: tmp.dir, bundle: 'demo', speed: 0, start: '2024-11-01', latencyMs: LATENCY_MS });
    try {
      const config = resolveAlpacaConfig({ keyId: 'test', secretKey: 'test', baseUrl: sim.baseUrl, dataUrl: sim.dataUrl }, {});
      const { marketData } = createAlpacaRest(config);
      const history = (symbol: string) => marketData.barsPage({ symbols: [symbol], timeframe: '1Min', start: '2024-10-31', end: '2024-10-31' });
      for (const s of SYMBOLS) await history(s); // warm the simulator's per-day bar cache
      const one = median(await seq(5, () => timed(() => history('AAPL'))));
      const parallel = median(await seq(5, () => timed(() => Promise.all(SYMBOLS.map(history)))));
      const sequential = median(await seq(3, () => timed(async () => { for (const s of SYMBOLS) await history(s); })));

      sim.admin.clearFaults();
      sim.admin.setFaults({ latencyMs: 0 }); // the order rows measure the round trip itself
      const rest = createAlpacaRest(config, { rateLimit: false });
      const clockCalls = 400;
      const floorMs = await timed(async () => { for (let i = 0; i < clockCalls; i++) await rest.trading.getClock(); });
      const broker = new AlpacaBroker({ config, rest: { rateLimit: false } });
      const reader = await openBundle(tmp.dir, 'demo');
      const msft = (await reader.lookupSymbol('MSFT'))!;
      await reader.close();
      const submitMs = await timed(async () => {
        for (let i = 0; i < ORDERS; i++) {
          await broker.submitOrder({ asset: msft, amount: 1, style: { type: 'limit', limitPrice: 1 }, clientOrderId: `bench-${i}` });
        }
      });
      const concurrentMs = await timed(() => Promise.all(Array.from({ length: ORDERS }, (_, i) =>
        broker.submitOrder({ asset: msft, amount: 1, style: { type: 'limit', limitPrice: 1 }, clientOrderId: `bench-c-${i}` }))));
      await broker.close();
      const floorRate = (clockCalls / floorMs) * 1000;
      const submitRate = (ORDERS / submitMs) * 1000;
      return [
        { benchmark: `1 history request (1 day of 1Min bars, +${LATENCY_MS} ms latency)`, value: one, unit: 'ms' },
        { benchmark: '10 history requests with Promise.all', value: parallel, unit: 'ms', ratio: `${(parallel / one).toFixed(2)}× one request`, target: '≤ 1.5× one request' },
        { benchmark: '10 history requests in sequence', value: sequential, unit: 'ms', ratio: `${(sequential / one).toFixed(2)}× one request`, target: '≈ 10× one request' },
        { benchmark: 'simulator: orders submitted one after another (limiter off)', value: submitRate, unit: 'orders/s', ratio: `${(submitRate / floorRate).toFixed(2)}× bare GET /v2/clock round trips (${Math.round(floorRate)}/s)` },
        { benchmark: `simulator: ${ORDERS} orders submitted at once (limiter off)`, value: (ORDERS / concurrentMs) * 1000, unit: 'orders/s' },
      ];
    } finally {
      await sim.close();
    }
  } finally {
    tmp.remove();
  }
}

async function seq<T>(n: number, fn: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await fn());
  return out;
}
