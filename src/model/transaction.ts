import type { Asset } from './asset.js';

/**
 * One execution (a fill or partial fill). `amount` is signed shares, `price` per share after
 * slippage; `commission` is the cost charged for this execution. `executionId` is unique per
 * execution, so fills are applied once even when reported twice.
 */
export interface Transaction {
  readonly executionId: string;
  readonly orderId: string;
  readonly asset: Asset;
  readonly amount: number;
  readonly price: number;
  readonly commission: number;
  /** Epoch ms of the execution. */
  readonly dt: number;
}

/** DESIGN.md calls executions fills; same thing. */
export type Fill = Transaction;
