import type { Venue } from '../../ports/venue.js';

/**
 * Alpaca (or any host speaking its protocol, such as `ziplime sim`) as a venue: paper bars,
 * live trading, its order rules and its history for ingest. Parts load when asked for.
 */
export const venue: Venue = {
  name: 'alpaca',
  brokerageModel: async () => (await import('./brokerage-model.js')).alpacaBrokerageModel,
  registerIngestSource: async () => (await import('./ingest-source.js')).registerAlpacaSource(),
  bars: async (request) => (await import('./venue-parts.js')).alpacaBars(request),
  trading: async (request) => (await import('./venue-parts.js')).alpacaTrading(request),
};
