import type { Asset } from '../../src/model/asset.js';
import type { BarField, HistoryFrequency, OhlcvField } from '../../src/model/bar.js';
import type { Order, OrderStyle } from '../../src/model/order.js';
import type { MarketData } from '../../src/ports/market-data.js';

/** One bar's values. */
export interface FakeBar {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** A bar with open/high/low/close/volume in that order. */
export const ohlcv = (open: number, high: number, low: number, close: number, volume: number): FakeBar => ({ open, high, low, close, volume });

/**
 * A tiny in-memory `MarketData` for unit tests: bars are set per asset and instant; `current`
 * answers for the instant given to `advanceTo` (`price` = last close at or before it), `history`
 * returns raw closes (no adjustments).
 */
export class FakeMarketData implements MarketData {
  private readonly bars = new Map<number, Map<number, FakeBar>>();
  private now = Number.NaN;

  /** Sets the bar of `asset` at instant `dt`. */
  setBar(asset: Asset, dt: number, bar: FakeBar): this {
    let m = this.bars.get(asset.sid);
    if (!m) this.bars.set(asset.sid, (m = new Map()));
    m.set(dt, bar);
    return this;
  }

  advanceTo(dt: number): void {
    this.now = dt;
  }

  current(asset: Asset, field: BarField): number {
    if (field === 'price') return this.lastClose(asset);
    return this.bars.get(asset.sid)?.get(this.now)?.[field as OhlcvField] ?? Number.NaN;
  }

  history(asset: Asset, field: BarField, barCount: number, _frequency: HistoryFrequency): Float64Array {
    const key: OhlcvField = field === 'price' ? 'close' : field;
    const rows = [...(this.bars.get(asset.sid) ?? new Map<number, FakeBar>()).entries()]
      .filter(([t]) => t <= this.now)
      .sort((a, b) => a[0] - b[0])
      .slice(-barCount);
    return Float64Array.from(rows, ([, b]) => b[key]);
  }

  canTrade(asset: Asset): boolean {
    return this.bars.get(asset.sid)?.has(this.now) ?? false;
  }

  isStale(asset: Asset): boolean {
    return !this.canTrade(asset) && Number.isFinite(this.lastClose(asset));
  }

  private lastClose(asset: Asset): number {
    let best = -Infinity;
    let close = Number.NaN;
    for (const [t, b] of this.bars.get(asset.sid) ?? []) {
      if (t <= this.now && t > best) {
        best = t;
        close = b.close;
      }
    }
    return close;
  }
}

/** A test equity (whole shares, tick 0.01) unless overridden. */
export function testAsset(sid: number, symbol: string, overrides: Partial<Asset> = {}): Asset {
  return {
    sid, symbol, name: symbol, exchange: 'TEST', assetClass: 'equity', currency: 'USD',
    startDate: '2000-01-03', endDate: '2030-12-31', autoCloseDate: null,
    tickSize: 0.01, multiplier: 1, fractionable: false, ...overrides,
  };
}

/** An open order as a broker would hold it (for model tests). */
export function testOrder(asset: Asset, amount: number, fields: Partial<Order> & { style?: OrderStyle } = {}): Order {
  const style = fields.style ?? { type: 'market' };
  return {
    id: 'o-1', clientOrderId: 'o-1', asset, amount, filled: 0, status: 'open', style,
    limitPrice: style.type === 'limit' || style.type === 'stop_limit' ? style.limitPrice : null,
    stopPrice: style.type === 'stop' || style.type === 'stop_limit' ? style.stopPrice : null,
    stopReached: false, createdAt: 0, updatedAt: 0, commission: 0, reason: null, ...fields,
  };
}
