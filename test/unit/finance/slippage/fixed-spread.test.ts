import { describe, expect, it } from 'vitest';
import { FixedSpreadSlippage } from '../../../../src/finance/slippage/fixed-spread.js';
import type { FillBar } from '../../../../src/ports/execution-models.js';
import { testAsset, testOrder } from '../../../helpers/fake-market-data.js';

const asset = testAsset(1, 'A');
const bar = (price: number, volume: number): FillBar => ({ open: price, high: price, low: price, close: price, volume, price });

describe('fixed spread', () => {
  it('fills the whole open amount at price ± spread / 2, whatever the volume', () => {
    const m = new FixedSpreadSlippage({ spread: 0.1 });
    // 500 ordered, 200 filled: 300 open; 100 + 0.05 / 100 − 0.05
    const buy = m.fill(testOrder(asset, 500, { filled: 200 }), bar(100, 10))!;
    expect(buy.amount).toBe(300);
    expect(buy.price).toBeCloseTo(100.05, 12);
    const sell = m.fill(testOrder(asset, -500), bar(100, 10))!;
    expect(sell.amount).toBe(-500);
    expect(sell.price).toBeCloseTo(99.95, 12);
  });

  it('defaults to no spread and, like zipline, fills nothing on a bar without trading', () => {
    const m = new FixedSpreadSlippage();
    expect(m.fill(testOrder(asset, 5), bar(100, 1))!.price).toBe(100);
    expect(m.fill(testOrder(asset, 5), bar(100, 0))).toBeNull();
  });
});
