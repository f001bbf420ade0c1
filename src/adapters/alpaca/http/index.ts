/** REST side of the Alpaca adapter. */
export * from './trading-api.js';
export * from './market-data-api.js';
