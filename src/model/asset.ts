/** Asset classes a bundle or broker can hold. */
export type AssetClass = 'equity' | 'index' | 'crypto' | 'fx' | 'future';

/**
 * A tradable instrument. Assets are interned: within one run there is exactly one object per
 * `sid`, so they can key `Map`s (e.g. `portfolio.positions`).
 */
export interface Asset {
  readonly sid: number;
  readonly symbol: string;
  readonly name: string;
  readonly exchange: string;
  readonly assetClass: AssetClass;
  readonly currency: string;
  /** First and last day with data, `YYYY-MM-DD`. */
  readonly startDate: string;
  readonly endDate: string;
  /** Day positions are closed out at the last price (zipline: the day after `endDate`). */
  readonly autoCloseDate: string | null;
  readonly tickSize: number;
  readonly multiplier: number;
  /** Whether fractional share amounts are allowed. */
  readonly fractionable: boolean;
}
