/** Any exchange ccxt supports: config, the ccxt instance, error mapping, historical bars. */
export * from './config.js';
export * from './credentials-file.js';
export * from './errors.js';
export * from './exchange.js';
export * from './historical.js';
export * from './retry.js';
export * from './market-rules.js';
export * from './ccxt-broker.js';
export * from './parse.js';
export * from './ccxt-feed.js';
export * from './exchange-rules.js';
