import type { BrokerAccount } from '../model/account.js';
import type { Asset } from '../model/asset.js';
import type { Position } from '../model/position.js';
import type { Transaction } from '../model/transaction.js';
import { addCommissionToCostBasis, applyExecution, splitPosition } from '../finance/position-math.js';

/**
 * The simulated broker's own view of cash and positions, so it can answer `getPositions` and
 * `getAccount` like a venue would. It follows the broker's fills (price and commission) and
 * splits with the ledger's position math (zipline's rules); it does not book dividends — the
 * engine's ledger is the record of the strategy's portfolio.
 */
export class BrokerBook {
  private readonly positions = new Map<number, Position>();

  constructor(public cash: number) {}

  /** Books one execution: cash pays price × amount plus commission; the position follows zipline's cost basis. */
  applyFill(t: Transaction): void {
    this.cash -= t.amount * t.price * t.asset.multiplier + t.commission;
    const p = this.positions.get(t.asset.sid) ?? { asset: t.asset, amount: 0, costBasis: 0, lastSalePrice: t.price, lastSaleDate: t.dt };
    applyExecution(p, t.amount, t.price, t.dt);
    addCommissionToCostBasis(p, t.commission, t.asset.multiplier);
    if (p.amount === 0) this.positions.delete(t.asset.sid);
    else this.positions.set(t.asset.sid, p);
  }

  /** Applies a split of `ratio` (shares after / shares before) to the position in `sid`. */
  applySplit(sid: number, ratio: number): void {
    const p = this.positions.get(sid);
    if (!p) return;
    this.cash += splitPosition(p, ratio);
    if (p.amount === 0) this.positions.delete(sid);
  }

  /** Snapshots of the positions, marked at `price(asset)` when that is a number. */
  list(price: (asset: Asset) => number, dt: number): Position[] {
    const out: Position[] = [];
    for (const p of this.positions.values()) {
      const last = price(p.asset);
      if (Number.isFinite(last)) {
        p.lastSalePrice = last;
        p.lastSaleDate = dt;
      }
      out.push({ ...p });
    }
    return out;
  }

  /** Cash, equity (cash + marked positions) and buying power (cash: no margin is simulated). */
  account(price: (asset: Asset) => number, dt: number): BrokerAccount {
    let value = 0;
    for (const p of this.list(price, dt)) value += p.amount * p.lastSalePrice * p.asset.multiplier;
    return { cash: this.cash, equity: this.cash + value, buyingPower: this.cash };
  }
}
