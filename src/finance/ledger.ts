import { ExecutionIds } from './execution-tracker.js';
import type { Account, Portfolio } from '../model/account.js';
import type { Asset } from '../model/asset.js';
import type { Dividend } from '../model/corporate-actions.js';
import type { Position } from '../model/position.js';
import type { Transaction } from '../model/transaction.js';
import { addCommissionToCostBasis, applyExecution, splitPosition } from './position-math.js';

/** Order id of the transactions that close out positions in assets past their auto-close date. */
const AUTO_CLOSE_ORDER_ID = 'auto-close';

/** How a `Ledger` is built. */
export interface LedgerOptions {
  /**
   * Every fill is offered once by construction (the book of a broker that makes its own unique
   * execution ids): `applyFill` books it without keeping its id. Default false: ids are
   * de-duplicated, as fills relayed from elsewhere may be reported twice.
   */
  readonly uniqueFills?: boolean;
}

/**
 * Cash and positions of one account, with zipline's accounting: fills move cash and cost basis
 * (commission included), positions are marked to the last price, splits and dividends adjust
 * holdings and cash. Pure bookkeeping: it knows no mode, broker or data source.
 */
export class Ledger {
  readonly startingCash: number;
  /** `ctx.portfolio`: a live view, reading the ledger on every access. */
  readonly portfolio: Portfolio;
  /** `ctx.account`: a live view, reading the ledger on every access. */
  readonly account: Account;
  private currentCash: number;
  private readonly byAsset = new Map<Asset, Position>();
  /** The positions again, as an array for allocation-free iteration; always the same set as `byAsset`. */
  private readonly list: Position[] = [];
  /** Execution ids already booked; null when every fill is booked once by construction (`LedgerOptions.uniqueFills`). */
  private readonly executions: ExecutionIds | null;
  /** `positionsValue` as last summed, valid while `valueKnown` (executions, splits and marks clear it). */
  private valueCache = 0;
  private valueKnown = false;
  private changes = 0;
  private readonly unpaidDividends = new Map<string, number>();

  constructor(startingCash: number, options: LedgerOptions = {}) {
    this.executions = options.uniqueFills ? null : new ExecutionIds();
    this.currentCash = startingCash;
    this.startingCash = startingCash;
    this.portfolio = portfolioView(this);
    this.account = accountView(this);
  }

  /**
   * Counts changes to the positions (executions, splits, replacements), not marks: marking again
   * with the same prices at the same revision and instant changes nothing.
   */
  get revision(): number {
    return this.changes;
  }

  /** Cash, after every fill, commission, dividend and split remainder so far. */
  get cash(): number {
    return this.currentCash;
  }

  /** Open positions (never flat ones), keyed by the interned asset. */
  get positions(): ReadonlyMap<Asset, Readonly<Position>> {
    return this.byAsset;
  }

  /** The positions again, as an array for allocation-free iteration in the hot loop. */
  get held(): readonly Readonly<Position>[] {
    return this.list;
  }

  /**
   * Replaces the whole book with `positions` (copied; flat ones skipped) and `cash` — a live start
   * takes the broker's account as the truth. Dividends owed are dropped (the broker's cash holds
   * what was paid); executions already applied stay known, so none is booked twice.
   */
  seed(positions: readonly Position[], cash: number): void {
    this.byAsset.clear();
    this.list.length = 0;
    this.unpaidDividends.clear();
    this.replacePositions(positions);
    this.currentCash = cash;
  }

  /**
   * Sets the positions in the assets of `positions` to them (copied; a flat one removes the
   * holding) and removes the holdings in `flat` — reconciliation correcting assets that have
   * nothing in flight. Other holdings and the cash are untouched.
   */
  replacePositions(positions: readonly Position[], flat: readonly Asset[] = []): void {
    this.valueKnown = false;
    this.changes++;
    for (const asset of flat) {
      const held = this.byAsset.get(asset);
      if (held) this.remove(held);
    }
    for (const p of positions) {
      const held = this.byAsset.get(p.asset);
      if (held) this.remove(held);
      if (p.amount === 0) continue;
      const copy: Position = { asset: p.asset, amount: p.amount, costBasis: p.costBasis, lastSalePrice: p.lastSalePrice, lastSaleDate: p.lastSaleDate };
      this.byAsset.set(p.asset, copy);
      this.list.push(copy);
    }
  }

  /** Sets the cash to the broker's (reconciliation, when no order is in flight). */
  correctCash(cash: number): void {
    this.currentCash = cash;
  }

  /** Applies an execution once per `executionId`; returns false when it was already applied. */
  applyFill(fill: Transaction): boolean {
    if (this.executions !== null && !this.executions.first(fill.executionId)) return false;
    this.execute(fill.asset, fill.amount, fill.price, fill.dt);
    if (fill.commission !== 0) {
      const position = this.byAsset.get(fill.asset);
      if (position) addCommissionToCostBasis(position, fill.commission, fill.asset.multiplier);
      this.currentCash -= fill.commission;
    }
    return true;
  }

  /** Marks every position to `priceOf(asset)` at `dt`; NaN prices (no data yet) keep the last mark. */
  markToMarket(priceOf: (asset: Asset) => number, dt: number): void {
    const held = this.list;
    this.valueKnown = false;
    for (let i = 0; i < held.length; i++) {
      const position = held[i]!;
      const price = priceOf(position.asset);
      if (price === price) {
        position.lastSalePrice = price;
        position.lastSaleDate = dt;
      }
    }
  }

  /**
   * Applies a split of `ratio` (shares after / before) to the position in asset `sid`, if any; the
   * fractional remainder goes to cash.
   */
  applySplit(sid: number, ratio: number): void {
    const position = this.positionOfSid(sid);
    if (!position) return;
    this.valueKnown = false;
    this.changes++;
    const leftover = splitPosition(position, ratio);
    if (leftover > 0) this.currentCash += leftover;
    if (position.amount === 0) this.remove(position);
  }

  /**
   * Processes the dividends of session `session` (zipline's `process_dividends`): dividends going
   * ex today are earned on the shares held at the previous close and owed on their pay date (today
   * when it is unknown); everything owed on or before today is paid into cash.
   */
  processDividends(session: string, exToday: readonly Dividend[]): void {
    for (const dividend of exToday) {
      const position = this.positionOfSid(dividend.sid);
      if (!position) continue;
      const payDate = dividend.payDate ?? dividend.exDate;
      this.unpaidDividends.set(payDate, (this.unpaidDividends.get(payDate) ?? 0) + position.amount * dividend.amount);
    }
    if (this.unpaidDividends.size === 0) return;
    for (const [payDate, owed] of this.unpaidDividends) {
      if (payDate <= session) {
        this.currentCash += owed;
        this.unpaidDividends.delete(payDate);
      }
    }
  }

  /** Cash earned from dividends not yet paid. */
  get dividendsOwed(): number {
    let owed = 0;
    for (const v of this.unpaidDividends.values()) owed += v;
    return owed;
  }

  /**
   * Closes out a position at `price` (zipline's auto-close of delisted assets); returns the
   * closing transaction, or null when nothing is held.
   */
  closePosition(asset: Asset, price: number, dt: number): Transaction | null {
    const position = this.byAsset.get(asset);
    if (!position) return null;
    const fillPrice = price === price ? price : position.lastSalePrice;
    const amount = -position.amount;
    this.execute(asset, amount, fillPrice, dt);
    return { executionId: `${AUTO_CLOSE_ORDER_ID}-${asset.sid}-${dt}`, orderId: AUTO_CLOSE_ORDER_ID, asset, amount, price: fillPrice, commission: 0, dt };
  }

  /** Σ amount × last price × multiplier over positions (summed again only after a change). */
  get positionsValue(): number {
    if (this.valueKnown) return this.valueCache;
    let value = 0;
    const held = this.list;
    for (let i = 0; i < held.length; i++) value += held[i]!.amount * held[i]!.lastSalePrice * held[i]!.asset.multiplier;
    this.valueCache = value;
    this.valueKnown = true;
    return value;
  }

  /** Σ |amount × last price × multiplier| over positions. */
  get grossExposure(): number {
    let value = 0;
    const held = this.list;
    for (let i = 0; i < held.length; i++) value += Math.abs(held[i]!.amount * held[i]!.lastSalePrice * held[i]!.asset.multiplier);
    return value;
  }

  /** Cash plus the value of the positions. */
  get portfolioValue(): number {
    return this.currentCash + this.positionsValue;
  }

  private execute(asset: Asset, amount: number, price: number, dt: number): void {
    let position = this.byAsset.get(asset);
    if (!position) {
      position = { asset, amount: 0, costBasis: 0, lastSalePrice: price, lastSaleDate: -Infinity };
      this.byAsset.set(asset, position);
      this.list.push(position);
    }
    this.valueKnown = false;
    this.changes++;
    applyExecution(position, amount, price, dt);
    this.currentCash -= amount * price * asset.multiplier;
    if (position.amount === 0) this.remove(position);
  }

  private remove(position: Position): void {
    this.byAsset.delete(position.asset);
    // Shifted down in place: `splice` would make an array of the removed element.
    const list = this.list, i = list.indexOf(position);
    if (i < 0) return;
    for (let k = i + 1; k < list.length; k++) list[k - 1] = list[k]!;
    list.length--;
  }

  private positionOfSid(sid: number): Position | undefined {
    return this.list.find((p) => p.asset.sid === sid);
  }
}

function portfolioView(ledger: Ledger): Portfolio {
  return {
    get cash() { return ledger.cash; },
    get portfolioValue() { return ledger.portfolioValue; },
    get positionsValue() { return ledger.positionsValue; },
    get startingCash() { return ledger.startingCash; },
    get pnl() { return ledger.portfolioValue - ledger.startingCash; },
    get returns() { return ledger.startingCash === 0 ? 0 : ledger.portfolioValue / ledger.startingCash - 1; },
    get positions() { return ledger.positions; },
  };
}

/** zipline's account fields: leverage is gross exposure over net liquidation; buying power is unlimited. */
function accountView(ledger: Ledger): Account {
  const ratio = (x: number) => {
    const value = ledger.portfolioValue;
    return value === 0 ? Infinity : x / value;
  };
  return {
    get leverage() { return ratio(ledger.grossExposure); },
    get grossLeverage() { return ratio(ledger.grossExposure); },
    get netLeverage() { return ratio(ledger.positionsValue); },
    get buyingPower() { return Infinity; },
    get settledCash() { return ledger.cash; },
    get equity() { return ledger.portfolioValue; },
  };
}
