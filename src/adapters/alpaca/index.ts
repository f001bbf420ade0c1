/**
 * The Alpaca adapter: configuration, REST and WebSocket clients, wire schemas, parsing, venue
 * rules, and the `Broker` / `LiveFeed` implementations. Its shape is the template for other venues.
 */
export * from './config.js';
export * from './errors.js';
export * from './client.js';
export * from './http/index.js';
export * from './wire/index.js';
export * from './parse.js';
export * from './rules.js';
export * from './brokerage-model.js';
export * from './symbol-assets.js';
export * from './ws/trading-stream.js';
export * from './ws/market-data-stream.js';
export * from './alpaca-broker.js';
export * from './alpaca-feed.js';
export * from './historical.js';
