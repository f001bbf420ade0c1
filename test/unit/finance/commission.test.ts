import { describe, expect, it } from 'vitest';
import { NoCommission, PerDollarCommission, PerShareCommission, PerTradeCommission } from '../../../src/finance/commission.js';
import type { CommissionModel } from '../../../src/ports/execution-models.js';
import { testAsset, testOrder } from '../../helpers/fake-market-data.js';

// zipline's tests/finance/test_commissions.py: one order of 500 shares filled 230 @100, 170 @101, 100 @102.
const FILLS: ReadonlyArray<[amount: number, price: number]> = [[230, 100], [170, 101], [100, 102]];
const asset = testAsset(1, 'A');

/** Charges each fill like the broker does (model sees filled/commission of earlier fills), returns per-fill charges. */
function charge(model: CommissionModel, sign = 1): number[] {
  const order = testOrder(asset, 500 * sign);
  return FILLS.map(([amount, price]) => {
    const c = model.calculate({ ...order }, amount * sign, price);
    order.filled += amount * sign;
    order.commission += c;
    return c;
  });
}
const cumulative = (xs: number[]): number[] => xs.map((_, i) => xs.slice(0, i + 1).reduce((a, b) => a + b, 0));

describe('perShare', () => {
  it('without a minimum charges cost × shares per fill, buys and sells alike', () => {
    // 230 × 0.0075 = 1.725; 170 × 0.0075 = 1.275; 100 × 0.0075 = 0.75
    for (const sign of [1, -1]) {
      const c = charge(new PerShareCommission(0.0075, 0), sign);
      expect(c[0]).toBeCloseTo(1.725, 9);
      expect(c[1]).toBeCloseTo(1.275, 9);
      expect(c[2]).toBeCloseTo(0.75, 9);
    }
  });

  it.each([
    // per-share running totals are 1.725, 3.0, 3.75; the order pays max(minimum, running total)
    [1, [1.725, 3, 3.75]], // minimum met by the first fill
    [2.5, [2.5, 3, 3.75]], // met by the second: 2.5, then 3.0 − 2.5 = 0.5 more
    [3.5, [3.5, 3.5, 3.75]], // met by the third: 3.5, 0 (3.0 < 3.5), then 3.75 − 3.5
    [5.5, [5.5, 5.5, 5.5]], // never met: the minimum once, nothing after
  ])('with minTradeCost %s totals %j per order across partial fills', (min, totals) => {
    const got = cumulative(charge(new PerShareCommission(0.0075, min)));
    got.forEach((g, i) => expect(g).toBeCloseTo(totals[i]!, 9));
  });

  it('defaults to 0.001 per share and no minimum', () => {
    const m = new PerShareCommission();
    expect(m.calculate(testOrder(asset, 100), 100, 50)).toBeCloseTo(0.1, 12); // 100 × 0.001
  });

  it('refuses a negative cost', () => {
    expect(() => new PerShareCommission(-0.01)).toThrow(/cost must be a finite number ≥ 0/);
  });
});

describe('perTrade', () => {
  it('charges the cost once per order, on its first fill', () => {
    expect(charge(new PerTradeCommission(10))).toEqual([10, 0, 0]);
  });
});

describe('perDollar', () => {
  it('charges cost × |amount| × price per fill', () => {
    // 230 × 100 × 0.0015 = 34.5; 170 × 101 × 0.0015 = 25.755; 100 × 102 × 0.0015 = 15.3
    const c = charge(new PerDollarCommission(0.0015));
    expect(c[0]).toBeCloseTo(34.5, 9);
    expect(c[1]).toBeCloseTo(25.755, 9);
    expect(c[2]).toBeCloseTo(15.3, 9);
  });

  it('defaults to 0.0015 and charges sells positively', () => {
    expect(new PerDollarCommission().calculate(testOrder(asset, -10), -10, 20)).toBeCloseTo(0.3, 12); // 10 × 20 × 0.0015
  });
});

describe('none', () => {
  it('is free', () => {
    expect(charge(new NoCommission())).toEqual([0, 0, 0]);
  });
});
