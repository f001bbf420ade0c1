/** Alpaca wire payloads (zod schemas and their types), shared by the client and the simulator. */
export * from './trading.js';
export * from './market-data.js';
export * from './streams.js';
