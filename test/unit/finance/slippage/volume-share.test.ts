import { describe, expect, it } from 'vitest';
import { VolumeShareSlippage } from '../../../../src/finance/slippage/volume-share.js';
import type { FillBar } from '../../../../src/ports/execution-models.js';
import { testAsset, testOrder } from '../../../helpers/fake-market-data.js';

const asset = testAsset(133, 'X');
const bar = (price: number, volume: number): FillBar => ({ open: price, high: price, low: price, close: price, volume, price });

describe('volumeShare', () => {
  const model = new VolumeShareSlippage();

  it('uses zipline defaults and reproduces its published fills', () => {
    expect([model.volumeLimit, model.priceImpact]).toEqual([0.025, 0.1]);
    // zipline test_slippage.py: 100 shares ordered, bar close 3.5, volume 2000.
    // cap 0.025 × 2000 = 50 shares; share 50/2000 = 0.025; 3.5 × 0.1 × 0.025² = 0.00021875
    const buy = model.fill(testOrder(asset, 100), bar(3.5, 2000), 0)!;
    expect(buy.amount).toBe(50);
    expect(buy.price).toBeCloseTo(3.50021875, 12);
    const sell = model.fill(testOrder(asset, -100), bar(3.5, 2000), 0)!;
    expect(sell.amount).toBe(-50);
    expect(sell.price).toBeCloseTo(3.49978125, 12);
  });

  it('prices a small order by its own volume share', () => {
    // 10 of 2000 = 0.005; impact 3.5 × 0.1 × 0.000025 = 0.00000875
    const f = model.fill(testOrder(asset, 10), bar(3.5, 2000), 0)!;
    expect(f.amount).toBe(10);
    expect(f.price).toBeCloseTo(3.50000875, 12);
  });

  it('shares the bar volume with orders already filled on it', () => {
    // 30 already used: 50 − 30 = 20 more; share (30 + 20) / 2000 = 0.025 → same impact as a full bar
    const f = model.fill(testOrder(asset, 100), bar(3.5, 2000), 30)!;
    expect(f.amount).toBe(20);
    expect(f.price).toBeCloseTo(3.50021875, 12);
    expect(model.fill(testOrder(asset, 100), bar(3.5, 2000), 50)).toBeNull();
  });

  it('fills only the open amount of a partly filled order', () => {
    expect(model.fill(testOrder(asset, 100, { filled: 90 }), bar(3.5, 2000), 0)!.amount).toBe(10);
  });

  it('rounds to whole shares unless the asset is fractionable', () => {
    // 0.025 × 1990 = 49.75
    expect(model.fill(testOrder(asset, 100), bar(10, 1990), 0)!.amount).toBe(49);
    const frac = testAsset(9, 'BTC', { fractionable: true });
    expect(model.fill(testOrder(frac, 100), bar(10, 1990), 0)!.amount).toBeCloseTo(49.75, 12);
  });

  it('fills nothing on a zero-volume bar', () => {
    expect(model.fill(testOrder(asset, 100), bar(3.5, 0), 0)).toBeNull();
  });

  it('refuses a volume limit of 0', () => {
    expect(() => new VolumeShareSlippage({ volumeLimit: 0 })).toThrow(/volumeLimit must be a finite number > 0/);
  });
});
