import { CcxtFeed } from '../../src/adapters/ccxt/ccxt-feed.js';
import { resolveCcxtConfig } from '../../src/adapters/ccxt/config.js';
import { createCcxtExchange } from '../../src/adapters/ccxt/exchange.js';
import { startAlpacaSim } from '../../src/alpaca-sim/index.js';
import { MINUTE_MS } from '../../src/core/time.js';
import { DEMO_CRYPTO_T0, demoCryptoSeries, simFaults, useDemoCryptoMarket } from '../helpers/demo-crypto-market.js';
import { liveFeedContract } from './live-feed.contract.js';

// CcxtFeed (REST polling through ccxt's binance class) on `ziplime sim --protocol binance` over the
// demo crypto market. Expected closes come from the generator: minute k of 2024-12-25 is index k.
const market = useDemoCryptoMarket('ziplime-ccxt-feed-contract-');
const T0 = DEMO_CRYPTO_T0;
const closes = new Map(['BTC/USDT', 'ETH/USDT'].map((symbol, i) => [symbol, demoCryptoSeries(i).minute.close]));

liveFeedContract('CcxtFeed (polling) on the binance simulator', async () => {
  const sim = await startAlpacaSim({ reader: market.reader, speed: 0, protocol: 'binance' });
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
    drop: () => { void simFaults(sim, { serverErrors: { count: 3, status: 503 } }); },
    close: async () => {
      await feed.close();
      await sim.close();
    },
  };
});
