export { FixedBasisPointsSlippage } from './fixed-basis-points.js';
export { VolumeShareSlippage } from './volume-share.js';
export { FixedSpreadSlippage } from './fixed-spread.js';
export { NoSlippage } from './no-slippage.js';
