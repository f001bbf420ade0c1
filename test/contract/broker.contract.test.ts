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
import type { Broker } from '../../src/ports/broker.js';
import { SimulatedBroker } from '../../src/sim/simulated-broker.js';
import { brokerContract, type ContractHarness, type HarnessFactory } from './broker.contract.js';
import { CONTRACT_SESSION, useContractBundle } from './contract-bundle.js';
import { until } from '../helpers/poll.js';
import { tempDir } from '../helpers/temp-dir.js';
import { pino } from 'pino';
import { Journal } from '../../src/live/journal.js';
import { JournaledBroker } from '../../src/live/journaled-broker.js';

const contract = useContractBundle('ziplime-contract-');
const calendar = getCalendar('XNYS');
const session = calendar.sessionIndex(CONTRACT_SESSION);
const open = calendar.opens[session]!;

const assetOf = (symbol: string): Asset => contract.assets.get(symbol)!;

/** Puts the live layer's write-ahead journal (in a fresh state folder) in front of a broker, or nothing. */
type Wrap = (broker: Broker) => { broker: Broker; close: () => void };
const bare: Wrap = (broker) => ({ broker, close: () => {} });
const journaled: Wrap = (inner) => {
  const dir = tempDir('ziplime-contract-journal-');
  const journal = new Journal(dir.dir);
  let now = 0;
  const broker = new JournaledBroker(inner, { journal, logger: pino({ level: 'silent' }), now: () => now });
  const sync = broker.sync.bind(broker);
  broker.sync = (dt) => sync((now = dt));
  return { broker, close: () => { journal.close(); dir.remove(); } };
};

const simulated = (wrap: Wrap): HarnessFactory => async ({ partialFillRatio }) => {
  const marketData = await createBundleMarketData({ reader: contract.reader, calendar, frequency: 'minute', startIndex: session, endIndex: session });
  const slippage = new PartialFillSlippage(new NoSlippage(), partialFillRatio ?? 1);
  const wrapped = wrap(new SimulatedBroker({ marketData, models: { commission: new NoCommission(), slippage }, startingCash: 100_000 }));
  const broker = wrapped.broker;
  let dt = open;
  const step = async () => {
    dt += MINUTE_MS;
    await marketData.advanceTo(dt);
    return broker.sync(dt);
  };
  await step(); // bar 0 complete: 09:31
  return { broker, asset: assetOf, step, close: async () => { await broker.close(); wrapped.close(); } } satisfies ContractHarness;
};

const alpacaOnSim = (wrap: Wrap): HarnessFactory => async ({ partialFillRatio }) => {
  const sim = await startAlpacaSim({ reader: contract.reader, speed: 0, partialFillRatio, models: { slippage: new NoSlippage() } });
  const alpaca = new AlpacaBroker({
    config: resolveAlpacaConfig({ keyId: 'test', secretKey: 'test', baseUrl: sim.baseUrl, dataUrl: sim.dataUrl }, {}),
    rest: { rateLimit: false },
    stream: { pingIntervalMs: 1_000, pongTimeoutMs: 1_000 },
    resolveAsset: (s) => contract.assets.get(s),
  });
  let sent = 0, received = 0;
  sim.admin.venue.onUpdate(() => sent++);
  alpaca.stream.onUpdate(() => received++);
  await alpaca.connect();
  const wrapped = wrap(alpaca);
  const broker = wrapped.broker;
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
      wrapped.close();
    },
  } satisfies ContractHarness;
};

brokerContract('SimulatedBroker', simulated(bare));
brokerContract('AlpacaBroker on the simulator', alpacaOnSim(bare));
brokerContract('JournaledBroker over SimulatedBroker', simulated(journaled));
brokerContract('JournaledBroker over AlpacaBroker on the simulator', alpacaOnSim(journaled));
