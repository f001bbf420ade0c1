import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Transaction } from '../model/transaction.js';
import type { LiveBroker } from '../ports/live-broker.js';
import type { Engine } from '../engine/engine.js';
import type { JournalState } from './journal-state.js';
import type { JournaledBroker } from './journaled-broker.js';
import { checkPositions, reconcileWithVenue, restoreFromJournal, type ReconcileParts } from './reconcile.js';

/** What the last step of winding down works on. */
export interface SettleParts {
  readonly engine: Engine<Record<string, unknown>, Record<string, unknown>>;
  readonly broker: JournaledBroker;
  readonly reconcile: ReconcileParts;
  readonly onExit: 'cancel' | 'keep';
  readonly logger: Logger;
  /** Wall-clock ms after which waiting stops. */
  readonly deadline: number;
}

/**
 * Where a session's books come from and how they are kept true: the one thing paper and live
 * sessions differ in (the runtime picks it with the broker). `journalBooks` for a simulated
 * broker (the journal is the truth), `venueBooks` for a real one (the venue is).
 */
export interface BooksPolicy {
  /**
   * Where splits and dividends of held positions come from: `bundle` (the engine applies the
   * bundle's to the books, as in a backtest) or `venue` (the venue applies them; the books take
   * its positions and cash at the next check — a bundle's dividend the broker never paid is
   * never booked).
   */
  readonly corporateActions: 'bundle' | 'venue';
  /** Sets the books at the start of a session; returns the differences found. */
  start(parts: ReconcileParts, state: JournalState): Promise<string[]>;
  /** Registers a listener of events the books may have missed (a venue stream's reconnects); returns its remover. */
  onMissedEvents(listener: () => void): () => void;
  /** At a quiet moment after missed events: compares the books with the source of truth and corrects them. */
  check(parts: ReconcileParts): Promise<string[]>;
  /** After the last bar: brings in the last events and compares (and corrects) the books; returns the late fills and differences. */
  settle(p: SettleParts): Promise<{ late: Transaction[]; differences: string[] }>;
}

const NOTHING = () => {};

/** A simulated broker: the books are rebuilt from the journal's fills; nothing can be missed. */
export const journalBooks: BooksPolicy = {
  corporateActions: 'bundle',
  start: async (parts, state) => restoreFromJournal(parts, state),
  onMissedEvents: () => NOTHING,
  check: async () => [],
  settle: async () => ({ late: [], differences: [] }),
};

/** How long to wait for a fill announced by an order's status before asking the venue for it. */
const RECOVER_AFTER_MS = 500;

/**
 * A real venue: the books are set from it at the start (orders of earlier processes looked up
 * and taken over), checked after each reconnect of its event stream and after each session
 * (splits and dividends are the venue's), and at the end every share
 * an order reports filled is brought in (asking the venue for executions its stream has not
 * delivered) before the books are compared with the venue's and corrected where nothing is in flight.
 */
export function venueBooks(venue: LiveBroker): BooksPolicy {
  return {
    corporateActions: 'venue',
    start: (parts, state) => reconcileWithVenue(parts, venue, state),
    onMissedEvents: (listener) => venue.onReconnect(listener),
    check: (parts) => checkPositions(parts, venue, 'reconnect', true),
    async settle(p) {
      const { engine, broker, logger } = p;
      const late: Transaction[] = [];
      const recoverAt = Date.now() + RECOVER_AFTER_MS;
      let recovered = false;
      try {
        for (;;) {
          late.push(...engine.applyLateEvents(await broker.sync(engine.now)));
          const unmatched = broker.unmatchedFills();
          if (unmatched.length === 0 && (p.onExit === 'keep' || engine.orders.openOrderCount === 0)) break;
          if (Date.now() >= p.deadline) {
            for (const { order, missing } of unmatched) logger.error({ orderId: order.id, clientOrderId: order.clientOrderId, missing }, `order ${order.clientOrderId}: the broker reports ${missing} more shares filled than its executions received`);
            break;
          }
          if (unmatched.length > 0 && !recovered && Date.now() >= recoverAt) {
            recovered = true;
            await venue.recoverFills();
          }
          await delay(50);
        }
      } catch (err) {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'could not collect the last broker events');
      }
      try {
        return { late, differences: await checkPositions(p.reconcile, venue, 'shutdown', true) };
      } catch (err) {
        const differences = [`could not compare with the broker at the end: ${err instanceof Error ? err.message : String(err)}`];
        logger.error({ err: differences[0] }, 'final reconciliation failed');
        return { late, differences };
      }
    },
  };
}
