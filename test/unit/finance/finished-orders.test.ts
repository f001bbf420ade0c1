import { describe, expect, it } from 'vitest';
import { IdSequence } from '../../../src/core/ids.js';
import { FinishedOrders } from '../../../src/finance/finished-orders.js';
import type { Order } from '../../../src/model/order.js';
import { testAsset } from '../../helpers/fake-market-data.js';

const A = testAsset(1, 'A');
const B = testAsset(2, 'B');
const MARKET = { type: 'market' } as const;

const filled = (id: string, amount: number): Order => ({
  id, clientOrderId: id, asset: A, amount, filled: amount, status: 'filled', style: MARKET, limitPrice: null, stopPrice: null,
  stopReached: false, createdAt: 1_000, updatedAt: 2_000, commission: 1.25, reason: null,
});

describe('FinishedOrders', () => {
  it('gives back each order field for field, in the order added', () => {
    const limit = { type: 'limit', limitPrice: 10.5 } as const;
    const stop = { type: 'stop_limit', stopPrice: 9, limitPrice: 8.75 } as const;
    const orders: Order[] = [
      filled('r-1', 100),
      { ...filled('r-2', -5), asset: B, filled: -0, status: 'cancelled', style: limit, limitPrice: 10.5, reason: 'cancelled on request', marketable: false },
      { ...filled('b-7', 3), clientOrderId: 'r-3', style: stop, limitPrice: 8.75, stopPrice: 9, stopReached: true, status: 'expired', marketable: true },
      { ...filled('r-2-sl', -5), status: 'rejected', stopPrice: 9.5, style: { type: 'stop', stopPrice: 9.5 }, parentId: 'r-2', reason: 'no price' },
    ];
    const table = new FinishedOrders();
    expect(orders.map((o) => table.add(o))).toEqual([0, 1, 2, 3]);
    expect(table.length).toBe(4);
    for (let row = 0; row < orders.length; row++) {
      const back = table.order(row);
      expect(back).toEqual(orders[row]);
      expect(back).not.toBe(orders[row]);
      expect(back.asset).toBe(orders[row]!.asset);
      expect(back.style).toBe(orders[row]!.style);
    }
    // A filled quantity of −0 stays −0 (a result file would write it as 0 either way).
    expect(Object.is(table.order(1).filled, -0)).toBe(true);
    expect('marketable' in table.order(0)).toBe(false);
    expect('parentId' in table.order(2)).toBe(false);
  });

  it('replaces a row with a later snapshot and keeps rows past the first block', () => {
    const table = new FinishedOrders();
    for (let i = 1; i <= 10_000; i++) table.add(filled(`r-${i}`, i));
    table.set(4_999, { ...filled('r-5000', 5_000), status: 'cancelled', filled: 1_234, reason: 'cancelled at the session end' });
    expect(table.length).toBe(10_000);
    expect(table.order(9_999)).toEqual(filled('r-10000', 10_000));
    const changed = table.order(4_999);
    expect([changed.id, changed.status, changed.filled, changed.amount, changed.reason]).toEqual(['r-5000', 'cancelled', 1_234, 5_000, 'cancelled at the session end']);
    table.set(4_999, filled('r-5000', 5_000));
    expect(table.order(4_999).reason).toBeNull();
  });

  it('keeps the ids a sequence made as numbers and gives the same ids back', () => {
    const ids = new IdSequence('run');
    const made = [ids.take(), ids.take()];
    const table = new FinishedOrders(ids);
    const orders = [filled(made[1]!, 2), filled('other-9', 9), filled(made[0]!, 1), { ...filled('run-2-tp', 3), parentId: made[1]! }];
    for (const o of orders) table.add(o);
    expect(orders.map((_, row) => table.order(row))).toEqual(orders);
    table.set(0, filled('venue-1', 2));
    expect(table.order(0).id).toBe('venue-1');
    table.set(1, filled(made[0]!, 9));
    expect(table.order(1).id).toBe('run-1');
  });
});
