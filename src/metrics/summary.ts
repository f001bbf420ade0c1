import type { RunMetrics, SummaryInput } from '../model/results.js';
import { annualReturn, cumulativeReturn } from './returns.js';
import { alphaBeta, annualVolatility, sharpe, sortino } from './risk.js';
import { maxDrawdown } from './drawdown.js';

/**
 * The summary of a run (DESIGN.md §6): total return `endingValue / startingCash − 1`, the
 * empyrical statistics of the daily returns, and alpha/beta/benchmark return against the
 * benchmark (NaN, NaN and 0 without one).
 */
export function summarize(input: SummaryInput): RunMetrics {
  const { returns, benchmarkReturns: bench } = input;
  const { alpha, beta } = bench ? alphaBeta(returns, bench) : { alpha: NaN, beta: NaN };
  return {
    startingCash: input.startingCash,
    endingCash: input.endingCash,
    endingValue: input.endingValue,
    totalReturn: input.startingCash > 0 ? input.endingValue / input.startingCash - 1 : NaN,
    annualReturn: annualReturn(returns),
    annualVolatility: annualVolatility(returns),
    sharpe: sharpe(returns),
    sortino: sortino(returns),
    maxDrawdown: maxDrawdown(returns),
    alpha,
    beta,
    benchmarkReturn: bench && bench.length > 0 ? cumulativeReturn(bench) : 0,
    tradingDays: returns.length,
    orders: input.orders,
    transactions: input.transactions,
  };
}
