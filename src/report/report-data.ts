import { calmar, drawdownExtremes, drawdownPeriods, type DrawdownPeriod } from '../metrics/index.js';
import type { RunResult } from '../model/results.js';
import { monthlyReturns, type YearReturns } from './monthly-returns.js';
import { roundTrips, type RoundTrip } from './round-trips.js';
import { tradingStats, type TradingStats } from './trading-stats.js';

/** Everything the terminal and HTML reports show, derived once from a result. */
export interface ReportData {
  result: RunResult;
  calmar: number;
  /** The deepest drawdown (dates and depth), null when the value never fell below a peak. */
  deepestDrawdown: DrawdownPeriod | null;
  /** The drawdown that lasted the most sessions. */
  longestDrawdown: DrawdownPeriod | null;
  trading: TradingStats;
  roundTrips: RoundTrip[];
  monthly: YearReturns[];
}

/** Derives the report figures from a result (metrics from `src/metrics`, trades from fills). */
export function reportData(result: RunResult): ReportData {
  const returns = result.daily.map((d) => d.returns);
  const { deepest, longest } = drawdownExtremes(drawdownPeriods(returns, result.daily.map((d) => d.date)));
  const trips = roundTrips(result.transactions, result.splits, result.daily.map((d) => d.date));
  return {
    result,
    calmar: calmar(returns),
    deepestDrawdown: deepest,
    longestDrawdown: longest,
    trading: tradingStats(result, trips),
    roundTrips: trips,
    monthly: monthlyReturns(result.daily),
  };
}
