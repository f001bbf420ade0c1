/** Performance statistics of daily return series, compatible with zipline/empyrical. */
export { TRADING_DAYS_PER_YEAR } from './stats.js';
export { dailyReturns, cumulativeReturn, annualReturn } from './returns.js';
export {
  annualVolatility, sharpe, sortino, downsideRisk, alphaBeta, calmar, calmarOf, rollingSharpe, rollingVolatility,
} from './risk.js';
export type { AlphaBeta } from './risk.js';
export { drawdownSeries, maxDrawdown, drawdownPeriods, drawdownExtremes, worstDrawdowns } from './drawdown.js';
export {
  percentile, skew, kurtosis, tailRatio, valueAtRisk, conditionalValueAtRisk, rollingBeta, histogram, type Histogram,
} from './distribution.js';
export type { DrawdownPeriod } from './drawdown.js';
export { summarize } from './summary.js';
export type { SummaryInput } from '../model/results.js';
export { normalCdf, normalQuantile } from './normal.js';
export { deflatedSharpe, expectedMaxSharpe, returnMoments, type DeflatedSharpe, type DeflatedSharpeInput } from './deflated-sharpe.js';
export { backtestOverfitting, type BacktestOverfitting } from './backtest-overfitting.js';
