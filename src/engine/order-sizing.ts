import { roundTo, roundTowardZero } from '../core/numeric.js';
import type { Asset } from '../model/asset.js';

/**
 * Share amount actually ordered (zipline's `round_order`): within 0.0001 of a whole number it
 * snaps to it, otherwise it rounds toward zero; fractionable assets keep 9 decimals.
 */
export function roundShares(amount: number, asset: Asset): number {
  if (!Number.isFinite(amount)) return 0;
  if (asset.fractionable) return roundTo(amount, 9);
  const nearest = Math.round(amount);
  const snapped = Math.abs(amount - nearest) <= 1e-4 ? nearest : roundTowardZero(amount);
  return snapped === 0 ? 0 : snapped;
}

/**
 * Shares worth `value` at `price` (zipline's `_calculate_order_value_amount`): 0 when the price
 * is 0; NaN when there is no price yet (the caller refuses the order).
 */
export function sharesForValue(value: number, price: number, asset: Asset): number {
  if (price !== price) return NaN;
  if (Math.abs(price) < 1e-12) return 0;
  return value / (price * asset.multiplier);
}
