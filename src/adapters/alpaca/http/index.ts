/** REST side of the Alpaca adapter. */
export * from './rate-limiter.js';
export * from './rest-client.js';
export * from './trading-api.js';
export * from './market-data-api.js';
