import type { Venue } from '../../ports/venue.js';

/**
 * Any exchange ccxt supports (or a host speaking its protocol, such as `ziplime sim --protocol
 * binance`) as a venue: paper bars, live trading and its history for ingest. Parts load when asked for.
 */
export const venue: Venue = {
  name: 'ccxt',
  rulesFromFeed: "the exchange's markets",
  registerIngestSource: async () => (await import('./ingest-source.js')).registerCcxtSource(),
  bars: async (request) => (await import('./venue-parts.js')).ccxtBars(request),
  trading: async (request) => (await import('./venue-parts.js')).ccxtTrading(request),
};
