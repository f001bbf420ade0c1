import type { Asset } from './asset.js';
import type { Position } from './position.js';

/** `ctx.portfolio` (DESIGN.md §3.1). */
export interface Portfolio {
  readonly cash: number;
  readonly portfolioValue: number;
  readonly positionsValue: number;
  readonly startingCash: number;
  readonly pnl: number;
  readonly returns: number;
  readonly positions: ReadonlyMap<Asset, Position>;
}

/** `ctx.account` (DESIGN.md §3.1). */
export interface Account {
  readonly leverage: number;
  readonly netLeverage: number;
  readonly grossLeverage: number;
  readonly buyingPower: number;
  readonly settledCash: number;
  readonly equity: number;
}

/** What a broker reports about the account, the source of truth when live. */
export interface BrokerAccount {
  readonly cash: number;
  readonly equity: number;
  readonly buyingPower: number;
}
