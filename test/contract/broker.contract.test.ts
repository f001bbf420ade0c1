import { AlpacaBroker } from '../../src/adapters/alpaca/alpaca-broker.js';
import { resolveAlpacaConfig } from '../../src/adapters/alpaca/config.js';
import { startAlpacaSim } from '../../src/alpaca-sim/index.js';
import { PartialFillSlippage } from '../../src/alpaca-sim/partial-fills.js';
import { getCalendar } from '../../src/calendar/index.js';
import { MINUTE_MS } from '../../src/core/time.js';
import { createBundleMarketData } from '../../src/data/market-data/index.js';
import { NoCommission } from '../../src/finance/commission.js';
import { NoSlippage } from '../../src/finance/slippage/no-slippage.js';
import type { Asset } from '../../src/model/asset.js';
import { SimulatedBroker } from '../../src/sim/simulated-broker.js';
import { brokerContract, type ContractHarness } from './broker.contract.js';
import { CONTRACT_SESSION, useContractBundle } from './contract-bundle.js';
import { until } from '../helpers/poll.js';

const contract = useContractBundle('ziplime-contract-');
const calendar = getCalendar('XNYS');
const session = calendar.sessionIndex(CONTRACT_SESSION);
const open = calendar.opens[session]!;

const assetOf = (symbol: string): Asset => contract.assets.get(symbol)!;

brokerContract('SimulatedBroker', async ({ partialFillRatio }) => {
  const marketData = await createBundleMarketData({ reader: contract.reader, calendar, frequency: 'minute', startIndex: session, endIndex: session });
  const slippage = new PartialFillSlippage(new NoSlippage(), partialFillRatio ?? 1);
  const broker = new SimulatedBroker({ marketData, models: { commission: new NoCommission(), slippage }, startingCash: 100_000 });
  let dt = open;
  const step = async () => {
    dt += MINUTE_MS;
    await marketData.advanceTo(dt);
    return broker.sync(dt);
  };
  await step(); // bar 0 complete: 09:31
  return { broker, asset: assetOf, step, close: () => broker.close() } satisfies ContractHarness;
});

brokerContract('AlpacaBroker on the simulator', async ({ partialFillRatio }) => {
  const sim = await startAlpacaSim({ reader: contract.reader, speed: 0, partialFillRatio, models: { slippage: new NoSlippage() } });
  const broker = new AlpacaBroker({
    config: resolveAlpacaConfig({ keyId: 'test', secretKey: 'test', baseUrl: sim.baseUrl, dataUrl: sim.dataUrl }, {}),
    rest: { rateLimit: false },
    stream: { pingIntervalMs: 1_000, pongTimeoutMs: 1_000 },
    resolveAsset: (s) => contract.assets.get(s),
  });
  let sent = 0, received = 0;
  sim.admin.venue.onUpdate(() => sent++);
  broker.stream.onUpdate(() => received++);
  await broker.connect();
  /** Waits (bounded) until every trade update the venue sent has arrived over the socket. */
  const delivered = async () => {
    await until(() => received >= sent, `the ${sent - received} trade update(s) the venue sent`, 5_000);
  };
  const step = async () => {
    await delivered();
    await sim.admin.advance(1);
    await delivered();
    return broker.sync(sim.admin.now());
  };
  await sim.admin.advance(1); // bar 0 complete: 09:31
  return {
    broker,
    asset: assetOf,
    step,
    close: async () => {
      await broker.close();
      await sim.close();
    },
  } satisfies ContractHarness;
});
