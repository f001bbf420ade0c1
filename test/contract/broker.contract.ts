import { afterEach, describe, expect, it } from 'vitest';
import { OrderRejectedError } from '../../src/core/errors.js';
import type { Asset } from '../../src/model/asset.js';
import type { Order, OrderStyle } from '../../src/model/order.js';
import type { Broker, BrokerEvent } from '../../src/ports/broker.js';
import type { Transaction } from '../../src/model/transaction.js';

/**
 * A broker over the contract bundle (see `contract-bundle.ts`), positioned just after bar 0
 * (09:31, so every asset has a price), with no commission and no slippage.
 */
export interface ContractHarness {
  readonly broker: Broker;
  asset(symbol: 'AAA' | 'BBB'): Asset;
  /** Replays the next minute bar (bar 1 first) and returns what the broker reports for it. */
  step(): Promise<BrokerEvent[]>;
  close(): Promise<void>;
}

/** Builds a fresh harness; `partialFillRatio` caps each execution at that fraction of the order. */
export type HarnessFactory = (options: { partialFillRatio?: number }) => Promise<ContractHarness>;

const fills = (events: readonly BrokerEvent[]): Transaction[] =>
  events.flatMap((e) => (e.kind === 'fill' ? [e.fill] : []));

const CASH = 100_000;

/** A submission the broker refused, in either form the `Broker` port allows. */
async function expectRejected(submitted: Promise<Order>): Promise<void> {
  const outcome = await submitted.then((order) => ({ order }), (err: unknown) => ({ err }));
  if ('err' in outcome) expect(outcome.err).toBeInstanceOf(OrderRejectedError);
  else expect(outcome.order).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/\S/) });
}

/**
 * The Broker contract: every implementation (the in-process `SimulatedBroker`, `AlpacaBroker`
 * against the local simulator, `CcxtBroker` against its Binance protocol) must pass these with the same hand-computed numbers. Orders go
 * in after bar k and fill on bar k+1 (its close for market orders); bar k of AAA has open
 * 100 + k, high 100.75 + k, low 99.75 + k, close 100.5 + k. A `spot` venue cannot sell what
 * it does not hold: it must refuse the short sale instead.
 */
export function brokerContract(name: string, makeHarness: HarnessFactory, venue: { spot?: boolean } = {}): void {
  describe(`Broker contract: ${name}`, () => {
    let h: ContractHarness | undefined;
    let seq = 0;
    const open = async (options: { partialFillRatio?: number } = {}) => (h = await makeHarness(options));
    const submit = (asset: Asset, amount: number, style: OrderStyle = { type: 'market' }) =>
      h!.broker.submitOrder({ asset, amount, style, clientOrderId: `contract-${name.replace(/\W+/g, '')}-${++seq}` });

    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    it('fills a market buy at the next bar close and books cash and position', async () => {
      const { broker, asset } = await open();
      const aaa = asset('AAA');
      const order = await submit(aaa, 10);
      expect(order.status === 'open' || order.status === 'pending').toBe(true);
      expect((await broker.getOrderByClientId(order.clientOrderId))?.id).toBe(order.id);
      const [fill] = fills(await h!.step());
      // bar 1 close = 101.5
      expect(fill).toMatchObject({ amount: 10, price: 101.5, orderId: order.id });
      expect(await broker.getOrder(order.id)).toMatchObject({ status: 'filled', filled: 10, amount: 10 });
      const [pos] = await broker.getPositions();
      expect(pos).toMatchObject({ amount: 10, costBasis: 101.5 });
      expect(pos!.asset.symbol).toBe('AAA');
      const account = await broker.getAccount();
      expect(account.cash).toBeCloseTo(CASH - 1015, 6); // 100 000 − 10 × 101.5
      expect(account.equity).toBeCloseTo(CASH, 6); // marked at 101.5
      expect(await broker.getOpenOrders()).toEqual([]);
    });

    it.runIf(venue.spot)('refuses a short sale on a spot venue (nothing to sell)', async () => {
      const { broker, asset } = await open();
      await expectRejected(submit(asset('AAA'), -10));
      expect(fills(await h!.step())).toEqual([]);
      expect(await broker.getPositions()).toEqual([]);
    });

    it.skipIf(venue.spot)('short-sells at market: negative position, cash credited', async () => {
      const { broker, asset } = await open();
      await submit(asset('AAA'), -10);
      const [fill] = fills(await h!.step());
      expect(fill).toMatchObject({ amount: -10, price: 101.5 });
      expect((await broker.getPositions())[0]).toMatchObject({ amount: -10, costBasis: 101.5 });
      expect((await broker.getAccount()).cash).toBeCloseTo(CASH + 1015, 6);
    });

    it('keeps a limit buy below the market open, then cancels it', async () => {
      const { broker, asset } = await open();
      const order = await submit(asset('AAA'), 10, { type: 'limit', limitPrice: 90 });
      expect(fills(await h!.step())).toEqual([]); // bar 1 low 100.75 > 90
      const openOrders = await broker.getOpenOrders(asset('AAA'));
      expect(openOrders.map((o) => o.id)).toEqual([order.id]);
      expect(openOrders[0]).toMatchObject({ amount: 10, limitPrice: 90, filled: 0 });
      const cancelled = await broker.cancelOrder(order.id);
      expect(cancelled.status).toBe('cancelled');
      expect(fills(await h!.step())).toEqual([]);
      expect(await broker.getOpenOrders()).toEqual([]);
      expect(await broker.getPositions()).toEqual([]);
      expect((await broker.getAccount()).cash).toBeCloseTo(CASH, 6);
    });

    it('fills a limit sell when the high reaches the limit, at the limit', async () => {
      const { broker, asset } = await open();
      const aaa = asset('AAA');
      await submit(aaa, 10);
      expect(fills(await h!.step())[0]!.price).toBe(101.5);
      await submit(aaa, -10, { type: 'limit', limitPrice: 103.6 });
      expect(fills(await h!.step())).toEqual([]); // bar 2 high 102.75 < 103.6
      const [fill] = fills(await h!.step()); // bar 3 high 103.75 ≥ 103.6, close 103.5 → max(103.5, 103.6)
      expect(fill).toMatchObject({ amount: -10, price: 103.6 });
      expect(await broker.getPositions()).toEqual([]);
      expect((await broker.getAccount()).cash).toBeCloseTo(CASH - 1015 + 1036, 6);
    });

    it('triggers a stop buy when the high reaches the stop and fills at that bar close', async () => {
      await open();
      await submit(h!.asset('AAA'), 5, { type: 'stop', stopPrice: 104 });
      for (let k = 1; k <= 3; k++) expect(fills(await h!.step())).toEqual([]); // highs 101.75, 102.75, 103.75
      const [fill] = fills(await h!.step()); // bar 4 high 104.75 ≥ 104 → close 104.5
      expect(fill).toMatchObject({ amount: 5, price: 104.5 });
    });

    it('fills a stop-limit buy at the limit on the bar that crosses the stop', async () => {
      await open();
      await submit(h!.asset('AAA'), 5, { type: 'stop_limit', stopPrice: 102, limitPrice: 102.2 });
      expect(fills(await h!.step())).toEqual([]); // bar 1 high 101.75 < 102
      const [fill] = fills(await h!.step()); // bar 2: high 102.75 ≥ 102, low 101.75 ≤ 102.2 → min(102.5, 102.2)
      expect(fill).toMatchObject({ amount: 5, price: 102.2 });
    });

    it('replaces an open limit order: one open order with the new amount and price, filled on the next bar', async () => {
      const { broker, asset } = await open();
      const aaa = asset('AAA');
      const order = await submit(aaa, 10, { type: 'limit', limitPrice: 90 });
      const replaced = await broker.replaceOrder(order.id, { amount: 5, limitPrice: 101.9 });
      expect(replaced).toMatchObject({ amount: 5, limitPrice: 101.9, filled: 0 });
      const open1 = await broker.getOpenOrders(aaa);
      expect(open1.map((o) => [o.id, o.amount, o.limitPrice])).toEqual([[replaced.id, 5, 101.9]]);
      const [fill] = fills(await h!.step()); // bar 1 low 100.75 ≤ 101.9 → min(close 101.5, 101.9)
      expect(fill).toMatchObject({ amount: 5, price: 101.5, orderId: replaced.id });
      expect((await broker.getPositions())[0]).toMatchObject({ amount: 5, costBasis: 101.5 });
    });

    it('accumulates partial fills per execution', async () => {
      const { broker, asset } = await open({ partialFillRatio: 0.5 });
      const order = await submit(asset('AAA'), 10);
      const first = fills(await h!.step());
      const second = fills(await h!.step());
      // 5 at bar 1 close 101.5, then 5 at bar 2 close 102.5
      expect(first.map((f) => [f.amount, f.price])).toEqual([[5, 101.5]]);
      expect(second.map((f) => [f.amount, f.price])).toEqual([[5, 102.5]]);
      expect(first[0]!.executionId).not.toBe(second[0]!.executionId);
      expect(await broker.getOrder(order.id)).toMatchObject({ status: 'filled', filled: 10 });
      expect((await broker.getPositions())[0]).toMatchObject({ amount: 10, costBasis: 102 }); // (507.5 + 512.5) / 10
      expect((await broker.getAccount()).cash).toBeCloseTo(CASH - 1020, 6);
    });

    it('rejects impossible orders: OrderRejectedError, or an order rejected with its reason (the port allows both)', async () => {
      await open();
      await expectRejected(submit(h!.asset('AAA'), 2.5)); // AAA is not fractionable
      await expectRejected(submit(h!.asset('AAA'), 0));
      expect(await h!.broker.getOpenOrders()).toEqual([]);
    });
  });
}
