import { describe, expect, it } from 'vitest';
import { cancelPolicy, commission, slippage } from '../../../src/strategy/models.js';
import { testAsset, testOrder } from '../../helpers/fake-market-data.js';

const order = testOrder(testAsset(1, 'A'), 200);
const bar = { open: 100, high: 100, low: 100, close: 100, volume: 1000, price: 100 };

describe('strategy model factories', () => {
  it('commission: zipline defaults and given options', () => {
    expect(commission.perShare().calculate(order, 200, 100)).toBeCloseTo(0.2, 12); // 200 × 0.001
    expect(commission.perShare({ cost: 0.0075, minTradeCost: 1 }).calculate(order, 100, 100)).toBe(1); // max(1, 0.75)
    expect(commission.perTrade({ cost: 5 }).calculate(order, 200, 100)).toBe(5);
    expect(commission.perDollar().calculate(order, 200, 100)).toBeCloseTo(30, 9); // 200 × 100 × 0.0015
    expect(commission.none().calculate(order, 200, 100)).toBe(0);
  });

  it('slippage: zipline defaults and given options', () => {
    expect(slippage.fixedBasisPoints().fill(order, bar, 0)).toEqual({ price: 100.05, amount: 100 }); // 10 % × 1000; +5 bp
    // 25 of 1000 = 0.025: 100 × 0.1 × 0.025² = 0.00625
    const vs = slippage.volumeShare().fill(order, bar, 0)!;
    expect(vs.amount).toBe(25);
    expect(vs.price).toBeCloseTo(100.00625, 12);
    expect(slippage.fixed({ spread: 1 }).fill(order, bar, 0)).toEqual({ price: 100.5, amount: 200 });
    expect(slippage.none().fill(order, { ...bar, volume: 0 }, 0)).toEqual({ price: 100, amount: 200 });
  });

  it('cancel policies', () => {
    expect([cancelPolicy.never().shouldCancel('session-end'), cancelPolicy.eod().shouldCancel('session-end')]).toEqual([false, true]);
  });

  it('reject invalid options with the option named', () => {
    expect(() => slippage.fixedBasisPoints({ basisPoints: -1 })).toThrow(/slippage.fixedBasisPoints\(\{ basisPoints: -1 \}\)/);
    expect(() => commission.perDollar({ cost: Number.NaN })).toThrow(/commission.perDollar/);
  });
});
