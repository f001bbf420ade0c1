import { UsageError } from '../core/errors.js';
import type { BrokerageModel } from '../ports/brokerage-model.js';
import { venueNamed, type VenueName } from './venues.js';

/** A venue name of a backtest's `--venue-rules`: the venues with fixed order rules. */
export type VenueRulesName = 'alpaca';

/** The fixed brokerage model of venue `name` (its adapter loaded when asked for), or undefined for none. */
export async function venueRules(name: VenueName | undefined): Promise<BrokerageModel | undefined> {
  if (name === undefined) return undefined;
  const venue = await venueNamed(name);
  if (!venue.brokerageModel) throw new UsageError(`venue '${name}' has no order rules to apply`);
  return venue.brokerageModel();
}
