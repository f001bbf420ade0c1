/**
 * A local Alpaca-compatible server (trading REST, market-data REST, trade_updates and market-data
 * streams) replaying a bundle's minute bars on 127.0.0.1, with fault injection for tests.
 */
export { startAlpacaSim, type AlpacaSim } from './server.js';
export { DEFAULT_SIM_KEY, DEFAULT_SIM_SECRET, DEFAULT_SIM_SPEED, type AlpacaSimOptions, type AlpacaSimSource } from './options.js';
export type { AlpacaSimAdmin, SimStats } from './admin.js';
export type { FaultSpec, FaultStats, RestFaultSpec, StreamKind } from './faults.js';
export type { Venue, VenueUpdate } from './venue.js';
export type { VenueOrder, VenueStatus } from './venue-order.js';
