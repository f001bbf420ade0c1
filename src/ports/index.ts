export * from './calendar.js';
export * from './bundle-reader.js';
export * from './clock.js';
export * from './market-data.js';
export * from './execution-models.js';
export * from './broker.js';
export * from './live-feed.js';
export * from './live-broker.js';
