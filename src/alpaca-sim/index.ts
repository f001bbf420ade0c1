/**
 * A local exchange simulator on 127.0.0.1: one venue (a bundle's minute bars replayed, orders
 * filled by the simulated broker, fault injection) behind Alpaca's wire protocol (trading and
 * market-data REST, trade_updates and market-data streams) or Binance spot's (`protocol: 'binance'`).
 */
export { startAlpacaSim, type AlpacaSim } from './server.js';
export { DEFAULT_SIM_KEY, DEFAULT_SIM_SECRET, DEFAULT_SIM_SPEED, type AlpacaSimOptions, type AlpacaSimSource } from './options.js';
export type { AlpacaSimAdmin, SimStats } from './admin.js';
export type { FaultSpec, FaultStats, RestFaultSpec, StreamKind } from './faults.js';
export type { Venue, VenueUpdate } from './venue.js';
export type { VenueOrder, VenueStatus } from './venue-order.js';
