import { CcxtBroker } from '../../src/adapters/ccxt/ccxt-broker.js';
import { resolveCcxtConfig } from '../../src/adapters/ccxt/config.js';
import { createCcxtExchange } from '../../src/adapters/ccxt/exchange.js';
import { startAlpacaSim } from '../../src/alpaca-sim/index.js';
import { NoCommission } from '../../src/finance/commission.js';
import { NoSlippage } from '../../src/finance/slippage/no-slippage.js';
import type { Asset } from '../../src/model/asset.js';
import { brokerContract, type ContractHarness, type HarnessFactory } from './broker.contract.js';
import { useContractBundle } from './contract-bundle.js';

// CcxtBroker (ccxt's binance class) against `ziplime sim --protocol binance` over loopback. The
// simulator lists the contract bundle's equities as spot markets AAA/USD and BBB/USD (whole
// units, quote USD); commission and slippage are off so the contract's hand-computed numbers hold.
const contract = useContractBundle('ziplime-ccxt-contract-');

const ccxtOnBinanceSim: HarnessFactory = async ({ partialFillRatio }) => {
  const sim = await startAlpacaSim({ reader: contract.reader, speed: 0, protocol: 'binance', partialFillRatio, models: { commission: new NoCommission(), slippage: new NoSlippage() } });
  const config = resolveCcxtConfig({ exchange: 'binance', apiUrl: sim.env.BINANCE_API_URL, apiKey: sim.env.ZIPLIME_CCXT_API_KEY, secret: sim.env.ZIPLIME_CCXT_SECRET }, {});
  const bySymbol = new Map<string, Asset>([...contract.assets.values()].map((a) => [`${a.symbol}/USD`, a]));
  const broker = new CcxtBroker({
    exchange: createCcxtExchange(config, { enableRateLimit: false }),
    resolveAsset: (s) => bySymbol.get(s), marketSymbol: (a: Asset) => `${a.symbol}/USD`, quote: 'USD',
  });
  await broker.connect();
  await sim.admin.advance(1); // bar 0 complete: 09:31
  return {
    broker,
    asset: (s) => contract.assets.get(s)!,
    step: async () => {
      await sim.admin.advance(1);
      return broker.sync();
    },
    close: async () => {
      await broker.close();
      await sim.close();
    },
  } satisfies ContractHarness;
};

brokerContract('CcxtBroker on the binance simulator', ccxtOnBinanceSim, { spot: true });
