import type { Logger } from 'pino';
import type { Transaction } from '../model/transaction.js';
import type { Engine } from '../engine/engine.js';
import type { BooksPolicy } from './books-policy.js';
import type { Journal } from './journal.js';
import type { JournaledBroker } from './journaled-broker.js';
import type { ReconcileParts } from './reconcile.js';

/** What winding a session down works on. */
export interface WindDownParts {
  readonly engine: Engine<Record<string, unknown>, Record<string, unknown>>;
  readonly broker: JournaledBroker;
  readonly books: BooksPolicy;
  readonly parts: ReconcileParts;
  readonly journal: Journal;
  readonly onExit: 'cancel' | 'keep';
  readonly logger: Logger;
  readonly reason: string;
  /** How long to wait for answers to submissions in flight, cancels and the last fills (default 3 s). */
  readonly settleMs?: number;
}

/**
 * The end of a session, after the engine stopped: waits for the answers to submissions still on
 * their way (those orders are the session's too); cancels the open orders (`cancel`) or leaves
 * them working (`keep`); lets the books policy bring in the last events and compare (and correct)
 * the books; journals the stop and closes the journal. All waiting is bounded by `settleMs`.
 */
export async function windDown(p: WindDownParts): Promise<{ fills: number; differences: string[]; late: Transaction[] }> {
  const { engine, broker, logger } = p;
  broker.afterSync = undefined;
  const deadline = Date.now() + (p.settleMs ?? 3_000);
  if (!(await broker.settled(deadline))) logger.error('an order submission got no answer before the session ended; its order is looked up at the next start');
  const open = engine.orders.openOrders();
  if (p.onExit === 'cancel') {
    for (const order of open) {
      try {
        await engine.orders.cancel(order.id);
      } catch (err) {
        logger.error({ orderId: order.id, err: err instanceof Error ? err.message : String(err) }, `could not cancel order ${order.id} on exit`);
      }
    }
  } else if (open.length > 0) {
    logger.info({ orders: open.map((o) => o.id) }, `leaving ${open.length} open order(s) working at the broker (--on-exit keep)`);
  }
  const { late, differences } = await p.books.settle({ engine, broker, reconcile: p.parts, onExit: p.onExit, logger, deadline });
  p.journal.append({ type: 'stop', reason: p.reason, openOrders: engine.orders.openOrderCount, onExit: p.onExit });
  p.journal.close();
  logger.info({ reason: p.reason, openOrders: engine.orders.openOrderCount, onExit: p.onExit }, 'session stopped; journal flushed');
  return { fills: broker.fills, differences, late };
}
