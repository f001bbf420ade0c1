import type { BrokerageModel } from '../ports/brokerage-model.js';

/** The venues whose order rules a simulated broker can apply (`--venue-rules`), each loaded when asked for. */
const VENUE_RULES = {
  alpaca: async () => (await import('../adapters/alpaca/brokerage-model.js')).alpacaBrokerageModel,
} as const satisfies Record<string, () => Promise<BrokerageModel>>;

/** A venue name of `--venue-rules`. */
export type VenueRulesName = keyof typeof VENUE_RULES;

/** The brokerage model of `name`, or undefined for none. */
export async function venueRules(name: VenueRulesName | undefined): Promise<BrokerageModel | undefined> {
  return name === undefined ? undefined : VENUE_RULES[name]();
}
