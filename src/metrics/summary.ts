import type { RunMetrics, SummaryInput } from '../model/results.js';
import { annualReturn, cumulativeReturn } from './returns.js';
import { alphaBeta, annualVolatility, sharpe, sortino } from './risk.js';
import { maxDrawdown } from './drawdown.js';
import { TRADING_DAYS_PER_YEAR } from './stats.js';

/**
 * The summary of a run (DESIGN.md §6): total return `endingValue / startingCash − 1`, the
 * empyrical statistics of the daily returns, and alpha/beta/benchmark return against the
 * benchmark (NaN, NaN and 0 without one), annualised with `periodsPerYear` (default 252).
 */
export function summarize(input: SummaryInput): RunMetrics {
  const { returns, benchmarkReturns: bench } = input;
  const periods = input.periodsPerYear ?? TRADING_DAYS_PER_YEAR;
  const { alpha, beta } = bench ? alphaBeta(returns, bench, periods) : { alpha: NaN, beta: NaN };
  return {
    startingCash: input.startingCash,
    endingCash: input.endingCash,
    endingValue: input.endingValue,
    totalReturn: input.startingCash > 0 ? input.endingValue / input.startingCash - 1 : NaN,
    annualReturn: annualReturn(returns, periods),
    annualVolatility: annualVolatility(returns, periods),
    sharpe: sharpe(returns, 0, periods),
    sortino: sortino(returns, 0, periods),
    maxDrawdown: maxDrawdown(returns),
    alpha,
    beta,
    benchmarkReturn: bench && bench.length > 0 ? cumulativeReturn(bench) : 0,
    tradingDays: returns.length,
    orders: input.orders,
    transactions: input.transactions,
  };
}
