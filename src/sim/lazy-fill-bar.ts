import type { Asset } from '../model/asset.js';
import type { FillBar } from '../ports/execution-models.js';
import type { MarketData } from '../ports/market-data.js';

/**
 * The bar an order is matched against, its prices read from the market data when asked for: a
 * market order needs one of the four, and each read is a cache miss in a wide panel. The prices
 * are getters (read them; `{ ...bar }` does not copy them); `JSON.stringify` shows them all.
 */
export class LazyFillBar implements FillBar {
  declare readonly open: number;
  declare readonly high: number;
  declare readonly low: number;
  declare readonly close: number;
  price = 0;
  constructor(private readonly md: MarketData, private readonly asset: Asset, readonly volume: number) {}
  toJSON(): FillBar {
    return { open: this.open, high: this.high, low: this.low, close: this.close, volume: this.volume, price: this.price };
  }
}
for (const field of ['open', 'high', 'low', 'close'] as const) {
  Object.defineProperty(LazyFillBar.prototype, field, { get(this: LazyFillBar) { return this['md'].current(this['asset'], field); }, enumerable: true });
}
