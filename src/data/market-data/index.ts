export { BundleMarketData, type BundleMarketDataParts } from './bundle-market-data.js';
export { createBundleMarketData, requireBarRange, type BundleMarketDataOptions } from './create-bundle-market-data.js';
export type { MinuteTimes } from './slot-grid.js';
export { shareBundleBars, sharedBarsReader, type SharedBars, type SharedColumns } from './shared-bars.js';
