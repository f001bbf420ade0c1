import type { BrokerAccount } from '../model/account.js';
import type { Order } from '../model/order.js';
import type { Position } from '../model/position.js';
import type { Broker } from './broker.js';

/** The venue's books at one moment: what reconciliation compares ours with. */
export interface BrokerSnapshot {
  readonly positions: readonly Position[];
  readonly account: BrokerAccount;
}

/**
 * A real venue as the live layer needs it, beyond the `Broker` the engine uses: a venue is the
 * source of truth for cash, positions and orders, its event stream can drop and miss events,
 * and orders outlive the process. An adapter (Alpaca, a ccxt exchange) implements it; the live
 * layer (`src/live/`) uses only this, never an adapter's own types.
 */
export interface LiveBroker extends Broker {
  /** The venue's positions (in the run's assets where known) and account, read together. */
  snapshot(): Promise<BrokerSnapshot>;
  /**
   * Takes over an order an earlier process placed, found at the venue on start (open or
   * finished): what it already filled counts as delivered, so only quantity beyond it is ever
   * reported again as a fill.
   */
  adopt(order: Order): Promise<void>;
  /**
   * Asks the venue for executions and order changes its event stream did not deliver; they are
   * returned by the next `sync` (each execution once).
   */
  recoverFills(): Promise<unknown>;
  /** Average fill price of a venue order (undefined while nothing is filled). */
  averageFillPrice(orderId: string): Promise<number | undefined>;
  /**
   * Registers a listener called after the venue's event stream reconnected (events may have
   * been missed meanwhile); returns its remover.
   */
  onReconnect(listener: () => void): () => void;
  /** The venue's time now (epoch ms), estimated from its last clock reading. */
  brokerNow(): number;
}
