import { CcxtFeed } from '../../src/adapters/ccxt/ccxt-feed.js';
import { resolveCcxtConfig } from '../../src/adapters/ccxt/config.js';
import { createCcxtExchange } from '../../src/adapters/ccxt/exchange.js';
import { startAlpacaSim } from '../../src/alpaca-sim/index.js';
import { MINUTE_MS } from '../../src/core/time.js';
import { openBundle } from '../../src/data/registry.js';
import { DEMO_CRYPTO_PAIRS, DEMO_CRYPTO_SEED, simulatePair } from '../../src/data/sources/demo-crypto.js';
import { DemoRandom, streamSeed } from '../../src/data/sources/demo-random.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import { runIngest } from '../../src/runtime/ingest.js';
import { afterAll, beforeAll } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { liveFeedContract } from './live-feed.contract.js';

// CcxtFeed (REST polling through ccxt's binance class) on `ziplime sim --protocol binance` over the
// demo crypto market. Expected closes come from the generator: minute k of 2024-12-25 is index k.
const tmp = tempDir('ziplime-ccxt-feed-contract-');
let reader: BundleReader;
const T0 = Date.UTC(2024, 11, 25);
const closes = new Map(DEMO_CRYPTO_PAIRS.slice(0, 2).map((p, i) => [p.symbol, simulatePair(p, new DemoRandom(streamSeed(DEMO_CRYPTO_SEED, i + 1))).minute.close] as const));

beforeAll(async () => {
  await runIngest({ bundlesDir: tmp.dir, source: 'demo-crypto' });
  reader = await openBundle(tmp.dir, 'demo-crypto');
});
afterAll(async () => {
  await reader?.close();
  tmp.remove();
});

liveFeedContract('CcxtFeed (polling) on the binance simulator', async () => {
  const sim = await startAlpacaSim({ reader, speed: 0, protocol: 'binance' });
  await sim.admin.advance(5);
  const config = resolveCcxtConfig({ exchange: 'binance', apiUrl: sim.env.BINANCE_API_URL }, {});
  const exchange = createCcxtExchange(config, { enableRateLimit: false });
  const sids = new Map([['BTC/USDT', 0], ['ETH/USDT', 1]]);
  const feed = new CcxtFeed({ exchange, sidOf: (s) => sids.get(s), now: () => sim.admin.now(), pollMs: 20 });
  return {
    feed,
    symbols: ['BTC/USDT', 'ETH/USDT'],
    expectedClose: (symbol, ts) => closes.get(symbol)![(ts - T0) / MINUTE_MS]!,
    nextMinute: () => Math.floor(sim.admin.now() / MINUTE_MS) * MINUTE_MS,
    advance: (minutes) => sim.admin.advance(minutes),
    // A polling feed has no socket: the venue failing its next requests is its dropped connection.
    drop: () => { void fetch(`${sim.baseUrl}/_sim/faults`, { method: 'POST', headers: { 'X-MBX-APIKEY': sim.env.ZIPLIME_CCXT_API_KEY!, 'Content-Type': 'application/json' }, body: JSON.stringify({ serverErrors: { count: 3, status: 503 } }) }); },
    close: async () => {
      await feed.close();
      await sim.close();
    },
  };
});
