import { describe, expect, it } from 'vitest';
import { ExecutionIds, ExecutionTracker } from '../../../src/finance/execution-tracker.js';
import { canTransition, filledAfter, missedFillPrice, nextSnapshot, statusAfterFill, type OrderState } from '../../../src/finance/order-lifecycle.js';
import type { Asset } from '../../../src/model/asset.js';
import type { Order, OrderStatus } from '../../../src/model/order.js';
import type { Broker } from '../../../src/ports/broker.js';
import { OrderManager } from '../../../src/engine/order-manager.js';
import { foldJournal } from '../../../src/live/journal-state.js';
import type { JournalEntry, JournalRecord } from '../../../src/live/journal.js';

const state = (status: OrderStatus, filled: number, amount = 100, reason: string | null = null): OrderState => ({ status, filled, amount, reason });

describe('status transitions', () => {
  it('go forward through the working statuses and into a finished one', () => {
    expect(canTransition('pending', 'open')).toBe(true);
    expect(canTransition('open', 'partially_filled')).toBe(true);
    expect(canTransition('pending', 'filled')).toBe(true);
    expect(canTransition('partially_filled', 'cancelled')).toBe(true);
    expect(canTransition('open', 'open')).toBe(true);
  });

  it('never go back, and a finished order never reopens', () => {
    expect(canTransition('partially_filled', 'open')).toBe(false);
    expect(canTransition('open', 'pending')).toBe(false);
    expect(canTransition('cancelled', 'open')).toBe(false);
    expect(canTransition('filled', 'partially_filled')).toBe(false);
    expect(canTransition('rejected', 'pending')).toBe(false);
  });

  it('from a finished status only to filled (executions that raced a cancel completed the order)', () => {
    expect(canTransition('cancelled', 'filled')).toBe(true);
    expect(canTransition('cancelled', 'expired')).toBe(false);
    expect(canTransition('filled', 'cancelled')).toBe(false);
    expect(canTransition('expired', 'rejected')).toBe(false);
  });
});

describe('nextSnapshot', () => {
  it('keeps the finished status and its reason when a stale working snapshot arrives', () => {
    const known = state('cancelled', 30, 100, 'cancelled at end of day');
    const next = nextSnapshot(known, state('open', 30));
    expect(next).toEqual({ status: 'cancelled', filled: 30, amount: 100, reason: 'cancelled at end of day' });
  });

  it('refuses a smaller filled quantity of the same amount, keeping the newer status', () => {
    expect(nextSnapshot(state('partially_filled', 40), state('partially_filled', 25))).toEqual(state('partially_filled', 40));
    expect(nextSnapshot(state('partially_filled', -40, -100), state('cancelled', -25, -100))).toEqual(state('cancelled', -40, -100));
  });

  it('lets a split rescale amount and filled together, both ways', () => {
    // 2:1 split: 40 of 100 become 80 of 200; a 1:2 reverse split: 40 of 100 become 20 of 50.
    expect(nextSnapshot(state('partially_filled', 40), state('partially_filled', 80, 200))).toEqual(state('partially_filled', 80, 200));
    expect(nextSnapshot(state('partially_filled', 40), state('partially_filled', 20, 50))).toEqual(state('partially_filled', 20, 50));
  });

  it('returns the new snapshot itself when nothing is refused', () => {
    const next = state('filled', 100);
    expect(nextSnapshot(state('partially_filled', 40), next)).toBe(next);
    expect(nextSnapshot(undefined, next)).toBe(next);
  });
});

describe('executions', () => {
  it('add to the filled quantity, snapping to the amount within 1e-9', () => {
    expect(filledAfter(100, 40, 25)).toBe(65);
    expect(filledAfter(100, 40, 60)).toBe(100);
    expect(filledAfter(100, 0.1 + 0.2, 100 - 0.3)).toBe(100);
    expect(filledAfter(-100, -40, -60)).toBe(-100);
  });

  it('refuse an execution beyond the order or the other way', () => {
    expect(() => filledAfter(100, 40, 61)).toThrow(/fills 101 of an order of 100/);
    expect(() => filledAfter(-100, -40, 10)).toThrow(/wrong way/);
  });

  it('finish a working order when complete; a late one after a cancel keeps it cancelled unless it completes it', () => {
    expect(statusAfterFill('open', 100, 65)).toBe('partially_filled');
    expect(statusAfterFill('partially_filled', 100, 100)).toBe('filled');
    expect(statusAfterFill('cancelled', 100, 65)).toBe('cancelled');
    expect(statusAfterFill('cancelled', 100, 100)).toBe('filled');
  });

  it('are counted once per execution id', () => {
    const ids = new ExecutionIds();
    expect(ids.first('e1')).toBe(true);
    expect(ids.first('e1')).toBe(false);
    expect(ids.first('e2')).toBe(true);
    expect(ids.duplicates).toBe(1);
    const tracker = new ExecutionTracker();
    expect(tracker.record('o1', 'e1', 60, 10)).toBe(true);
    expect(tracker.record('o1', 'e1', 60, 10)).toBe(false);
    // A cumulative report of 60 is covered by the 60 already recorded.
    expect(tracker.record('o1', 'o1:cum:60', 60, 10, 60)).toBe(false);
    expect(tracker.of('o1')).toEqual({ qty: 60, notional: 600 });
  });
});

describe('missedFillPrice', () => {
  it('prices the undelivered quantity so the average comes out right', () => {
    // 100 filled at an average of 10.50 = 1,050; 60 known at 10 = 600; the missing 40 cost 450 → 11.25.
    expect(missedFillPrice(10.5, 100, 60, 600)).toBeCloseTo(11.25, 12);
    // The same sale, signed: −100 at 10.50, −60 known for −600.
    expect(missedFillPrice(10.5, -100, -60, -600)).toBeCloseTo(11.25, 12);
    // Nothing known: the average itself.
    expect(missedFillPrice(7.25, 8, 0, 0)).toBe(7.25);
  });
});

const asset = { sid: 1, symbol: 'AAA' } as Asset;
const order = (status: OrderStatus, filled: number, reason: string | null = null): Order => ({
  id: 'o1', clientOrderId: 'o1', asset, amount: 100, filled, status, style: { type: 'market' }, limitPrice: null, stopPrice: null,
  stopReached: false, createdAt: 0, updatedAt: 0, commission: 0, reason,
});

describe('the engine order book and the journal fold follow the life cycle', () => {
  it('OrderManager keeps a cancelled order closed when a stale snapshot arrives', () => {
    const orders = new OrderManager({} as Broker, 'run');
    orders.update(order('open', 0));
    expect(orders.openOrderCount).toBe(1);
    orders.update(order('cancelled', 40, 'cancelled by the strategy'));
    orders.update(order('partially_filled', 30));
    const kept = orders.orders.get('o1')!;
    expect([kept.status, kept.filled, kept.reason]).toEqual(['cancelled', 40, 'cancelled by the strategy']);
    expect(orders.openOrderCount).toBe(0);
    expect(orders.openOrders()).toEqual([]);
  });

  it('foldJournal: no reopening, no shrinking, each execution id once', () => {
    const base = { cid: 'c1', id: 'b1', sid: 1, symbol: 'AAA', amount: 100, dt: 0 };
    const fill = { type: 'fill', orderId: 'b1', cid: 'c1', sid: 1, symbol: 'AAA', price: 10, commission: 1, dt: 0 } as const;
    const entries: JournalEntry[] = [
      { type: 'intent', cid: 'c1', sid: 1, symbol: 'AAA', amount: 100, style: { type: 'market' }, dt: 0 },
      { type: 'order', ...base, filled: 0, status: 'open', reason: null },
      { ...fill, executionId: 'x1', amount: 40 },
      { ...fill, executionId: 'x1', amount: 40 },
      { type: 'order', ...base, filled: 40, status: 'cancelled', reason: 'end of day' },
      { type: 'order', ...base, filled: 30, status: 'partially_filled', reason: null },
    ];
    const records = entries.map((e, i) => ({ ...e, seq: i + 1, at: '' }) as JournalRecord);
    const folded = foldJournal(records);
    const o = folded.orders.get('c1')!;
    expect([o.status, o.filled, o.reason]).toEqual(['cancelled', 40, 'end of day']);
    expect(folded.positions.get(1)).toBe(40);
    // Cash: −40 × 10 − 1 commission, once.
    expect(folded.cashDelta).toBe(-401);
  });
});

describe('the engine order book keeps finished orders in columns', () => {
  const snapshot = (id: string, status: OrderStatus, filled: number, createdAt: number): Order => ({
    id, clientOrderId: id, asset, amount: 100, filled, status, style: { type: 'market' }, limitPrice: null, stopPrice: null,
    stopReached: false, createdAt, updatedAt: createdAt, commission: 0, reason: null,
  });

  it('answers every order, its own numbered ones and others, in the order first recorded', () => {
    const orders = new OrderManager({} as Broker, 'run-7');
    orders.update(snapshot('venue-x', 'open', 0, 1));
    orders.update(snapshot('run-7-01', 'open', 0, 2));
    orders.update(snapshot('venue-x', 'filled', 100, 1));
    orders.update(snapshot('run-7-01', 'cancelled', 0, 2));
    expect(orders.orders.size).toBe(2);
    expect([...orders.orders.values()].map((o) => [o.id, o.status, o.filled])).toEqual([['venue-x', 'filled', 100], ['run-7-01', 'cancelled', 0]]);
    expect(orders.orders.get('venue-x')).toEqual(snapshot('venue-x', 'filled', 100, 1));
    expect(orders.orders.has('run-7-1')).toBe(false);
    expect(orders.orders.get('run-7-2')).toBeUndefined();
    expect(orders.openOrderCount).toBe(0);
    expect([...orders.neverFilled()].map((o) => o.id)).toEqual(['run-7-01']);
  });

  it('finds the orders it numbered by their number, open and finished, and a late fill completes a cancelled one', async () => {
    const placed: Order[] = [];
    const broker = {
      submitOrder: async (r: { clientOrderId: string }) => {
        const o = snapshot(r.clientOrderId, 'open', 0, placed.length);
        placed.push(o);
        return { ...o };
      },
    } as unknown as Broker;
    const orders = new OrderManager(broker, 'r');
    const first = await orders.submit(asset, 100, { type: 'market' });
    const second = await orders.submit(asset, 100, { type: 'market' });
    expect([first.id, second.id]).toEqual(['r-1', 'r-2']);
    expect(orders.openAmount(asset)).toBe(200);
    orders.update({ ...second, status: 'cancelled', filled: 40, reason: 'end of day' });
    expect(orders.openOrders().map((o) => o.id)).toEqual(['r-1']);
    expect(orders.openAmount(asset)).toBe(100);
    orders.update({ ...second, status: 'filled', filled: 100, reason: 'end of day' });
    expect([orders.orders.get('r-2')!.status, orders.orders.get('r-2')!.filled]).toEqual(['filled', 100]);
    await orders.cancel('r-2'); // finished: nothing sent to the broker (it has no cancelOrder)
    expect(orders.orders.get('r-1')!.status).toBe('open');
  });
});
