import type { Asset } from '../../../src/model/asset.js';
import type { OrderStyle } from '../../../src/model/order.js';
import type { BrokerEvent } from '../../../src/ports/broker.js';
import { SimulatedBroker, type SimulatedBrokerOptions } from '../../../src/sim/simulated-broker.js';
import { FakeMarketData } from '../../helpers/fake-market-data.js';

/** Instant of session `i` (21:00 UTC = the 16:00 New York close in winter), from 2024-01-01. */
export const DAY = (i: number): number => Date.UTC(2024, 0, 1 + i, 21);

/** A broker over a fake market; `step(dt)` advances the data and syncs like the engine does. */
export function harness(options: Omit<SimulatedBrokerOptions, 'marketData'> = {}) {
  const md = new FakeMarketData();
  const broker = new SimulatedBroker({ marketData: md, ...options });
  let n = 0;
  return {
    md,
    broker,
    step: async (dt: number): Promise<BrokerEvent[]> => {
      md.advanceTo(dt);
      return broker.sync(dt);
    },
    submit: (asset: Asset, amount: number, style: OrderStyle = { type: 'market' }) =>
      broker.submitOrder({ asset, amount, style, clientOrderId: `c${++n}` }),
  };
}

/** The events as short strings: `fill <amount>@<price>` and `<status>`. */
export const describeEvents = (events: BrokerEvent[]): string[] =>
  events.map((e) => (e.kind === 'fill' ? `fill ${e.fill.amount}@${+e.fill.price.toFixed(6)}` : e.order.status));
