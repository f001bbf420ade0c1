import type { BrokerAccount } from '../model/account.js';
import type { Asset } from '../model/asset.js';
import type { Order, OrderRequest } from '../model/order.js';
import type { Position } from '../model/position.js';
import type { Transaction } from '../model/transaction.js';
import type { CancelPolicy, CommissionModel, SlippageModel } from './execution-models.js';

/** Something that happened at the broker: an order changed, or an execution occurred. */
export type BrokerEvent =
  | { readonly kind: 'order'; readonly order: Order }
  | { readonly kind: 'fill'; readonly fill: Transaction; readonly order: Order };

/**
 * What `Broker.sync` may answer when nothing happened: one shared, already resolved, frozen (callers
 * only read events) empty result. The engine skips waiting for it, so an idle bar costs nothing.
 */
export const NO_BROKER_EVENTS: Promise<BrokerEvent[]> = Promise.resolve(Object.freeze([]) as unknown as BrokerEvent[]);

/** Models a simulated broker applies; a real broker ignores them (its venue decides). */
export interface ExecutionModels {
  commission?: CommissionModel;
  slippage?: SlippageModel;
  cancelPolicy?: CancelPolicy;
}

/**
 * A broker: the simulated one (backtest, paper) or a real venue (live). All calls are async.
 * Rejections surface as `OrderRejectedError` or as an order with status `rejected` and a reason.
 */
export interface Broker {
  readonly name: string;
  submitOrder(request: OrderRequest): Promise<Order>;
  /** Cancels an open order; returns its new snapshot (or the final one when it could not be cancelled). */
  cancelOrder(orderId: string): Promise<Order>;
  /** Replaces an open order's amount and/or prices; returns the new order. */
  replaceOrder(orderId: string, changes: { amount?: number; limitPrice?: number; stopPrice?: number }): Promise<Order>;
  getOrder(orderId: string): Promise<Order | undefined>;
  getOrderByClientId(clientOrderId: string): Promise<Order | undefined>;
  getOpenOrders(asset?: Asset): Promise<Order[]>;
  getPositions(): Promise<Position[]>;
  getAccount(): Promise<BrokerAccount>;
  /**
   * Brings the broker up to instant `dt` and returns, in order, what happened since the last
   * call. The simulated broker matches open orders against the bar at `dt`; a live broker
   * drains the events its stream delivered. May answer `NO_BROKER_EVENTS` when nothing happened.
   */
  sync(dt: number): Promise<BrokerEvent[]>;
  /**
   * Optional: the session ended at `dt`. A simulated broker applies its cancel policy here
   * (`cancelPolicy.eod()`) and returns what changed; a real venue expires its own DAY orders.
   */
  sessionEnd?(dt: number): Promise<BrokerEvent[]>;
  /**
   * Optional: why an order has not filled (e.g. `zero volume on the fill bars`, `limit price
   * never reached`), as far as the broker knows; the run's end-of-run warning groups by it.
   */
  unfilledReason?(orderId: string): string | undefined;
  /** Applies commission/slippage/cancel models (simulated brokers only; others ignore them). */
  configure(models: ExecutionModels): void;
  /** Optional: the models in force (simulated brokers), recorded in the result's settings. */
  readonly models?: ExecutionModels;
  close(): Promise<void>;
}

/**
 * A broker that can answer at once, in memory (the simulated broker): the engine calls these
 * instead of the awaitable `Broker` methods, so a backtest makes no promise per call. Each does
 * exactly what its awaitable twin does, but returns the broker's own order record instead of a
 * copy: it keeps changing as the order fills (the engine's book holds that one record).
 * It reports each execution exactly once, under an execution id of its own making, so its
 * fills are booked without execution-id de-duplication.
 */
export interface ImmediateBroker {
  submitOrderNow(request: OrderRequest): Order;
  cancelOrderNow(orderId: string): Order;
  /** `sync`, returning the events themselves (`NO_EVENTS` when nothing happened). */
  syncNow(dt: number): readonly BrokerEvent[];
  /** `sessionEnd`, returning the events themselves. */
  sessionEndNow(dt: number): readonly BrokerEvent[];
}

/** The shared empty event list an `ImmediateBroker` answers when nothing happened. */
export const NO_EVENTS: readonly BrokerEvent[] = Object.freeze([]);

/** `broker` as an `ImmediateBroker` when it is one, else undefined. */
export function immediateBroker(broker: Broker): (Broker & ImmediateBroker) | undefined {
  const b = broker as Broker & Partial<ImmediateBroker>;
  return typeof b.submitOrderNow === 'function' && typeof b.cancelOrderNow === 'function' && typeof b.syncNow === 'function'
    && typeof b.sessionEndNow === 'function' ? (b as Broker & ImmediateBroker) : undefined;
}

