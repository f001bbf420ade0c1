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

/**
 * An asset known only by a symbol and sid (an order of an earlier process whose asset is not in
 * the run's bundle): an equity listed 1970–2099, tick 0.01, whole shares.
 */
export function unlistedAsset(symbol: string, sid: number): Asset {
  return {
    sid, symbol, name: symbol, exchange: 'UNKNOWN', assetClass: 'equity', currency: 'USD',
    startDate: '1970-01-01', endDate: '2099-12-31', autoCloseDate: null, tickSize: 0.01, multiplier: 1, fractionable: false,
  };
}
