import type { Account, Portfolio } from '../model/account.js';
import type { Asset } from '../model/asset.js';

/**
 * Trading controls with zipline's semantics (`finance/controls.py`), as pure checks: each returns
 * null when the order (or account) is fine, otherwise a one-line message naming the control, the
 * asset and the numbers. The engine calls them before submitting an order and, per `onError`,
 * rejects the order (`'fail'`, the default) or logs the message and submits anyway (`'log'`).
 */

/** An order about to be placed. */
export interface OrderCheck {
  asset: Asset;
  /** Signed shares (negative = sell). */
  amount: number;
  /** Estimated fill price (the current price). */
  price: number;
}

/** What a control may look at. */
export interface ControlState {
  portfolio: Portfolio;
  account: Account;
  /** Orders already placed in the current session (this one not counted). */
  ordersPlacedToday: number;
  /** Epoch ms. */
  now: number;
}

export type OnError = 'fail' | 'log';

/** A check on each order before it is placed. */
export interface TradingControl {
  readonly name: string;
  readonly onError: OnError;
  check(order: OrderCheck, state: ControlState): string | null;
}

/** A check on the account, run at each session end (zipline runs these after each bar). */
export interface AccountControl {
  readonly name: string;
  readonly onError: OnError;
  check(account: Account): string | null;
}

/** Options every control takes. */
export interface ControlOptions {
  onError?: OnError;
}

/** Limits of `maxPositionSize` / `maxOrderSize`: per asset or (without `asset`) for every asset. */
export interface SizeLimits extends ControlOptions {
  asset?: Asset;
  maxShares?: number;
  maxNotional?: number;
}

const num = (x: number): string => String(Math.round(x * 1e6) / 1e6);
const money = (x: number): string => x.toFixed(2);
const heldShares = (asset: Asset, portfolio: Portfolio): number => portfolio.positions.get(asset)?.amount ?? 0;
const side = (amount: number): string => (amount < 0 ? `selling ${num(-amount)}` : `buying ${num(amount)}`);

function onErrorOf(options: ControlOptions | undefined, control: string): OnError {
  const v = options?.onError ?? 'fail';
  if (v !== 'fail' && v !== 'log') throw new RangeError(`${control}: onError must be 'fail' or 'log', not '${String(v)}'`);
  return v;
}

function checkLimits(control: string, limits: SizeLimits): void {
  const { maxShares, maxNotional } = limits;
  if (maxShares === undefined && maxNotional === undefined) {
    throw new RangeError(`${control}: give maxShares and/or maxNotional`);
  }
  for (const [key, v] of [['maxShares', maxShares], ['maxNotional', maxNotional]] as const) {
    if (v !== undefined && !(v >= 0)) throw new RangeError(`${control}: ${key} must be a number ≥ 0, not ${v}`);
  }
}

/** A size limit broken: `max` shares, or `max` in value (`value` = the position's or order's). */
type SizeBreach = { limit: 'shares'; max: number } | { limit: 'notional'; max: number; value: number };

/** The first size limit broken by `shares` at `price` (shares before notional), if `limits` cover `asset`. */
function sizeBreach(limits: SizeLimits, asset: Asset, shares: number, price: number): SizeBreach | null {
  if (limits.asset !== undefined && limits.asset.sid !== asset.sid) return null;
  if (limits.maxShares !== undefined && Math.abs(shares) > limits.maxShares) return { limit: 'shares', max: limits.maxShares };
  const value = shares * price;
  if (limits.maxNotional !== undefined && Math.abs(value) > limits.maxNotional) return { limit: 'notional', max: limits.maxNotional, value };
  return null;
}

/** Rejects an order that would leave a negative position (the current position counts; open orders do not). */
function longOnly(options?: ControlOptions): TradingControl {
  const name = 'longOnly';
  return {
    name,
    onError: onErrorOf(options, name),
    check({ asset, amount }, { portfolio }) {
      const held = heldShares(asset, portfolio);
      const after = held + amount;
      if (after >= 0) return null;
      return `${name}: ${side(amount)} ${asset.symbol} while holding ${num(held)} would leave ${num(after)} shares; short positions are not allowed`;
    },
  };
}

/** Rejects an order after which the position would exceed `maxShares` shares or `maxNotional` in value (absolute). */
function maxPositionSize(limits: SizeLimits): TradingControl {
  const name = 'maxPositionSize';
  checkLimits(name, limits);
  return {
    name,
    onError: onErrorOf(limits, name),
    check({ asset, amount, price }, { portfolio }) {
      const held = heldShares(asset, portfolio);
      const after = held + amount;
      const breach = sizeBreach(limits, asset, after, price);
      if (!breach) return null;
      const what = `${side(amount)} ${asset.symbol} while holding ${num(held)}`;
      return breach.limit === 'shares'
        ? `${name}: ${what} would hold ${num(after)} shares, above the limit of ${num(breach.max)}`
        : `${name}: ${what} would hold ${money(breach.value)} (${num(after)} × ${money(price)}), above the limit of ${money(breach.max)}`;
    },
  };
}

/** Rejects a single order larger than `maxShares` shares or `maxNotional` in value (absolute). */
function maxOrderSize(limits: SizeLimits): TradingControl {
  const name = 'maxOrderSize';
  checkLimits(name, limits);
  return {
    name,
    onError: onErrorOf(limits, name),
    check({ asset, amount, price }) {
      const breach = sizeBreach(limits, asset, amount, price);
      if (!breach) return null;
      return breach.limit === 'shares'
        ? `${name}: order for ${num(amount)} ${asset.symbol} exceeds the limit of ${num(breach.max)} shares`
        : `${name}: order for ${num(amount)} ${asset.symbol} × ${money(price)} = ${money(breach.value)} exceeds the limit of ${money(breach.max)}`;
    },
  };
}

/** Rejects an order once `maxCount` orders were placed in the current session. */
function maxOrderCount(maxCount: number, options?: ControlOptions): TradingControl {
  const name = 'maxOrderCount';
  if (!Number.isInteger(maxCount) || maxCount < 0) throw new RangeError(`${name}: the limit must be a whole number ≥ 0, not ${maxCount}`);
  return {
    name,
    onError: onErrorOf(options, name),
    check({ asset, amount }, { ordersPlacedToday }) {
      if (ordersPlacedToday < maxCount) return null;
      return `${name}: order for ${num(amount)} ${asset.symbol} would be order ${ordersPlacedToday + 1} today, above the limit of ${maxCount}`;
    },
  };
}

/** Rejects any order for the listed assets (given as assets or symbols, case-insensitive). */
function doNotOrderList(assets: Iterable<Asset | string>, options?: ControlOptions): TradingControl {
  const name = 'doNotOrderList';
  const sids = new Set<number>();
  const symbols = new Set<string>();
  for (const a of assets) {
    if (typeof a === 'string') symbols.add(a.toUpperCase());
    else sids.add(a.sid);
  }
  return {
    name,
    onError: onErrorOf(options, name),
    check({ asset, amount }) {
      if (!sids.has(asset.sid) && !symbols.has(asset.symbol.toUpperCase())) return null;
      return `${name}: order for ${num(amount)} ${asset.symbol} refused, ${asset.symbol} is on the do-not-order list`;
    },
  };
}

/** Fails when the account's leverage exceeds `maxLeverage` (an account control, checked at each session end). */
function maxLeverage(limit: number, options?: ControlOptions): AccountControl {
  const name = 'maxLeverage';
  if (!(limit >= 0)) throw new RangeError(`${name}: the limit must be a number ≥ 0, not ${limit}`);
  return {
    name,
    onError: onErrorOf(options, name),
    check(account) {
      if (!(account.leverage > limit)) return null;
      return `${name}: account leverage ${num(account.leverage)} exceeds the limit of ${num(limit)}`;
    },
  };
}

/** The trading controls `ctx.setLongOnly`, `ctx.setMaxPositionSize`, … install. */
export const controls = { longOnly, maxPositionSize, maxOrderSize, maxOrderCount, doNotOrderList, maxLeverage };
