import type { BrokerageModel } from '../../ports/brokerage-model.js';
import { alpacaRequestFromOrder } from './parse.js';
import { validateOrder } from './rules.js';

/**
 * Alpaca's order rules (`rules.ts`) as a brokerage model: sub-penny prices, fractional orders only
 * on fractionable assets and never short, no long↔short flip in one order, no order against an
 * open opposite-side order (wash trade). Orders are checked as day orders of tradable assets.
 */
export const alpacaBrokerageModel: BrokerageModel = {
  name: 'alpaca',
  check(request, account) {
    const violation = validateOrder(alpacaRequestFromOrder(request, 'day'), {
      asset: { tradable: true, fractionable: request.asset.fractionable },
      positionQty: account.position,
      openOrders: account.openOrders.map((o) => ({ symbol: o.asset.symbol, side: o.amount < 0 ? 'sell' : 'buy', remainingQty: Math.abs(o.amount - o.filled) })),
    });
    return violation ? `${violation.message} (Alpaca code ${violation.code})` : null;
  },
};
