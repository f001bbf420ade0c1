import { afterAll, afterEach, beforeAll } from 'vitest';
import { startAlpacaSim, type AlpacaSim } from '../../src/alpaca-sim/index.js';
import type { AlpacaSimOptions } from '../../src/alpaca-sim/options.js';
import { openBundle } from '../../src/data/registry.js';
import { DEMO_CRYPTO_PAIRS, DEMO_CRYPTO_SEED, simulatePair } from '../../src/data/sources/demo-crypto.js';
import { DemoRandom, streamSeed } from '../../src/data/sources/demo-random.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import { runIngest } from '../../src/runtime/ingest.js';
import { tempDir } from './temp-dir.js';

/** The first minute bar of the demo crypto market (2024-12-25 00:00 UTC), the simulator's default start. */
export const DEMO_CRYPTO_T0 = Date.UTC(2024, 11, 25);

/**
 * The bars the demo-crypto generator makes for pair `i` of `DEMO_CRYPTO_PAIRS` (0 = BTC/USDT,
 * 1 = ETH/USDT, …): the series its bundle is written from, so tests can state expected prices
 * without asking the simulator. Minute `k` of 2024-12-25 is index `k` of `.minute`.
 */
export function demoCryptoSeries(i: number): ReturnType<typeof simulatePair> {
  return simulatePair(DEMO_CRYPTO_PAIRS[i]!, new DemoRandom(streamSeed(DEMO_CRYPTO_SEED, i + 1)));
}

/** The demo crypto market of a test file: its bundle, and binance-protocol simulators on it. */
export interface DemoCryptoMarket {
  /** Bundles folder holding the `demo-crypto` bundle. */
  readonly dir: string;
  /** The bundle, open (from `beforeAll` on). */
  readonly reader: BundleReader;
  /**
   * Starts `ziplime sim --protocol binance` on the bundle in manual time (speed 0) with `options`
   * on top; it is closed after the test.
   */
  startSim(options?: Partial<AlpacaSimOptions>): Promise<AlpacaSim>;
}

/**
 * Ingests `demo-crypto` into a temporary bundles folder before the file's tests (`prefix` names
 * the folder), opens it, and closes and removes it after them; a simulator started with
 * `startSim` is closed after each test.
 */
export function useDemoCryptoMarket(prefix: string): DemoCryptoMarket {
  const tmp = tempDir(prefix);
  let reader: BundleReader | undefined;
  let sim: AlpacaSim | undefined;
  beforeAll(async () => {
    await runIngest({ bundlesDir: tmp.dir, source: 'demo-crypto' });
    reader = await openBundle(tmp.dir, 'demo-crypto');
  });
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });
  afterAll(async () => {
    await reader?.close();
    tmp.remove();
  });
  return {
    dir: tmp.dir,
    get reader() {
      if (!reader) throw new Error('the demo-crypto bundle is opened in beforeAll; use it inside a test');
      return reader;
    },
    async startSim(options = {}) {
      await sim?.close();
      sim = await startAlpacaSim({ reader: this.reader, speed: 0, protocol: 'binance', ...options } as AlpacaSimOptions);
      return sim;
    },
  };
}

/** Sets faults of a running binance-protocol simulator (`POST /_sim/faults`, see src/alpaca-sim/faults.ts). */
export async function simFaults(sim: AlpacaSim, faults: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sim.baseUrl}/_sim/faults`, {
    method: 'POST', headers: { 'X-MBX-APIKEY': sim.env.ZIPLIME_CCXT_API_KEY!, 'Content-Type': 'application/json' }, body: JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`the simulator refused faults ${JSON.stringify(faults)}: HTTP ${res.status}`);
}
