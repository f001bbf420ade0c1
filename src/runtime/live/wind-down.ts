import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { isoUtc } from '../../core/time.js';
import type { RunResult } from '../../model/results.js';
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
  /** Live: how long to wait for the broker to confirm cancels (default 3 s). */
  readonly settleMs?: number;
}

/**
 * The end of a session, after the engine stopped: cancels the open orders (`cancel`) or leaves
 * them working (`keep`); live, drains the broker's last events into the books and compares them
 * with the broker (differences are logged and returned, not corrected); journals the stop and
 * closes the journal.
 */
export async function windDown(p: WindDownParts): Promise<{ fills: number; differences: string[]; late: Transaction[] }> {
  const { engine, broker, logger } = p;
  broker.afterSync = undefined;
  const open = engine.orders.openOrders();
  if (p.onExit === 'cancel') {
    for (const order of open) {
      try {
        engine.orders.update(await broker.cancelOrder(order.id));
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
    const deadline = Date.now() + (p.settleMs ?? 3_000);
    try {
      do {
        for (const e of await broker.sync(engine.now)) {
          if (e.kind === 'fill' && engine.ledger.applyFill(e.fill)) late.push(e.fill);
          engine.orders.update(e.order);
        }
        if (p.onExit === 'keep' || engine.orders.openOrderCount === 0) break;
        await delay(100);
      } while (Date.now() < deadline);
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

/**
 * Brings a result built when the engine stopped up to date with what winding down changed:
 * fills that arrived after the last bar, order statuses, end positions and cash.
 */
export function settleResult(result: RunResult, engine: WindDownParts['engine'], late: readonly Transaction[]): void {
  const { ledger, orders } = engine;
  for (const f of late) {
    result.transactions.push({ dt: isoUtc(f.dt), symbol: f.asset.symbol, sid: f.asset.sid, amount: f.amount, price: f.price, commission: f.commission, orderId: f.orderId });
  }
  for (const row of result.orders) {
    const o = orders.orders.get(row.id);
    if (o) Object.assign(row, { filled: o.filled, status: o.status });
  }
  result.positions = [...ledger.positions.values()]
    .map((p) => ({ symbol: p.asset.symbol, sid: p.asset.sid, amount: p.amount, costBasis: p.costBasis, lastPrice: p.lastSalePrice }));
  result.summary.endingCash = ledger.cash;
  result.summary.endingValue = ledger.portfolioValue;
  result.summary.transactions = result.transactions.length;
  result.end = result.daily.at(-1)?.date ?? result.end;
}
