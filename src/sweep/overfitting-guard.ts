import { backtestOverfitting } from '../metrics/backtest-overfitting.js';
import { deflatedSharpe, returnMoments } from '../metrics/deflated-sharpe.js';
import { TRADING_DAYS_PER_YEAR } from '../metrics/stats.js';
import type { SweepDeflatedSharpe, SweepRow } from '../report/sweep-data.js';

/**
 * The deflated Sharpe ratio of the best point: trials = the points that ran, the variance of
 * their per-period Sharpe ratios (annual Sharpe / √252), moments of the best point's daily returns.
 * Null with fewer than two finite Sharpe ratios or too few returns.
 */
export function deflatedSharpeOfBest(rows: readonly SweepRow[], bestReturns: readonly number[]): SweepDeflatedSharpe | null {
  const sharpes = rows.filter((r) => r.error === null).map((r) => r.metrics.sharpe! / Math.sqrt(TRADING_DAYS_PER_YEAR)).filter(Number.isFinite);
  if (sharpes.length < 2 || bestReturns.length < 3) return null;
  const mean = sharpes.reduce((a, b) => a + b, 0) / sharpes.length;
  const variance = sharpes.reduce((a, s) => a + (s - mean) ** 2, 0) / (sharpes.length - 1);
  const m = returnMoments(bestReturns);
  const d = deflatedSharpe({ ...m, trials: sharpes.length, sharpeVariance: variance });
  return Number.isFinite(d.probability) ? { trials: sharpes.length, sharpe: m.sharpe, expectedMaxSharpe: d.expectedMaxSharpe, probability: d.probability } : null;
}

/**
 * PBO by CSCV over the points' out-of-sample daily returns (each point's test runs stitched), with
 * the largest even number of partitions up to 16 that leaves two returns per partition; null when
 * there are fewer than two points or four returns.
 */
export function pboOfPoints(returnsByPoint: readonly (readonly number[])[]): number | null {
  const t = Math.min(...returnsByPoint.map((r) => r.length));
  if (returnsByPoint.length < 2 || !(t >= 4)) return null;
  const partitions = Math.min(16, 2 * Math.floor(t / 4));
  return backtestOverfitting(returnsByPoint.map((r) => r.slice(0, t)), partitions).probability;
}
