import type { Order } from '../../model/order.js';
import type { FillBar, SlippageFill, SlippageModel } from '../../ports/execution-models.js';
import { direction, openShares } from './volume-limit.js';

/**
 * No slippage: the whole open amount fills at the reference price whatever the bar's volume
 * (index data and backtrader-style tests have zero volume).
 */
export class NoSlippage implements SlippageModel {
  readonly name = 'none';
  fill(order: Order, bar: FillBar): SlippageFill {
    return { price: bar.price, amount: openShares(order) * direction(order) };
  }
}
