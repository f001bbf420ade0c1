import type { Order } from '../../model/order.js';
import type { FillBar, SlippageFill, SlippageModel } from '../../ports/execution-models.js';
import { checkOption, direction, openShares } from './volume-limit.js';

/**
 * zipline's `FixedSlippage`: the whole open amount fills at price ± spread / 2 (buys up, sells
 * down) as soon as the asset trades, whatever the size; like zipline, nothing fills on a bar
 * with zero volume (no trading happened).
 */
export class FixedSpreadSlippage implements SlippageModel {
  readonly name = 'fixed';
  readonly spread: number;

  constructor(options: { spread?: number } = {}) {
    this.spread = checkOption(options.spread ?? 0, this.name, 'spread', false);
  }

  fill(order: Order, bar: FillBar): SlippageFill | null {
    if (!(bar.volume > 0)) return null;
    const dir = direction(order);
    return { price: bar.price + (this.spread / 2) * dir, amount: openShares(order) * dir };
  }
}
