import { describe, expect, it } from 'vitest';
import { FixedBasisPointsSlippage } from '../../../../src/finance/slippage/fixed-basis-points.js';
import type { FillBar } from '../../../../src/ports/execution-models.js';
import { testAsset, testOrder } from '../../../helpers/fake-market-data.js';

const asset = testAsset(1, 'A');
const bar = (price: number, volume: number): FillBar => ({ open: price, high: price, low: price, close: price, volume, price });

describe('fixedBasisPoints', () => {
  const model = new FixedBasisPointsSlippage();

  it('defaults to 5 bp and 10 % of the bar volume; buys up, sells down', () => {
    expect([model.basisPoints, model.volumeLimit]).toEqual([5, 0.1]);
    // cap 0.1 × 1000 = 100 shares; 100 × (1 ± 0.0005) = 100.05 / 99.95
    const buy = model.fill(testOrder(asset, 150), bar(100, 1000), 0)!;
    expect(buy.amount).toBe(100);
    expect(buy.price).toBeCloseTo(100.05, 12);
    const sell = model.fill(testOrder(asset, -150), bar(100, 1000), 0)!;
    expect(sell.amount).toBe(-100);
    expect(sell.price).toBeCloseTo(99.95, 12);
  });

  it('leaves to this order what other orders did not use on the bar', () => {
    expect(model.fill(testOrder(asset, 150), bar(100, 1000), 60)!.amount).toBe(40); // 100 − 60
    expect(model.fill(testOrder(asset, 150), bar(100, 1000), 100)).toBeNull();
  });

  it('takes custom basis points and volume limit', () => {
    // 10 bp of 50 = 0.05; cap 0.29 × 100 = 29 shares (float 28.999… must not become 28)
    const f = new FixedBasisPointsSlippage({ basisPoints: 10, volumeLimit: 0.29 }).fill(testOrder(asset, 1000), bar(50, 100), 0)!;
    expect(f.amount).toBe(29);
    expect(f.price).toBeCloseTo(50.05, 12);
  });

  it('fills nothing on a zero-volume bar', () => {
    expect(model.fill(testOrder(asset, 10), bar(100, 0), 0)).toBeNull();
  });
});
