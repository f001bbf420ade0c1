export * from './asset.js';
export * from './bar.js';
export * from './corporate-actions.js';
export * from './order.js';
export * from './transaction.js';
export * from './position.js';
export * from './account.js';
export * from './results.js';
