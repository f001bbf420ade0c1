import type { Logger } from 'pino';
import { unlistedAsset, type Asset } from '../model/asset.js';
import { isTerminal, type Order } from '../model/order.js';
import type { Position } from '../model/position.js';
import type { Ledger } from '../finance/ledger.js';
import { missedFillPrice } from '../finance/order-lifecycle.js';
import type { OrderManager } from '../engine/order-manager.js';
import type { LiveBroker } from '../ports/live-broker.js';
import type { Journal } from './journal.js';
import { unfinishedOrders, type JournaledOrder, type JournalState } from './journal-state.js';
import type { JournaledBroker } from './journaled-broker.js';

/** The engine's books that reconciliation sets from the broker. */
export interface Books {
  readonly ledger: Ledger;
  readonly orders: OrderManager;
}

/** What reconciliation works with. */
export interface ReconcileParts {
  readonly broker: JournaledBroker;
  readonly journal: Journal;
  readonly books: Books;
  readonly logger: Logger;
  /** Asset of a journaled sid/symbol (the run's interned asset), if known. */
  readonly assetOf: (sid: number, symbol: string) => Asset | undefined;
  /** Client order ids of this state directory start with this. */
  readonly ownPrefix: string;
}

const EPS = 1e-6;
const fmt = (x: number) => String(Math.round(x * 1e6) / 1e6);

/** Differences between signed share amounts per symbol (`ours` vs the broker's). */
export function positionDifferences(ours: ReadonlyMap<string, number>, theirs: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (const symbol of new Set([...ours.keys(), ...theirs.keys()])) {
    const a = ours.get(symbol) ?? 0, b = theirs.get(symbol) ?? 0;
    if (Math.abs(a - b) > EPS) out.push(`${symbol}: ours ${fmt(a)} shares, broker ${fmt(b)}`);
  }
  return out.sort();
}

const bySymbol = (positions: Iterable<Position>) => new Map([...positions].map((p) => [p.asset.symbol, p.amount]));

/**
 * Start with the venue as the source of truth (a real broker). Every order the journal does not know to be
 * finished is looked up (by broker id, or by client order id when only the intent was written):
 * open ones are taken over into the engine's books, finished ones journaled, intents the broker
 * never saw marked rejected. The ledger's positions and cash are set from the broker; every
 * difference from what the journal says is logged and journaled. Returns the differences.
 */
export async function reconcileWithVenue(parts: ReconcileParts, venue: LiveBroker, state: JournalState): Promise<string[]> {
  const { broker, books, logger } = parts;
  const differences: string[] = [];
  for (const o of unfinishedOrders(state)) {
    const found = o.id ? await broker.getOrder(o.id) : await broker.getOrderByClientId(o.cid);
    if (!found) {
      const reason = o.id ? `order ${o.id} is unknown at ${broker.name}` : `never reached ${broker.name} before the restart`;
      differences.push(`order ${o.cid}: ${reason}`);
      broker.note(closedPlaceholder(parts, o, 'rejected', reason));
      continue;
    }
    if (found.status !== o.status || Math.abs(found.filled - o.filled) > EPS) {
      differences.push(`order ${o.cid}: journal ${o.status} ${fmt(o.filled)}/${fmt(o.amount)}, broker ${found.status} ${fmt(found.filled)}/${fmt(found.amount)}`);
    }
    await journalMissedFills(parts, venue, state, found);
    broker.note(found);
    await venue.adopt(found);
    if (!isTerminal(found.status)) adopt(parts, found);
  }
  for (const open of await broker.getOpenOrders()) {
    if (books.orders.orders.has(open.id)) continue;
    if (open.clientOrderId.startsWith(parts.ownPrefix)) {
      differences.push(`order ${open.clientOrderId}: open at the broker but not in the journal; taken over`);
      broker.note(open);
      await venue.adopt(open);
      adopt(parts, open);
    } else {
      differences.push(`order ${open.id} (${open.asset.symbol} ${fmt(open.amount)}): open at the broker, not placed by this strategy; left alone`);
    }
  }
  const { positions, account } = await venue.snapshot();
  const journaled = new Map<string, number>();
  for (const [sid, amount] of state.positions) {
    const fill = [...state.fills.values()].find((f) => f.sid === sid);
    journaled.set(fill?.symbol ?? `sid ${sid}`, amount);
  }
  if (state.starts > 0) differences.push(...positionDifferences(journaled, bySymbol(positions)));
  books.ledger.seed(positions.filter((p) => Math.abs(p.amount) > EPS), account.cash);
  record(parts, 'start', differences);
  logger.info({ positions: positions.length, cash: account.cash, equity: account.equity }, 'books set from the broker');
  return differences;
}

/**
 * Start with the journal as the source of truth (a simulated broker, whose book does not
 * survive the process). Its fills are replayed into the ledger (same cash and cost basis as before); its
 * unfinished orders are marked cancelled (the strategy decides again).
 */
export function restoreFromJournal(parts: ReconcileParts, state: JournalState): string[] {
  const differences: string[] = [];
  for (const f of state.fills.values()) {
    const asset = parts.assetOf(f.sid, f.symbol);
    if (!asset) {
      differences.push(`fill ${f.executionId}: symbol ${f.symbol} is not in the history bundle; not restored`);
      continue;
    }
    parts.books.ledger.applyFill({ executionId: f.executionId, orderId: f.orderId, asset, amount: f.amount, price: f.price, commission: f.commission, dt: f.dt });
  }
  for (const o of unfinishedOrders(state)) {
    const reason = 'simulated orders do not survive a restart';
    differences.push(`order ${o.cid}: ${reason}; cancelled`);
    parts.broker.note(closedPlaceholder(parts, o, 'cancelled', reason));
  }
  record(parts, 'start', differences);
  return differences;
}

/**
 * Compares the ledger's positions and cash with the broker's. With `correct`, positions in
 * assets without working orders (nothing can be in flight for them) are set to the broker's,
 * and so is the cash when no order is working at all. Returns the differences found.
 */
export async function checkPositions(parts: ReconcileParts, venue: LiveBroker, trigger: 'reconnect' | 'shutdown', correct: boolean): Promise<string[]> {
  const { books } = parts;
  const { positions, account } = await venue.snapshot();
  const differences = positionDifferences(bySymbol(books.ledger.positions.values()), bySymbol(positions));
  const cashOff = Math.abs(books.ledger.cash - account.cash) > 0.005;
  if (cashOff) differences.push(`cash: ours ${books.ledger.cash.toFixed(2)}, broker ${account.cash.toFixed(2)}`);
  if (correct && differences.length > 0) {
    const working = new Set(books.orders.assetsWithOpenOrders().map((a) => a.symbol));
    const theirs = new Map(positions.map((p) => [p.asset.symbol, p]));
    const replaced: Position[] = [];
    const flat: Asset[] = [];
    for (const symbol of new Set([...theirs.keys(), ...[...books.ledger.positions.keys()].map((a) => a.symbol)])) {
      if (working.has(symbol)) continue;
      const mine = [...books.ledger.positions.values()].find((p) => p.asset.symbol === symbol);
      const atBroker = theirs.get(symbol);
      if (atBroker && Math.abs(atBroker.amount) > EPS) replaced.push({ ...atBroker, asset: mine?.asset ?? atBroker.asset });
      else if (mine) flat.push(mine.asset);
    }
    books.ledger.replacePositions(replaced, flat);
    if (cashOff && books.orders.openOrderCount === 0) books.ledger.correctCash(account.cash);
  }
  record(parts, trigger, differences);
  return differences;
}

/**
 * Journals, as one fill, what an order executed while no process was running (the broker's
 * filled quantity beyond the journaled fills), at the price that makes the average come out right.
 * The books already hold it (they are set from the broker's positions).
 */
async function journalMissedFills(parts: ReconcileParts, venue: LiveBroker, state: JournalState, order: Order): Promise<void> {
  let qty = 0, notional = 0;
  for (const f of state.fills.values()) {
    if (f.cid !== order.clientOrderId) continue;
    qty += f.amount;
    notional += f.amount * f.price;
  }
  const missing = order.filled - qty;
  if (Math.abs(missing) <= EPS) return;
  const average = await venue.averageFillPrice(order.id);
  const price = average === undefined ? NaN : missedFillPrice(average, order.filled, qty, notional);
  const executionId = `restart:${order.id}:${fmt(order.filled)}`;
  parts.broker.markApplied([executionId]);
  parts.journal.append({
    type: 'fill', executionId, orderId: order.id, cid: order.clientOrderId, sid: order.asset.sid, symbol: order.asset.symbol,
    amount: missing, price, commission: 0, dt: order.updatedAt,
  });
  parts.logger.warn({ orderId: order.id, clientOrderId: order.clientOrderId, amount: missing, price }, 'fill made while no process was running: journaled from the broker');
}

function record(parts: ReconcileParts, trigger: 'start' | 'reconnect' | 'shutdown', differences: readonly string[]): void {
  parts.journal.append({ type: 'reconcile', trigger, differences });
  for (const d of differences) parts.logger.warn({ trigger }, `reconciliation: ${d}`);
  parts.logger.info({ trigger, differences: differences.length }, 'reconciled with the broker');
}

function adopt(parts: ReconcileParts, order: Order): void {
  parts.books.orders.update(order);
  parts.broker.adopt(order);
  parts.logger.info({ orderId: order.id, clientOrderId: order.clientOrderId, symbol: order.asset.symbol, filled: order.filled, amount: order.amount }, 'open order taken over from the previous process');
}

/** A journaled order the broker cannot tell about, closed with `status` and `reason`. */
function closedPlaceholder(parts: ReconcileParts, o: JournaledOrder, status: 'rejected' | 'cancelled', reason: string): Order {
  const asset = parts.assetOf(o.sid, o.symbol) ?? unlistedAsset(o.symbol, o.sid);
  return {
    id: o.cid, clientOrderId: o.cid, asset, amount: o.amount, filled: o.filled, status, style: { type: 'market' }, limitPrice: null,
    stopPrice: null, stopReached: false, createdAt: 0, updatedAt: 0, commission: 0, reason,
  };
}
