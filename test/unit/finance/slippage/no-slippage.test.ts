import { describe, expect, it } from 'vitest';
import { NoSlippage } from '../../../../src/finance/slippage/no-slippage.js';
import { testAsset, testOrder } from '../../../helpers/fake-market-data.js';

describe('no slippage', () => {
  it('fills the whole open amount at the reference price even on a zero-volume bar', () => {
    const f = new NoSlippage().fill(testOrder(testAsset(1, 'IDX'), -7, { filled: -2 }), { open: 1, high: 3, low: 1, close: 2, volume: 0, price: 2.5 });
    expect(f).toEqual({ price: 2.5, amount: -5 });
  });
});
