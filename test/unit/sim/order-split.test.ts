import { describe, expect, it } from 'vitest';
import { splitAdjustedOrder, tickDecimals } from '../../../src/sim/order-split.js';
import { testAsset, testOrder } from '../../helpers/fake-market-data.js';

describe('splitAdjustedOrder', () => {
  it('multiplies shares and divides prices by the ratio', () => {
    // 7:1 — 100 ordered, 30 filled → 700 / 210; stop 700 / 7 = 100, limit 650 / 7 = 92.857… → 92.86
    const o = testOrder(testAsset(1, 'AAPL'), 100, { filled: 30, style: { type: 'stop_limit', limitPrice: 650, stopPrice: 700 } });
    const s = splitAdjustedOrder(o, 7);
    expect([s.amount, s.filled, s.limitPrice, s.stopPrice]).toEqual([700, 210, 92.86, 100]);
    expect(s.style).toEqual({ type: 'stop_limit', limitPrice: 92.86, stopPrice: 100 });
    expect(o.amount).toBe(100); // the original is untouched
  });

  it('rounds shares toward zero for a reverse split', () => {
    // 1:3 reverse (ratio 1/3): −100 → −33.33 → −33; limit 10 × 3 = 30
    const s = splitAdjustedOrder(testOrder(testAsset(1, 'X'), -100, { style: { type: 'limit', limitPrice: 10 } }), 1 / 3);
    expect([s.amount, s.limitPrice]).toEqual([-33, 30]);
  });

  it('keeps fractional shares for fractionable assets and rounds prices to the tick', () => {
    const s = splitAdjustedOrder(testOrder(testAsset(1, 'X', { fractionable: true, tickSize: 0.0001 }), 3, { style: { type: 'limit', limitPrice: 1 } }), 1.5);
    expect([s.amount, s.limitPrice]).toEqual([4.5, 0.6667]);
    expect([tickDecimals(0.01), tickDecimals(0.0001), tickDecimals(0)]).toEqual([2, 4, 2]);
  });
});
