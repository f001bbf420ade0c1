import type { Position } from '../model/position.js';

/**
 * Amounts within this fraction of the traded size of zero are floating-point noise left by
 * fractional round trips (a few roundings leave ~1e-16 of the size; fractional orders are whole
 * billionths of a share), so such a position is flat.
 */
const FLAT_RELATIVE = 1e-13;

/** `total`, or 0 when it is only the rounding noise of an execution of `amount` shares. */
function flatIfNoise(total: number, amount: number): number {
  return Math.abs(total) <= FLAT_RELATIVE * Math.abs(amount) ? 0 : total;
}

/**
 * Applies an execution of `amount` shares at `price` to a position, with zipline's cost-basis
 * rules: adding to a position averages the price in; reducing it keeps the cost basis; crossing
 * through zero starts a new basis at the execution price; a flat position has basis 0.
 */
export function applyExecution(position: Position, amount: number, price: number, dt: number): void {
  const total = flatIfNoise(position.amount + amount, amount);
  if (total === 0) {
    position.costBasis = 0;
  } else {
    const prevDirection = position.amount < 0 ? -1 : 1;
    const txnDirection = amount < 0 ? -1 : 1;
    if (prevDirection !== txnDirection) {
      if (Math.abs(amount) > Math.abs(position.amount)) position.costBasis = price;
    } else {
      position.costBasis = (position.costBasis * position.amount + amount * price) / total;
    }
    if (dt > position.lastSaleDate) {
      position.lastSalePrice = price;
      position.lastSaleDate = dt;
    }
  }
  position.amount = total;
}

/**
 * Spreads a commission over the shares held (zipline's `adjust_commission_cost_basis`): longs'
 * basis rises, shorts' falls. Nothing happens for a flat position or a zero cost.
 */
export function addCommissionToCostBasis(position: Position, cost: number, multiplier = 1): void {
  if (cost === 0 || position.amount === 0) return;
  position.costBasis = (position.costBasis * position.amount + cost / multiplier) / position.amount;
}

/** Rounds to cents, half away from zero (zipline rounds split cost bases and cash to cents). */
const cents = (x: number): number => Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-9) / 100;

/**
 * Applies a split of `ratio` new shares per old share (zipline's `handle_split`): the amount is
 * floored to whole shares, the cost basis divided by the ratio and rounded to cents, and the
 * fractional share left over is returned as cash valued at the new cost basis (rounded to cents).
 */
export function splitPosition(position: Position, ratio: number): number {
  const raw = position.amount * ratio;
  const whole = Math.floor(raw + 1e-9);
  const fraction = Math.max(0, raw - whole);
  position.costBasis = cents(position.costBasis / ratio);
  position.amount = whole;
  if (position.lastSalePrice > 0) position.lastSalePrice = position.lastSalePrice / ratio;
  return cents(fraction * position.costBasis);
}
