import { describe, expect, it } from 'vitest';
import { BrokerBook } from '../../../src/sim/broker-book.js';
import type { Transaction } from '../../../src/model/transaction.js';
import { testAsset } from '../../helpers/fake-market-data.js';

const A = testAsset(1, 'A');
const fill = (amount: number, price: number, commission = 0): Transaction => ({ executionId: 'e', orderId: 'o', asset: A, amount, price, commission, dt: 1 });
const noPrice = () => Number.NaN;

describe('BrokerBook', () => {
  it('books cash and average cost, commissions included', () => {
    const b = new BrokerBook(10_000);
    b.applyFill(fill(10, 100, 1)); // cash 10 000 − 1000 − 1 = 8999; basis 100 + 1/10 = 100.1
    b.applyFill(fill(10, 110)); //    cash 7899; basis (100.1·10 + 110·10) / 20 = 105.05
    expect(b.cash).toBeCloseTo(7899, 9);
    const [p] = b.list(noPrice, 2);
    expect(p!.amount).toBe(20);
    expect(p!.costBasis).toBeCloseTo(105.05, 9);
    b.applyFill(fill(-20, 120)); // closed: cash 7899 + 2400 = 10 299
    expect(b.list(noPrice, 3)).toEqual([]);
    expect(b.cash).toBeCloseTo(10_299, 9);
  });

  it('takes the fill price as basis when a position flips', () => {
    const b = new BrokerBook(0);
    b.applyFill(fill(5, 10));
    b.applyFill(fill(-8, 12)); // −3 at 12
    expect(b.list(noPrice, 1)[0]).toMatchObject({ amount: -3, costBasis: 12 });
  });

  it('splits positions and pays the fractional share in cash at the new basis', () => {
    const b = new BrokerBook(0);
    b.applyFill(fill(3, 700)); // cash −2100
    b.applySplit(1, 0.5); // 1:2 reverse: 1.5 shares → 1 share, basis 1400, 0.5 × 1400 = 700 cash
    expect(b.list(noPrice, 1)[0]).toMatchObject({ amount: 1, costBasis: 1400 });
    expect(b.cash).toBeCloseTo(-1400, 9);
  });

  it('marks positions for the account', () => {
    const b = new BrokerBook(1000);
    b.applyFill(fill(10, 12)); // cash 880
    expect(b.account(() => 15, 2)).toEqual({ cash: 880, equity: 1030, buyingPower: 880 }); // 880 + 10 × 15
  });
});
