import type { Order } from '../model/order.js';
import type { FillBar, SlippageFill, SlippageModel } from '../ports/execution-models.js';

/**
 * Wraps a slippage model so that no execution is larger than `ratio` × the order's quantity
 * (for a whole-share asset at least one share, or the whole rest for fractional remainders): with 0.5 an order fills in
 * two executions on two bars, like Alpaca's partial fills. `ratio` 1 leaves the model as it is.
 */
export class PartialFillSlippage implements SlippageModel {
  readonly name: string;
  constructor(private readonly inner: SlippageModel, private readonly ratio: number) {
    if (!(ratio > 0 && ratio <= 1)) throw new RangeError(`partialFillRatio must be in (0, 1], got ${ratio}`);
    this.name = `${inner.name}+partial(${ratio})`;
  }

  fill(order: Order, bar: FillBar, volumeUsed: number): SlippageFill | null {
    const f = this.inner.fill(order, bar, volumeUsed);
    if (!f || this.ratio === 1) return f;
    const total = Math.abs(order.amount);
    const cap = order.asset.fractionable ? total * this.ratio : Math.max(Math.min(1, total), Math.ceil(total * this.ratio));
    return Math.abs(f.amount) <= cap ? f : { price: f.price, amount: Math.sign(f.amount) * cap };
  }
}
