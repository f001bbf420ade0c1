import type { Asset } from '../model/asset.js';
import type { BarField, HistoryFrequency } from '../model/bar.js';
import type { HistoryMatrix } from '../model/history-matrix.js';

/** A value or a promise of it: memory-backed implementations answer at once. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Prices as the engine's `data` object needs them. Everything is as of the current simulation
 * time set by `advanceTo`: a bar after it is never visible (no look-ahead).
 */
export interface MarketData {
  /** Moves to instant `dt` (epoch ms); loads the next time chunk when needed. */
  advanceTo(dt: number): MaybePromise<void>;
  /** Raw (unadjusted) value of the current bar; `price` is the last close, forward-filled; NaN before any data. */
  current(asset: Asset, field: BarField): number;
  /**
   * The last `barCount` values oldest → newest, including the current bar, adjusted for splits
   * and dividends known as of now. A view when no adjustment falls in the window.
   */
  history(asset: Asset, field: BarField, barCount: number, frequency: HistoryFrequency): MaybePromise<Float64Array>;
  /**
   * Optional: `history` of several assets at once as one matrix (the same values as one
   * `history` call per asset), without a window object per asset where the storage allows.
   */
  historyMatrix?(assets: readonly Asset[], field: BarField, barCount: number, frequency: HistoryFrequency): MaybePromise<HistoryMatrix>;
  /** True when the asset has a bar now and is alive (between its start and end dates). */
  canTrade(asset: Asset): boolean;
  /** True when the asset is alive but has no bar now (a forward-filled price). */
  isStale(asset: Asset): boolean;
}
