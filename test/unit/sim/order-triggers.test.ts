import { describe, expect, it } from 'vitest';
import type { OrderStyle } from '../../../src/model/order.js';
import { applyTriggers, capAtLimit } from '../../../src/sim/order-triggers.js';
import { testAsset, testOrder } from '../../helpers/fake-market-data.js';

const asset = testAsset(1, 'A');
const BAR = { open: 100, high: 110, low: 90, close: 105 };
const order = (amount: number, style: OrderStyle, stopReached = false) => testOrder(asset, amount, { style, stopReached });
/** Reference fill price at the close and at the open. */
const prices = (amount: number, style: OrderStyle, bar = BAR) =>
  [applyTriggers(order(amount, style), bar, false).price, applyTriggers(order(amount, style), bar, true).price];

describe('order triggers on the fill bar (O 100 H 110 L 90 C 105)', () => {
  it('market orders fill at the close, or at the open for next-open', () => {
    expect(prices(1, { type: 'market' })).toEqual([105, 100]);
    expect(prices(-1, { type: 'market' })).toEqual([105, 100]);
  });

  it('buy limits fill when low ≤ limit, at min(reference, limit)', () => {
    expect(prices(1, { type: 'limit', limitPrice: 95 })).toEqual([95, 95]);
    expect(prices(1, { type: 'limit', limitPrice: 102 })).toEqual([102, 100]);
    expect(prices(1, { type: 'limit', limitPrice: 89 })).toEqual([null, null]);
  });

  it('sell limits fill when high ≥ limit, at max(reference, limit)', () => {
    expect(prices(-1, { type: 'limit', limitPrice: 108 })).toEqual([108, 108]);
    expect(prices(-1, { type: 'limit', limitPrice: 103 })).toEqual([105, 103]);
    expect(prices(-1, { type: 'limit', limitPrice: 111 })).toEqual([null, null]);
  });

  it('buy stops trigger when high ≥ stop: close fills at the close, open fills at max(open, stop)', () => {
    expect(prices(1, { type: 'stop', stopPrice: 108 })).toEqual([105, 108]);
    expect(prices(1, { type: 'stop', stopPrice: 95 })).toEqual([105, 100]); // gapped through at the open
    const miss = applyTriggers(order(1, { type: 'stop', stopPrice: 111 }), BAR, false);
    expect(miss).toEqual({ price: null, stopReached: false });
  });

  it('sell stops trigger when low ≤ stop: close fills at the close, open fills at min(open, stop)', () => {
    expect(prices(-1, { type: 'stop', stopPrice: 92 })).toEqual([105, 92]);
    expect(prices(-1, { type: 'stop', stopPrice: 102 })).toEqual([105, 100]);
    expect(prices(-1, { type: 'stop', stopPrice: 89 })).toEqual([null, null]);
  });

  it('stop-limits apply the stop, then the limit against that price', () => {
    // buy: stop 108 touched; open: max(100, 108) = 108, limit 109 ≥ low → min(108, 109) = 108; close: min(105, 109)
    expect(prices(1, { type: 'stop_limit', stopPrice: 108, limitPrice: 109 })).toEqual([105, 108]);
    // sell: stop 92 touched; open: min(100, 92) = 92, high 110 ≥ 91 → max(92, 91) = 92
    expect(prices(-1, { type: 'stop_limit', stopPrice: 92, limitPrice: 91 })).toEqual([105, 92]);
  });

  it('a stop-limit whose stop was reached stays a limit order on later bars', () => {
    const style: OrderStyle = { type: 'stop_limit', stopPrice: 108, limitPrice: 85 };
    const first = applyTriggers(order(1, style), BAR, false);
    expect(first).toEqual({ price: null, stopReached: true }); // stop touched, low 90 > limit 85
    const later = { open: 86, high: 88, low: 84, close: 87 }; // never back above the stop
    expect(applyTriggers(order(1, style, true), later, false)).toEqual({ price: 85, stopReached: true }); // min(87, 85)
    expect(applyTriggers(order(1, style, false), later, false).price).toBeNull(); // without the earlier touch: no trigger
  });

  it('never trades at a missing price', () => {
    expect(applyTriggers(order(1, { type: 'market' }), { ...BAR, close: Number.NaN }, false).price).toBeNull();
  });
});

describe('capAtLimit', () => {
  it('keeps slipped prices within the limit', () => {
    expect(capAtLimit(order(1, { type: 'limit', limitPrice: 95 }), 95.05)).toBe(95);
    expect(capAtLimit(order(1, { type: 'limit', limitPrice: 95 }), 94)).toBe(94);
    expect(capAtLimit(order(-1, { type: 'limit', limitPrice: 108 }), 107.9)).toBe(108);
    expect(capAtLimit(order(1, { type: 'market' }), 123)).toBe(123);
  });
});
