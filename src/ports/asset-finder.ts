import type { Asset } from '../model/asset.js';

/** Looks assets up by symbol or sid (a bundle in a backtest, the broker's asset list live). */
export interface AssetFinder {
  /** The asset with this symbol (case-insensitive), or undefined. */
  lookupSymbol(symbol: string): Promise<Asset | undefined>;
  /** The asset with this sid, or undefined. */
  lookupSid(sid: number): Promise<Asset | undefined>;
  /** The bundle looked in, when it is one (named in "symbol not found" errors). */
  readonly bundle?: string;
}
