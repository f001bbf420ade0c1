import type { RunMetrics, SummaryInput } from '../model/results.js';
import { cumulativeReturn } from './returns.js';
import { alphaBeta } from './risk.js';
import { TRADING_DAYS_PER_YEAR } from './stats.js';

/** The return statistics of `summarize`, each equal (bit for bit) to the function it is named after. */
interface ReturnStatistics {
  annualReturn: number;
  annualVolatility: number;
  sharpe: number;
  sortino: number;
  maxDrawdown: number;
}

/**
 * `annualReturn`, `annualVolatility`, `sharpe` (no risk-free rate), `sortino` (required 0) and
 * `maxDrawdown` of `returns` in two passes instead of one or two each: the first gathers what
 * they share (the compounded wealth and its drawdown, the non-NaN sum and count, the downside
 * squares), the second the squares about the mean. Each sum runs over the same values in the
 * same order as in the function it stands for, so the results are the same numbers.
 */
function returnStatistics(returns: ArrayLike<number>, periods: number): ReturnStatistics {
  const length = returns.length;
  let wealth = 1, peak = 1, worst = 0, sum = 0, n = 0, downside = 0;
  for (let i = 0; i < length; i++) {
    const r = returns[i]!;
    if (!Number.isNaN(r)) {
      wealth *= 1 + r;
      sum += r;
      n++;
      const d = Math.min(r - 0, 0);
      downside += d * d;
    }
    if (wealth > peak) peak = wealth;
    const dd = wealth / peak - 1;
    if (dd < worst) worst = dd;
  }
  const mean = n === 0 ? NaN : sum / n; // nanMean
  let squares = 0;
  for (let i = 0; i < length; i++) {
    const x = returns[i]!;
    if (!Number.isNaN(x)) squares += (x - mean) * (x - mean);
  }
  const sd = n - 1 <= 0 ? NaN : Math.sqrt(squares / (n - 1)); // nanStd(returns, 1)
  const downsideRisk = length === 0 || n === 0 ? NaN : Math.sqrt(downside / n) * Math.sqrt(periods);
  return {
    annualReturn: length === 0 ? NaN : wealth ** (periods / length) - 1,
    annualVolatility: length < 2 ? NaN : sd * Math.sqrt(periods),
    sharpe: length < 2 || !(sd > 0) ? NaN : ((mean - 0) / sd) * Math.sqrt(periods),
    sortino: length < 2 ? NaN : ((mean - 0) * periods) / downsideRisk,
    maxDrawdown: length === 0 ? NaN : worst,
  };
}

/**
 * The summary of a run (DESIGN.md §6): total return `endingValue / startingCash − 1`, the
 * empyrical statistics of the daily returns, and alpha/beta/benchmark return against the
 * benchmark (NaN, NaN and 0 without one), annualised with `periodsPerYear` (default 252).
 */
export function summarize(input: SummaryInput): RunMetrics {
  const { returns, benchmarkReturns: bench } = input;
  const periods = input.periodsPerYear ?? TRADING_DAYS_PER_YEAR;
  const { alpha, beta } = bench ? alphaBeta(returns, bench, periods) : { alpha: NaN, beta: NaN };
  const stats = returnStatistics(returns, periods);
  return {
    startingCash: input.startingCash,
    endingCash: input.endingCash,
    endingValue: input.endingValue,
    totalReturn: input.startingCash > 0 ? input.endingValue / input.startingCash - 1 : NaN,
    annualReturn: stats.annualReturn,
    annualVolatility: stats.annualVolatility,
    sharpe: stats.sharpe,
    sortino: stats.sortino,
    maxDrawdown: stats.maxDrawdown,
    alpha,
    beta,
    benchmarkReturn: bench && bench.length > 0 ? cumulativeReturn(bench) : 0,
    tradingDays: returns.length,
    orders: input.orders,
    transactions: input.transactions,
  };
}
