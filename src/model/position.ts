import type { Asset } from './asset.js';

/** A holding. `costBasis` is the average price paid per share (commissions included, zipline-style). */
export interface Position {
  readonly asset: Asset;
  amount: number;
  costBasis: number;
  lastSalePrice: number;
  /** Epoch ms of the last price mark. */
  lastSaleDate: number;
}
