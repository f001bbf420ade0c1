import type { Order } from '../../model/order.js';
import type { FillBar, SlippageFill, SlippageModel } from '../../ports/execution-models.js';
import { checkOption, direction, sharesWithinVolume } from './volume-limit.js';

/**
 * zipline's `FixedBasisPointsSlippage`, the default: fills at price × (1 ± basisPoints / 10 000)
 * (buys up, sells down), at most `volumeLimit` of the bar's volume; nothing on a zero-volume bar.
 */
export class FixedBasisPointsSlippage implements SlippageModel {
  readonly name = 'fixedBasisPoints';
  readonly basisPoints: number;
  readonly volumeLimit: number;

  constructor(options: { basisPoints?: number; volumeLimit?: number } = {}) {
    this.basisPoints = checkOption(options.basisPoints ?? 5, this.name, 'basisPoints', false);
    this.volumeLimit = checkOption(options.volumeLimit ?? 0.1, this.name, 'volumeLimit', true);
  }

  fill(order: Order, bar: FillBar, volumeUsed: number): SlippageFill | null {
    const shares = sharesWithinVolume(order, bar, this.volumeLimit, volumeUsed);
    if (shares === 0) return null;
    const dir = direction(order);
    return { price: bar.price * (1 + (this.basisPoints / 10_000) * dir), amount: shares * dir };
  }
}
