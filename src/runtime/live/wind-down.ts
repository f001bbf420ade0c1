import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Transaction } from '../../model/transaction.js';
import type { Engine } from '../../engine/engine.js';
import type { Journal } from './journal.js';
import type { JournaledBroker } from './journaled-broker.js';
import { checkPositions, type ReconcileParts } from './reconcile.js';

/** What winding a session down works on. */
export interface WindDownParts {
  readonly mode: 'paper' | 'live';
  readonly engine: Engine<Record<string, unknown>, Record<string, unknown>>;
  readonly broker: JournaledBroker;
  readonly parts: ReconcileParts;
  readonly journal: Journal;
  readonly onExit: 'cancel' | 'keep';
  readonly logger: Logger;
  readonly reason: string;
  /** How long to wait for answers to submissions in flight, cancels and the last fills (default 3 s). */
  readonly settleMs?: number;
  /**
   * Live: asks the broker for the executions its event stream has not delivered yet (they are
   * then returned by the next `sync`); called when an order's status says more was filled than
   * its fills so far.
   */
  readonly recoverFills?: () => Promise<unknown>;
}

/** How long to wait for a fill announced by an order's status before asking the broker for it. */
const RECOVER_AFTER_MS = 500;

/**
 * The end of a session, after the engine stopped: waits for the answers to submissions still on
 * their way (those orders are the session's too); cancels the open orders (`cancel`) or leaves
 * them working (`keep`); live, drains the broker's last events into the books until every share
 * an order reports filled has its execution (asking the broker for executions its stream has not
 * delivered), then compares the books with the broker (differences are logged and returned, not
 * corrected); journals the stop and closes the journal. All waiting is bounded by `settleMs`.
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
  let differences: string[] = [];
  const late: Transaction[] = [];
  if (p.mode === 'live') {
    const recoverAt = Date.now() + RECOVER_AFTER_MS;
    let recovered = false;
    try {
      for (;;) {
        late.push(...engine.applyLateEvents(await broker.sync(engine.now)));
        const unmatched = broker.unmatchedFills();
        if (unmatched.length === 0 && (p.onExit === 'keep' || engine.orders.openOrderCount === 0)) break;
        if (Date.now() >= deadline) {
          for (const { order, missing } of unmatched) logger.error({ orderId: order.id, clientOrderId: order.clientOrderId, missing }, `order ${order.clientOrderId}: the broker reports ${missing} more shares filled than its executions received`);
          break;
        }
        if (unmatched.length > 0 && !recovered && p.recoverFills && Date.now() >= recoverAt) {
          recovered = true;
          await p.recoverFills();
        }
        await delay(50);
      }
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'could not collect the last broker events');
    }
    try {
      differences = await checkPositions(p.parts, 'shutdown', false);
    } catch (err) {
      differences = [`could not compare with the broker at the end: ${err instanceof Error ? err.message : String(err)}`];
      logger.error({ err: differences[0] }, 'final reconciliation failed');
    }
  }
  p.journal.append({ type: 'stop', reason: p.reason, openOrders: engine.orders.openOrderCount, onExit: p.onExit });
  p.journal.close();
  logger.info({ reason: p.reason, openOrders: engine.orders.openOrderCount, onExit: p.onExit }, 'session stopped; journal flushed');
  return { fills: broker.fills, differences, late };
}
