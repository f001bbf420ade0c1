import type { Order } from '../../model/order.js';
import type { FillBar, SlippageFill, SlippageModel } from '../../ports/execution-models.js';
import { checkOption, direction, sharesWithinVolume } from './volume-limit.js';

/**
 * zipline's `VolumeShareSlippage`: fills at most `volumeLimit` of the bar's volume (shared with
 * the asset's other orders on the bar) at price ± price × priceImpact × share², where share is
 * the volume filled on the bar so far including this fill, divided by the bar's volume and capped
 * at `volumeLimit`. Nothing fills on a zero-volume bar.
 */
export class VolumeShareSlippage implements SlippageModel {
  readonly name = 'volumeShare';
  readonly volumeLimit: number;
  readonly priceImpact: number;

  constructor(options: { volumeLimit?: number; priceImpact?: number } = {}) {
    this.volumeLimit = checkOption(options.volumeLimit ?? 0.025, this.name, 'volumeLimit', true);
    this.priceImpact = checkOption(options.priceImpact ?? 0.1, this.name, 'priceImpact', false);
  }

  fill(order: Order, bar: FillBar, volumeUsed: number): SlippageFill | null {
    const shares = sharesWithinVolume(order, bar, this.volumeLimit, volumeUsed);
    if (shares === 0) return null;
    const share = Math.min((volumeUsed + shares) / bar.volume, this.volumeLimit);
    const dir = direction(order);
    return { price: bar.price + bar.price * this.priceImpact * share * share * dir, amount: shares * dir };
  }
}
