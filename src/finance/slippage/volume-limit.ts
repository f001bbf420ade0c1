import { wholeShares } from '../../core/numeric.js';
import type { Order } from '../../model/order.js';
import type { FillBar } from '../../ports/execution-models.js';

/** +1 for a buy order, -1 for a sell order. */
export const direction = (order: Order): 1 | -1 => (order.amount > 0 ? 1 : -1);

/** Unsigned shares of `order` still to fill. */
export const openShares = (order: Order): number => Math.abs(order.amount - order.filled);

/** Validates a model option that must be a finite number in (0, ∞) or [0, ∞). */
export function checkOption(value: number, model: string, option: string, strictlyPositive: boolean): number {
  const ok = Number.isFinite(value) && (strictlyPositive ? value > 0 : value >= 0);
  if (!ok) {
    throw new RangeError(`slippage.${model}({ ${option}: ${value} }): ${option} must be a finite number ${strictlyPositive ? '> 0' : '≥ 0'}`);
  }
  return value;
}

/**
 * Unsigned shares a volume-capped model may fill for `order` on this bar: at most
 * `volumeLimit × bar volume − volumeUsed` and the order's open amount, rounded toward zero to
 * whole shares for non-fractionable assets. 0 on a bar with no volume; no cap when the volume is
 * unknown (`Infinity`).
 */
export function sharesWithinVolume(order: Order, bar: FillBar, volumeLimit: number, volumeUsed: number): number {
  if (!(bar.volume > 0)) return 0;
  const shares = wholeShares(Math.min(volumeLimit * bar.volume - volumeUsed, openShares(order)), order.asset.fractionable);
  return shares > 0 ? shares : 0;
}
