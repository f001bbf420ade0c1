import { describe, expect, it } from 'vitest';
import { controls, type ControlState } from '../../../src/finance/controls.js';
import type { Account, Portfolio } from '../../../src/model/account.js';
import type { Asset } from '../../../src/model/asset.js';
import type { Position } from '../../../src/model/position.js';
import { testAsset } from '../../helpers/fake-market-data.js';

const AAPL = testAsset(1, 'AAPL');
const MSFT = testAsset(2, 'MSFT');

function account(leverage = 0): Account {
  return { leverage, netLeverage: leverage, grossLeverage: leverage, buyingPower: 0, settledCash: 0, equity: 0 };
}

/** State holding `held` shares of AAPL. */
function state(held = 0, ordersPlacedToday = 0): ControlState {
  const positions = new Map<Asset, Position>();
  if (held !== 0) positions.set(AAPL, { asset: AAPL, amount: held, costBasis: 10, lastSalePrice: 10, lastSaleDate: 0 });
  const portfolio: Portfolio = { cash: 0, portfolioValue: 0, positionsValue: 0, startingCash: 0, pnl: 0, returns: 0, positions };
  return { portfolio, account: account(), ordersPlacedToday, now: 0 };
}

describe('longOnly', () => {
  const c = controls.longOnly();
  it('allows selling down to zero, counting the current position', () => {
    expect(c.check({ asset: AAPL, amount: -10, price: 10 }, state(10))).toBeNull();
  });
  it('rejects an order that would leave a short position, with the numbers', () => {
    // holding 10, selling 15 → −5
    const msg = c.check({ asset: AAPL, amount: -15, price: 10 }, state(10));
    expect(msg).toBe('longOnly: selling 15 AAPL while holding 10 would leave -5 shares; short positions are not allowed');
    expect(c.check({ asset: MSFT, amount: -1, price: 10 }, state(10))).toMatch(/MSFT while holding 0 would leave -1/);
  });
  it('fails by default and logs when asked', () => {
    expect(c.onError).toBe('fail');
    expect(controls.longOnly({ onError: 'log' }).onError).toBe('log');
  });
});

describe('maxPositionSize', () => {
  it('checks the position after the order, in shares', () => {
    const c = controls.maxPositionSize({ maxShares: 120 });
    expect(c.check({ asset: AAPL, amount: 70, price: 10 }, state(50))).toBeNull(); // 50 + 70 = 120
    expect(c.check({ asset: AAPL, amount: 71, price: 10 }, state(50))).toBe(
      'maxPositionSize: buying 71 AAPL while holding 50 would hold 121 shares, above the limit of 120',
    );
    expect(c.check({ asset: AAPL, amount: -200, price: 10 }, state(50))).toMatch(/would hold -150 shares/); // |−150| > 120
  });
  it('checks notional value at the estimated price', () => {
    const c = controls.maxPositionSize({ maxNotional: 1000 });
    // (50 + 60) × 10 = 1100 > 1000
    expect(c.check({ asset: AAPL, amount: 60, price: 10 }, state(50))).toBe(
      'maxPositionSize: buying 60 AAPL while holding 50 would hold 1100.00 (110 × 10.00), above the limit of 1000.00',
    );
    expect(c.check({ asset: AAPL, amount: 50, price: 10 }, state(50))).toBeNull(); // 1000, not above
  });
  it('applies to one asset only when given', () => {
    const c = controls.maxPositionSize({ asset: MSFT, maxShares: 1 });
    expect(c.check({ asset: AAPL, amount: 500, price: 10 }, state())).toBeNull();
    expect(c.check({ asset: MSFT, amount: 2, price: 10 }, state())).not.toBeNull();
  });
  it('needs a limit', () => {
    expect(() => controls.maxPositionSize({})).toThrow(/give maxShares and\/or maxNotional/);
    expect(() => controls.maxPositionSize({ maxShares: -1 })).toThrow(/maxShares must be a number ≥ 0/);
  });
});

describe('maxOrderSize', () => {
  it('checks each order alone, in shares and in value', () => {
    const c = controls.maxOrderSize({ maxShares: 100, maxNotional: 5000 });
    expect(c.check({ asset: AAPL, amount: -100, price: 50 }, state(1000))).toBeNull(); // 100 shares, 5000
    expect(c.check({ asset: AAPL, amount: -101, price: 1 }, state())).toBe('maxOrderSize: order for -101 AAPL exceeds the limit of 100 shares');
    // 90 × 60 = 5400 > 5000
    expect(c.check({ asset: AAPL, amount: 90, price: 60 }, state())).toBe('maxOrderSize: order for 90 AAPL × 60.00 = 5400.00 exceeds the limit of 5000.00');
  });
});

describe('maxOrderCount', () => {
  it('allows n orders per session and rejects the next', () => {
    const c = controls.maxOrderCount(2);
    expect(c.check({ asset: AAPL, amount: 1, price: 1 }, state(0, 1))).toBeNull();
    expect(c.check({ asset: AAPL, amount: 1, price: 1 }, state(0, 2))).toBe('maxOrderCount: order for 1 AAPL would be order 3 today, above the limit of 2');
    expect(() => controls.maxOrderCount(1.5)).toThrow(RangeError);
  });
});

describe('doNotOrderList', () => {
  it('rejects listed assets, given as assets or symbols (any case)', () => {
    const c = controls.doNotOrderList([MSFT, 'aapl']);
    expect(c.check({ asset: AAPL, amount: 1, price: 1 }, state())).toBe('doNotOrderList: order for 1 AAPL refused, AAPL is on the do-not-order list');
    expect(c.check({ asset: MSFT, amount: -3, price: 1 }, state())).toMatch(/MSFT is on the do-not-order list/);
    expect(c.check({ asset: testAsset(3, 'IBM'), amount: 1, price: 1 }, state())).toBeNull();
  });
});

describe('maxLeverage', () => {
  it('is an account control that fails above the limit', () => {
    const c = controls.maxLeverage(2);
    expect(c.check(account(2))).toBeNull();
    expect(c.check(account(2.35))).toBe('maxLeverage: account leverage 2.35 exceeds the limit of 2');
    expect(() => controls.maxLeverage(-1)).toThrow(RangeError);
  });
});
