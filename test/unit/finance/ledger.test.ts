import { describe, expect, it } from 'vitest';
import { Ledger } from '../../../src/finance/ledger.js';
import type { Asset } from '../../../src/model/asset.js';
import type { Transaction } from '../../../src/model/transaction.js';

const asset = (sid: number, symbol: string): Asset => ({
  sid, symbol, name: symbol, exchange: 'TEST', assetClass: 'equity', currency: 'USD', startDate: '2020-01-01',
  endDate: '2030-01-01', autoCloseDate: null, tickSize: 0.01, multiplier: 1, fractionable: false,
});
const AAA = asset(1, 'AAA');
const BBB = asset(2, 'BBB');
let n = 0;
const fill = (a: Asset, amount: number, price: number, commission = 0, dt = 1000 + n): Transaction =>
  ({ executionId: `x${++n}`, orderId: 'o', asset: a, amount, price, commission, dt });

describe('Ledger fills and cost basis', () => {
  it('moves cash and averages the cost basis with commission included', () => {
    const l = new Ledger(10_000);
    l.applyFill(fill(AAA, 100, 10, 1)); // cash 10000 - 1000 - 1 = 8999; basis (1000 + 1) / 100 = 10.01
    expect(l.cash).toBeCloseTo(8999, 9);
    expect(l.positions.get(AAA)!.costBasis).toBeCloseTo(10.01, 9);
    l.applyFill(fill(AAA, 50, 13, 0.5)); // basis (100·10.01 + 50·13) / 150 = 1651/150 = 11.00666…, + 0.5/150
    expect(l.positions.get(AAA)!.costBasis).toBeCloseTo((1001 + 650 + 0.5) / 150, 9);
    expect(l.cash).toBeCloseTo(8999 - 650 - 0.5, 9);
  });

  it('keeps the basis when reducing, resets it when crossing zero, drops flat positions', () => {
    const l = new Ledger(10_000);
    l.applyFill(fill(AAA, 100, 10));
    l.applyFill(fill(AAA, -40, 12)); // reduce: basis stays 10
    expect(l.positions.get(AAA)!.amount).toBe(60);
    expect(l.positions.get(AAA)!.costBasis).toBe(10);
    l.applyFill(fill(AAA, -100, 11)); // 60 → -40: new basis is the fill price
    expect(l.positions.get(AAA)!.amount).toBe(-40);
    expect(l.positions.get(AAA)!.costBasis).toBe(11);
    l.applyFill(fill(AAA, 40, 9, 2)); // flat: removed; commission still paid
    expect(l.positions.has(AAA)).toBe(false);
    // cash: 10000 - 1000 + 480 + 1100 - 360 - 2 = 10218
    expect(l.cash).toBeCloseTo(10_218, 9);
  });

  it('a short position lowers its basis by the commission', () => {
    const l = new Ledger(1000);
    l.applyFill(fill(AAA, -10, 50, 5)); // basis (−10·50 + 5) / −10 = 49.5
    expect(l.positions.get(AAA)!.costBasis).toBeCloseTo(49.5, 9);
    expect(l.cash).toBeCloseTo(1000 + 500 - 5, 9);
  });

  it('drops a position that fractional round trips leave at floating-point noise', () => {
    const l = new Ledger(1000);
    l.applyFill(fill(AAA, 0.1, 10));
    l.applyFill(fill(AAA, 0.2, 10)); // 0.1 + 0.2 = 0.30000000000000004 shares
    l.applyFill(fill(AAA, -0.3, 10)); // leaves 5.6e-17 shares: flat, not a position with a basis of ~1e17
    expect(l.positions.has(AAA)).toBe(false);
    expect(l.held).toEqual([]);
    expect(l.cash).toBeCloseTo(1000, 9);
  });

  it('keeps a real fractional remainder, however small', () => {
    const l = new Ledger(100_000);
    l.applyFill(fill(AAA, 1000, 10));
    l.applyFill(fill(AAA, -999.999999999, 10)); // one billionth of a share is left, at the basis of 10
    expect(l.positions.get(AAA)!.amount).toBeCloseTo(1e-9, 12);
    expect(l.positions.get(AAA)!.costBasis).toBe(10);
  });

  it('applies an execution id once', () => {
    const l = new Ledger(1000);
    const f = fill(AAA, 1, 100);
    expect(l.applyFill(f)).toBe(true);
    expect(l.applyFill(f)).toBe(false);
    expect(l.positions.get(AAA)!.amount).toBe(1);
    expect(l.cash).toBe(900);
  });
});

describe('Ledger valuation', () => {
  it('marks to market and derives portfolio and account fields', () => {
    const l = new Ledger(10_000);
    l.applyFill(fill(AAA, 100, 10)); // cash 9000
    l.applyFill(fill(BBB, -20, 50)); // cash 10000
    l.markToMarket((a) => (a === AAA ? 12 : NaN), 5000); // BBB keeps 50 (no price)
    // positions value 100·12 − 20·50 = 200; PV 10200; gross exposure 1200 + 1000 = 2200
    expect(l.portfolio.positionsValue).toBe(200);
    expect(l.portfolio.portfolioValue).toBe(10_200);
    expect(l.portfolio.pnl).toBe(200);
    expect(l.portfolio.returns).toBeCloseTo(0.02, 12);
    expect(l.account.leverage).toBeCloseTo(2200 / 10_200, 12);
    expect(l.account.netLeverage).toBeCloseTo(200 / 10_200, 12);
    expect(l.account.settledCash).toBe(10_000);
    expect(l.account.equity).toBe(10_200);
  });
});

describe('Ledger valuation after changes', () => {
  it('values the positions afresh after every mark, fill, split and close-out', () => {
    const l = new Ledger(10_000);
    l.applyFill(fill(AAA, 100, 10)); // 100 × 10 = 1000
    expect(l.portfolio.positionsValue).toBe(1000);
    expect(l.portfolio.positionsValue).toBe(1000); // asked twice, same holdings
    l.markToMarket(() => 11, 5000); // 100 × 11 = 1100
    expect(l.portfolio.positionsValue).toBe(1100);
    l.applyFill(fill(BBB, 10, 20)); // BBB marked at its fill price 20: 1100 + 200 = 1300
    expect(l.portfolio.positionsValue).toBe(1300);
    l.applySplit(AAA.sid, 2); // 200 AAA at 11 / 2 = 5.5: 1100 + 200 = 1300
    expect(l.portfolio.positionsValue).toBe(1300);
    l.markToMarket((a) => (a === AAA ? 6 : 20), 6000);
    expect(l.portfolio.positionsValue).toBe(1400); // 200 × 6 + 10 × 20
    l.closePosition(BBB, 25, 7000); // BBB sold: only 200 × 6 = 1200 left
    expect(l.portfolio.positionsValue).toBe(1200);
    expect(l.portfolio.portfolioValue).toBe(l.cash + 1200);
  });
});

describe('Ledger corporate actions', () => {
  it('splits 3:1 an odd lot: floors shares, pays the fraction at the new basis', () => {
    const l = new Ledger(0);
    l.applyFill(fill(AAA, 101, 30)); // cash −3030
    l.applySplit(AAA.sid, 1 / 3); // reverse split 1:3: 101/3 = 33.667 → 33 shares, basis 90, fraction 0.667 · 90 = 60
    expect(l.positions.get(AAA)!.amount).toBe(33);
    expect(l.positions.get(AAA)!.costBasis).toBe(90);
    expect(l.cash).toBeCloseTo(-3030 + 60, 9);
  });

  it('splits 7:1: shares × 7, basis ÷ 7 rounded to the cent', () => {
    const l = new Ledger(0);
    l.applyFill(fill(AAA, 10, 600.01));
    l.applySplit(AAA.sid, 7);
    expect(l.positions.get(AAA)!.amount).toBe(70);
    expect(l.positions.get(AAA)!.costBasis).toBe(85.72); // 600.01 / 7 = 85.7157…
    expect(l.cash).toBeCloseTo(-6000.1, 9);
  });

  it('earns a dividend on the ex date and pays it on the pay date', () => {
    const l = new Ledger(0);
    l.applyFill(fill(AAA, 100, 10)); // cash −1000
    const div = { sid: AAA.sid, exDate: '2024-03-04', declaredDate: null, recordDate: null, payDate: '2024-03-08', amount: 0.25 };
    l.processDividends('2024-03-04', [div]);
    expect(l.cash).toBe(-1000); // earned, not paid
    expect(l.dividendsOwed).toBe(25);
    l.applyFill(fill(AAA, -100, 10)); // selling after the ex date keeps the entitlement
    l.processDividends('2024-03-07', []);
    expect(l.cash).toBe(0);
    l.processDividends('2024-03-08', []);
    expect(l.cash).toBe(25);
    expect(l.dividendsOwed).toBe(0);
  });

  it('pays on the ex date when the pay date is unknown, and nothing without shares', () => {
    const l = new Ledger(0);
    l.applyFill(fill(AAA, 10, 10));
    l.processDividends('2024-03-04', [
      { sid: AAA.sid, exDate: '2024-03-04', declaredDate: null, recordDate: null, payDate: null, amount: 0.5 },
      { sid: BBB.sid, exDate: '2024-03-04', declaredDate: null, recordDate: null, payDate: null, amount: 9 },
    ]);
    expect(l.cash).toBe(-100 + 5);
  });

  it('closes a position out at the given price, or at the last mark without one', () => {
    const l = new Ledger(0);
    l.applyFill(fill(AAA, 10, 10));
    l.markToMarket(() => 11, 2000);
    const t = l.closePosition(AAA, NaN, 3000)!;
    expect(t).toMatchObject({ amount: -10, price: 11, orderId: 'auto-close' });
    expect(l.positions.size).toBe(0);
    expect(l.cash).toBe(10);
    expect(l.closePosition(AAA, 5, 4000)).toBeNull();
  });
});

describe('Ledger seeded from a broker (a live restart)', () => {
  const held = (a: Asset, amount: number, costBasis: number, lastSalePrice: number) => ({ asset: a, amount, costBasis, lastSalePrice, lastSaleDate: 500 });

  it('values, marks, splits and pays dividends on the seeded positions', () => {
    const l = new Ledger(100_000);
    l.seed([held(AAA, 100, 40, 50), held(BBB, -10, 20, 25)], 60_000);
    // 60 000 + 100 · 50 − 10 · 25 = 64 750
    expect(l.cash).toBe(60_000);
    expect(l.positionsValue).toBe(4750);
    expect(l.portfolioValue).toBe(64_750);
    l.markToMarket((a) => (a === AAA ? 52 : 24), 600); // 100 · 52 − 10 · 24 = 4960
    expect(l.portfolio.portfolioValue).toBe(64_960);
    l.applySplit(AAA.sid, 2); // 200 shares at 26, basis 20
    expect(l.positions.get(AAA)).toMatchObject({ amount: 200, costBasis: 20, lastSalePrice: 26 });
    expect(l.positionsValue).toBe(200 * 26 - 240);
    l.processDividends('2024-03-04', [{ sid: AAA.sid, exDate: '2024-03-04', declaredDate: null, recordDate: null, payDate: '2024-03-04', amount: 0.5 }]);
    expect(l.cash).toBe(60_000 + 200 * 0.5);
  });

  it('replaces and removes positions without touching the others, and never drops the wrong one', () => {
    const l = new Ledger(0);
    l.seed([held(AAA, 100, 40, 50), held(BBB, 10, 20, 25)], 1000);
    l.replacePositions([held(AAA, 30, 41, 50)]);
    expect(l.positions.get(AAA)!.amount).toBe(30);
    expect(l.positions.get(BBB)!.amount).toBe(10);
    expect(l.positionsValue).toBe(30 * 50 + 10 * 25);
    l.applyFill(fill(BBB, -10, 25)); // closes BBB: AAA stays
    expect([...l.positions.keys()]).toEqual([AAA]);
    expect(l.held.map((p) => p.asset)).toEqual([AAA]);
    l.replacePositions([], [AAA]);
    expect(l.positions.size).toBe(0);
    expect(l.held).toHaveLength(0);
    expect(l.portfolioValue).toBe(1000 + 250);
    l.correctCash(999);
    expect(l.cash).toBe(999);
  });

  it('copies what it is seeded with: the caller\'s objects are not the books', () => {
    const l = new Ledger(0);
    const p = held(AAA, 100, 40, 50);
    l.seed([p], 0);
    p.amount = 1;
    expect(l.positions.get(AAA)!.amount).toBe(100);
  });
});
