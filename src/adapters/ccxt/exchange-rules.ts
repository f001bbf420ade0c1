import ccxt, { type Exchange } from 'ccxt';
import type { BrokerageModel } from '../../ports/brokerage-model.js';
import { ccxtBrokerageModel, marketRules } from './market-rules.js';
import { retryTransient } from './retry.js';

/**
 * The exchange's spot markets as a brokerage model (`paper --feed ccxt --venue-rules ccxt`): its
 * markets loaded through ccxt (amount step and minimum, price tick, minimum notional, read in the
 * exchange's precision mode), so the simulated broker refuses what the exchange would.
 */
export async function exchangeBrokerageModel(ex: Exchange): Promise<BrokerageModel> {
  const markets = await retryTransient(() => ex.loadMarkets(), `loading ${ex.id}'s markets`);
  const decimalPlaces = ex.precisionMode === ccxt.DECIMAL_PLACES;
  const spot = Object.values(markets).filter((m) => m && m.spot !== false);
  return ccxtBrokerageModel(`${ex.id} markets`, spot.map((m) => marketRules(m as Parameters<typeof marketRules>[0], decimalPlaces)));
}
