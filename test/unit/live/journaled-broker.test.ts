import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { OrderRejectedError } from '../../../src/core/errors.js';
import type { Order, OrderRequest } from '../../../src/model/order.js';
import type { Broker, BrokerEvent } from '../../../src/ports/broker.js';
import { Journal, readJournal } from '../../../src/live/journal.js';
import { JournaledBroker } from '../../../src/live/journaled-broker.js';
import { testAsset } from '../../helpers/memory-bundle.js';
import { tempDir } from '../../helpers/temp-dir.js';

const A = testAsset(1, 'AAA', '2020-01-01', '2030-01-01');
const silent = pino({ level: 'silent' });
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** A broker that answers as told and queues events for `sync`. */
class ScriptedBroker implements Broker {
  readonly name = 'scripted';
  queue: BrokerEvent[] = [];
  placed = new Map<string, Order>();
  onSubmit: (r: OrderRequest) => Order = (r) => this.accept(r, `B-${r.clientOrderId}`);
  accept(r: OrderRequest, id: string): Order {
    const o: Order = {
      id, clientOrderId: r.clientOrderId, asset: r.asset, amount: r.amount, filled: 0, status: 'open', style: r.style,
      limitPrice: null, stopPrice: null, stopReached: false, createdAt: 1, updatedAt: 1, commission: 0, reason: null,
    };
    this.placed.set(r.clientOrderId, o);
    return { ...o };
  }
  async submitOrder(r: OrderRequest) { return this.onSubmit(r); }
  async cancelOrder(id: string) { const o = [...this.placed.values()].find((x) => x.id === id)!; o.status = 'cancelled'; return { ...o }; }
  async replaceOrder(): Promise<Order> { throw new Error('not used'); }
  async getOrder(id: string) { return [...this.placed.values()].find((x) => x.id === id); }
  async getOrderByClientId(cid: string) { return this.placed.get(cid); }
  async getOpenOrders() { return [...this.placed.values()]; }
  async getPositions() { return []; }
  async getAccount() { return { cash: 0, equity: 0, buyingPower: 0 }; }
  async sync() { return this.queue.splice(0); }
  configure() {}
  async close() {}
}

function setup(known: string[] = []) {
  const t = tempDir('jbroker-');
  cleanup = t.remove;
  const journal = new Journal(t.dir);
  const inner = new ScriptedBroker();
  const broker = new JournaledBroker(inner, { journal, logger: silent, now: () => 60_000, knownExecutions: known, lookupIntervalMs: 0 });
  return { journal, inner, broker, types: () => readJournal(journal.file).records.map((r) => `${r.type}${'status' in r ? `:${r.status}` : ''}`) };
}

const request = (cid: string, amount = 10): OrderRequest => ({ asset: A, amount, style: { type: 'market' }, clientOrderId: cid });
const fill = (order: Order, executionId: string, amount: number): BrokerEvent => ({
  kind: 'fill', order: { ...order, filled: amount, status: 'partially_filled' },
  fill: { executionId, orderId: order.id, asset: A, amount, price: 10, commission: 0, dt: 2 },
});

describe('JournaledBroker', () => {
  it('writes the intent to disk before the order is sent, then the acknowledgement', async () => {
    const { journal, inner, broker, types } = setup();
    let seenBeforeSend: string[] = [];
    inner.onSubmit = (r) => {
      seenBeforeSend = readJournal(journal.file).records.map((x) => x.type);
      return inner.accept(r, 'B1');
    };
    const order = await broker.submitOrder(request('r-1'));
    expect(seenBeforeSend).toEqual(['intent']);
    expect(order).toMatchObject({ id: 'B1', status: 'open' });
    expect(types()).toEqual(['intent', 'order:open']);
  });

  it('a rejection becomes a rejected order with its reason; the run goes on', async () => {
    const { inner, broker, types } = setup();
    inner.onSubmit = () => { throw new OrderRejectedError('insufficient buying power'); };
    const order = await broker.submitOrder(request('r-2'));
    expect(order).toMatchObject({ id: 'r-2', status: 'rejected', reason: 'insufficient buying power' });
    expect(types()).toEqual(['intent', 'order:rejected']);
  });

  it('applies each execution once, also across restarts', async () => {
    const { inner, broker } = setup(['old-exec']);
    const order = await broker.submitOrder(request('r-3'));
    inner.queue.push(fill(order, 'e1', 4), fill(order, 'e1', 4), fill(order, 'old-exec', 2), fill(order, 'e2', 6));
    const events = await broker.sync(0);
    expect(events.map((e) => (e.kind === 'fill' ? e.fill.executionId : e.kind))).toEqual(['e1', 'e2']);
    expect(broker.fills).toBe(2);
  });

  it('an unanswered submission is looked up by client order id and followed under it', async () => {
    const { inner, broker, types } = setup();
    inner.onSubmit = (r) => {
      inner.accept(r, 'B9'); // the venue took it, the answer was lost
      throw new Error('socket hang up');
    };
    const pending = await broker.submitOrder(request('r-4'));
    expect(pending).toMatchObject({ id: 'r-4', status: 'pending' });
    const found = await broker.sync(0);
    expect(found).toHaveLength(1);
    expect(found[0]!.order).toMatchObject({ id: 'r-4', status: 'open' });
    inner.queue.push(fill(inner.placed.get('r-4')!, 'e9', 10));
    const [later] = await broker.sync(0);
    expect(later!.kind === 'fill' && later.fill.orderId).toBe('r-4');
    expect((await broker.cancelOrder('r-4')).id).toBe('r-4');
    expect(types()).toEqual(['intent', 'order:pending', 'order:open', 'fill', 'order:partially_filled', 'order:cancelled']);
  });

  it('a fill of an unanswered submission arriving before its lookup is followed under the client order id', async () => {
    const { inner, broker, journal } = setup();
    inner.onSubmit = (r) => {
      inner.accept(r, 'B6');
      throw new Error('socket hang up');
    };
    await broker.submitOrder(request('r-6'));
    inner.queue.push(fill(inner.placed.get('r-6')!, 'e6', 10));
    const events = await broker.sync(0);
    // one order for the engine: the fill under the placeholder's id, no second entry under the broker's
    expect(events.map((e) => [e.kind, e.order.id, e.kind === 'fill' ? e.fill.orderId : null])).toEqual([['fill', 'r-6', 'r-6']]);
    expect(broker.unconfirmed).toEqual([]);
    const ids = readJournal(journal.file).records.flatMap((r) => (r.type === 'order' ? [r.id] : []));
    expect(ids).toEqual(['', 'B6']);
  });

  it('an unanswered submission the broker never saw is rejected', async () => {
    const { inner, broker } = setup();
    inner.onSubmit = () => { throw new Error('connection refused'); };
    await broker.submitOrder(request('r-5'));
    const [event] = await broker.sync(0);
    expect(event!.order).toMatchObject({ id: 'r-5', status: 'rejected', reason: 'never reached scripted' });
    expect(broker.unconfirmed).toEqual([]);
  });
});
