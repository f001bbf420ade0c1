import { ExecutionIds } from '../finance/execution-tracker.js';
import { nextSnapshot } from '../finance/order-lifecycle.js';
import type { Logger } from 'pino';
import { OrderRejectedError } from '../core/errors.js';
import { isoUtc } from '../core/time.js';
import { setTimeout as delay } from 'node:timers/promises';
import type { BrokerAccount } from '../model/account.js';
import type { Asset } from '../model/asset.js';
import { limitPriceOf, stopPriceOf, type Order, type OrderRequest } from '../model/order.js';
import type { Position } from '../model/position.js';
import type { Transaction } from '../model/transaction.js';
import type { Broker, BrokerEvent, ExecutionModels } from '../ports/broker.js';
import type { Journal } from './journal.js';

/** Options of `JournaledBroker`. */
export interface JournaledBrokerOptions {
  readonly journal: Journal;
  readonly logger: Logger;
  /** Strategy time (epoch ms), stamped on journal entries and log lines. */
  readonly now: () => number;
  /** Execution ids already applied by an earlier process (from the journal): never applied again. */
  readonly knownExecutions?: Iterable<string>;
  /** Minimum wall ms between lookups of orders whose submission had no answer (default 1000). */
  readonly lookupIntervalMs?: number;
}

/** An order placed, its placeholder handed out while the broker's answer is unknown. */
interface Unresolved {
  readonly request: OrderRequest;
  readonly placeholder: Order;
}

const orderSnapshot = (request: OrderRequest, now: number, status: Order['status'], reason: string | null): Order => {
  const { style } = request;
  return {
    id: request.clientOrderId, clientOrderId: request.clientOrderId, asset: request.asset, amount: request.amount, filled: 0,
    status, style, limitPrice: limitPriceOf(style), stopPrice: stopPriceOf(style), stopReached: false,
    createdAt: now, updatedAt: now, commission: 0, reason,
  };
};

/**
 * The order path of paper and live trading, around any `Broker`: every order intent is written
 * to the journal (and flushed) BEFORE it is sent; every acknowledgement, status change and fill
 * is journaled and logged with the strategy time and the broker ids; a fill is passed on once per
 * execution id (also across restarts); a rejection becomes an order with status `rejected` and
 * its reason (the strategy sees it, the run goes on). When a submission gets no answer at all,
 * the strategy gets a `pending` order under its client order id, which is looked up at the broker
 * on each later `sync` and, once found, followed under that same id.
 */
export class JournaledBroker implements Broker {
  readonly name: string;
  /** Called at the end of every `sync` with the events it returns (reconciliation between bars). */
  afterSync: ((batch: readonly BrokerEvent[]) => Promise<void>) | undefined;
  /** Fills passed on by this process. */
  fills = 0;
  private readonly executions: ExecutionIds;
  private readonly unresolved = new Map<string, Unresolved>();
  /** Broker order id → the id the engine knows it by (the client order id of a placeholder). */
  private readonly aliases = new Map<string, string>();
  private readonly lastStatus = new Map<string, string>();
  /** Latest snapshot of every order this process submitted or heard of, by client order id. */
  private readonly latest = new Map<string, Order>();
  /** Signed shares per client order id accounted for: filled before it was adopted plus fills passed on. */
  private readonly accounted = new Map<string, number>();
  private readonly inFlight = new Set<Promise<Order>>();
  private lastLookup = 0;

  constructor(readonly inner: Broker, private readonly options: JournaledBrokerOptions) {
    this.name = inner.name;
    this.executions = new ExecutionIds(options.knownExecutions);
  }

  private get log(): Logger {
    return this.options.logger;
  }

  private simTime(): string | null {
    const t = this.options.now();
    return t > 0 ? isoUtc(t) : null;
  }

  submitOrder(request: OrderRequest): Promise<Order> {
    const submitted = this.submit(request);
    this.inFlight.add(submitted);
    const done = () => this.inFlight.delete(submitted);
    submitted.then(done, done);
    return submitted;
  }

  private async submit(request: OrderRequest): Promise<Order> {
    const { journal } = this.options;
    const { asset, amount, style, clientOrderId: cid } = request;
    const dt = this.options.now();
    journal.append({ type: 'intent', cid, sid: asset.sid, symbol: asset.symbol, amount, style, dt });
    this.log.info({ simTime: this.simTime(), clientOrderId: cid, symbol: asset.symbol, amount, style: style.type }, 'order decided');
    let order: Order;
    try {
      order = await this.inner.submitOrder(request);
    } catch (err) {
      if (err instanceof OrderRejectedError) {
        order = orderSnapshot(request, dt, 'rejected', err.reason);
      } else {
        const reason = `no answer from ${this.name}: ${err instanceof Error ? err.message : String(err)}`;
        order = orderSnapshot(request, dt, 'pending', reason);
        this.unresolved.set(cid, { request, placeholder: order });
        this.log.error({ simTime: this.simTime(), clientOrderId: cid, symbol: asset.symbol }, `order ${cid}: ${reason}; it will be looked up by client order id`);
      }
    }
    order = this.current(order);
    this.note(order);
    return order;
  }

  async cancelOrder(orderId: string): Promise<Order> {
    const brokerId = this.brokerIdOf(orderId);
    if (brokerId === undefined) {
      const u = this.unresolved.get(orderId)!;
      this.log.warn({ clientOrderId: orderId }, `cannot cancel order ${orderId} yet: the broker has not confirmed it`);
      return { ...u.placeholder };
    }
    const order = this.current(this.alias(await this.inner.cancelOrder(brokerId)));
    this.note(order);
    return order;
  }

  async replaceOrder(orderId: string, changes: { amount?: number; limitPrice?: number; stopPrice?: number }): Promise<Order> {
    const order = this.current(await this.inner.replaceOrder(this.brokerIdOf(orderId) ?? orderId, changes));
    this.note(order);
    return order;
  }

  async getOrder(orderId: string): Promise<Order | undefined> {
    const brokerId = this.brokerIdOf(orderId);
    if (brokerId === undefined) return this.unresolved.get(orderId)?.placeholder;
    const o = await this.inner.getOrder(brokerId);
    return o && this.alias(o);
  }

  async getOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    const o = await this.inner.getOrderByClientId(clientOrderId);
    return o && this.alias(o);
  }

  async getOpenOrders(asset?: Asset): Promise<Order[]> {
    return (await this.inner.getOpenOrders(asset)).map((o) => this.alias(o));
  }

  getPositions(): Promise<Position[]> {
    return this.inner.getPositions();
  }

  getAccount(): Promise<BrokerAccount> {
    return this.inner.getAccount();
  }

  async sync(dt: number): Promise<BrokerEvent[]> {
    const events = this.pass(await this.inner.sync(dt));
    if (this.unresolved.size > 0) events.push(...(await this.resolve()));
    if (this.afterSync) await this.afterSync(events);
    return events;
  }

  async sessionEnd(dt: number): Promise<BrokerEvent[]> {
    return this.inner.sessionEnd ? this.pass(await this.inner.sessionEnd(dt)) : [];
  }

  configure(models: ExecutionModels): void {
    this.inner.configure(models);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Marks executions as already applied (reconciliation adopted them into the books). */
  markApplied(executionIds: Iterable<string>): void {
    this.executions.add(executionIds);
  }

  /** Takes an order over from an earlier process: events about it are followed and journaled. */
  adopt(order: Order): void {
    this.lastStatus.set(order.clientOrderId, `${order.status}/${order.filled}`);
    this.latest.set(order.clientOrderId, order);
    this.accounted.set(order.clientOrderId, order.filled);
  }

  /**
   * Waits (at most until wall time `deadline`) for the submissions still waiting for the broker's
   * answer (the engine's books take each answer as it comes); true when none is left.
   */
  async settled(deadline: number): Promise<boolean> {
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.inFlight]), delay(Math.max(0, deadline - Date.now()))]);
    }
    return this.inFlight.size === 0;
  }

  /**
   * Orders whose filled amount is not yet matched by the fills passed on (a fill the broker
   * reports in the order's status before its execution event arrives), with the missing shares.
   */
  unmatchedFills(): { order: Order; missing: number }[] {
    const out: { order: Order; missing: number }[] = [];
    for (const order of this.latest.values()) {
      const missing = order.filled - (this.accounted.get(order.clientOrderId) ?? 0);
      if (Math.abs(missing) > 1e-9) out.push({ order, missing });
    }
    return out;
  }

  /** Client order ids whose submission is still unconfirmed. */
  get unconfirmed(): string[] {
    return [...this.unresolved.keys()];
  }

  /** Journals, logs and de-duplicates events from the inner broker. */
  private pass(events: readonly BrokerEvent[]): BrokerEvent[] {
    const out: BrokerEvent[] = [];
    for (const e of events) {
      if (this.unresolved.has(e.order.clientOrderId)) this.confirm(e.order.clientOrderId, e.order.id);
      const order = this.current(this.alias(e.order));
      if (e.kind === 'fill') {
        if (!this.executions.first(e.fill.executionId)) continue;
        const fill: Transaction = order.id === e.order.id ? e.fill : { ...e.fill, orderId: order.id };
        this.recordFill(fill, order);
        out.push({ kind: 'fill', fill, order });
        this.note(order);
      } else {
        this.note(order);
        out.push({ kind: 'order', order });
      }
    }
    return out;
  }

  private recordFill(fill: Transaction, order: Order): void {
    this.fills++;
    this.accounted.set(order.clientOrderId, (this.accounted.get(order.clientOrderId) ?? 0) + fill.amount);
    const { asset } = fill;
    this.options.journal.append({
      type: 'fill', executionId: fill.executionId, orderId: fill.orderId, cid: order.clientOrderId, sid: asset.sid, symbol: asset.symbol,
      amount: fill.amount, price: fill.price, commission: fill.commission, dt: fill.dt,
    });
    this.log.info({
      simTime: this.simTime(), executionId: fill.executionId, orderId: fill.orderId, clientOrderId: order.clientOrderId,
      symbol: asset.symbol, amount: fill.amount, price: fill.price, commission: fill.commission,
    }, 'fill');
  }

  /** Journals and logs an order snapshot when its status or filled amount changed. */
  note(order: Order): void {
    const key = `${order.status}/${order.filled}`;
    if (this.lastStatus.get(order.clientOrderId) === key) return;
    this.lastStatus.set(order.clientOrderId, key);
    const { asset } = order;
    this.options.journal.append({
      type: 'order', cid: order.clientOrderId, id: this.unresolved.has(order.clientOrderId) ? '' : this.brokerIdOf(order.id) ?? order.id,
      sid: asset.sid, symbol: asset.symbol, amount: order.amount, filled: order.filled, status: order.status, reason: order.reason, dt: this.options.now(),
    });
    const line = {
      simTime: this.simTime(), orderId: this.brokerIdOf(order.id) ?? order.id, clientOrderId: order.clientOrderId, symbol: asset.symbol,
      amount: order.amount, filled: order.filled, status: order.status, reason: order.reason ?? undefined,
    };
    if (order.status === 'rejected') this.log.warn(line, `order rejected: ${order.reason ?? 'no reason given'}`);
    else this.log.info(line, `order ${order.status}`);
  }

  /** Looks up unconfirmed submissions by client order id (at most once per interval). */
  private async resolve(): Promise<BrokerEvent[]> {
    const now = Date.now();
    if (now - this.lastLookup < (this.options.lookupIntervalMs ?? 1000)) return [];
    this.lastLookup = now;
    const events: BrokerEvent[] = [];
    for (const [cid, u] of [...this.unresolved]) {
      let found: Order | undefined;
      try {
        found = await this.inner.getOrderByClientId(cid);
      } catch (err) {
        this.log.warn({ clientOrderId: cid, err: err instanceof Error ? err.message : String(err) }, `order ${cid}: lookup failed; will retry`);
        continue;
      }
      if (!this.unresolved.has(cid)) continue; // an event about it arrived meanwhile
      if (found) {
        this.confirm(cid, found.id);
        const order = this.current(this.alias(found));
        this.note(order);
        events.push({ kind: 'order', order });
      } else {
        this.unresolved.delete(cid);
        const order = this.current({ ...u.placeholder, status: 'rejected' as const, reason: `never reached ${this.name}` });
        this.note(order);
        events.push({ kind: 'order', order });
      }
    }
    return events;
  }

  /** An unconfirmed submission turned up at the broker as `brokerId`: from now on it is followed under its client order id. */
  private confirm(cid: string, brokerId: string): void {
    this.unresolved.delete(cid);
    this.aliases.set(brokerId, cid);
    this.log.info({ clientOrderId: cid, orderId: brokerId }, `order ${cid} found at ${this.name}`);
  }

  /**
   * Records a snapshot as the order's latest, never going back: a snapshot that arrives after the
   * order was seen closed (a stream event overtaken by the answer to a cancel) keeps the closed
   * status, and the filled amount never shrinks.
   */
  private current(order: Order): Order {
    const known = this.latest.get(order.clientOrderId);
    let next = nextSnapshot(known, order);
    if (known && next.status !== order.status) next = { ...next, updatedAt: Math.max(known.updatedAt, order.updatedAt) };
    this.latest.set(order.clientOrderId, next);
    return next;
  }

  /** The broker's id of an order the engine knows by `id` (undefined while unconfirmed). */
  private brokerIdOf(id: string): string | undefined {
    if (this.unresolved.has(id)) return undefined;
    for (const [brokerId, alias] of this.aliases) if (alias === id) return brokerId;
    return id;
  }

  /** The order as the engine knows it (under its placeholder id when it had one). */
  private alias(order: Order): Order {
    const id = this.aliases.get(order.id);
    return id === undefined ? order : { ...order, id };
  }
}
