import { describe, expect, it } from 'vitest';
import { OpenOrderIndex } from '../../../src/engine/open-orders.js';
import type { Order } from '../../../src/model/order.js';
import { testAsset } from '../../helpers/fake-market-data.js';

const A = testAsset(1, 'A');
const B = testAsset(2, 'B');
const order = (id: string, asset = A, amount = 10, filled = 0): Order => ({
  id, clientOrderId: id, asset, amount, filled, status: 'open', style: { type: 'market' },
  limitPrice: null, stopPrice: null, stopReached: false, createdAt: 0, updatedAt: 0, commission: 0, reason: null,
});

describe('OpenOrderIndex', () => {
  it('keeps each asset\'s open orders oldest first, through removals and replaced snapshots', () => {
    const open = new OpenOrderIndex();
    open.set(A, 0, order('a0'));
    open.set(B, 1, order('b1', B, -3));
    open.set(A, 2, order('a2', A, 5));
    open.set(A, 3, order('a3', A, -2));
    expect(open.size).toBe(4);
    open.delete(A, 2);
    open.delete(A, 2); // not open any more: nothing
    open.delete(B, 7); // never open: nothing
    expect(open.size).toBe(3);
    expect(open.of(A).map((o) => o.id)).toEqual(['a0', 'a3']);
    // A later snapshot of slot 0 stays in its place; 4 of its 10 shares filled.
    open.set(A, 0, order('a0', A, 10, 4));
    open.set(A, 4, order('a4', A, 1));
    expect(open.size).toBe(4);
    expect(open.of(A).map((o) => o.id)).toEqual(['a0', 'a3', 'a4']);
    // Still to fill on A: (10 − 4) + (−2) + 1 = 5; on B: −3.
    expect(open.amount(A)).toBe(5);
    expect(open.amount(B)).toBe(-3);
    expect(open.all().map((o) => o.id)).toEqual(['a0', 'a3', 'a4', 'b1']);
    open.delete(B, 1);
    expect(open.assets()).toEqual([A]);
    expect(open.of(B)).toEqual([]);
    expect(open.amount(B)).toBe(0);
  });
});
