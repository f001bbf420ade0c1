import type { BrokerageModel } from '../ports/brokerage-model.js';
import { alpacaBrokerageModel } from '../adapters/alpaca/brokerage-model.js';

/** The venues whose order rules a simulated broker can apply (`--venue-rules`). */
export const VENUE_RULES = { alpaca: alpacaBrokerageModel } as const satisfies Record<string, BrokerageModel>;

/** A venue name of `--venue-rules`. */
export type VenueRulesName = keyof typeof VENUE_RULES;

/** The brokerage model of `name`, or undefined for none. */
export function venueRules(name: VenueRulesName | undefined): BrokerageModel | undefined {
  return name === undefined ? undefined : VENUE_RULES[name];
}
