import { mean, sum } from '../core/numeric.js';
import type { RunResult } from '../model/results.js';
import { TRADING_DAYS_PER_YEAR } from '../metrics/index.js';
import { roundTrips, type RoundTrip } from './round-trips.js';

/** Trading statistics of a run (the Trading section of the report). */
export interface TradingStats {
  orders: number;
  fills: number;
  /** Shares-times-price of every fill, summed. */
  tradedValue: number;
  /** Traded value over the average portfolio value, per year of 252 sessions. */
  annualTurnover: number;
  roundTrips: number;
  /** Share of closed round trips with a positive P&L (NaN with none). */
  winRate: number;
  /** Gross profit over gross loss of closed round trips (NaN, shown `n/a`, without a loss). */
  profitFactor: number;
  averageWin: number;
  averageLoss: number;
  /** Mean holding period of closed round trips, in sessions. */
  averageHoldingSessions: number;
  commissions: number;
  /** Mean daily gross leverage (position value over portfolio value). */
  averageExposure: number;
  /** Share of sessions with a non-zero gross exposure. */
  timeInMarket: number;
}

/** Gross profit / gross loss; NaN without a loss (the ratio is not defined, not infinite). */
function profitFactor(wins: readonly RoundTrip[], losses: readonly RoundTrip[]): number {
  const loss = -sum(losses.map((t) => t.pnl));
  return loss > 0 ? sum(wins.map((t) => t.pnl)) / loss : NaN;
}

/** Computes the trading statistics of a run; pass `trips` when already derived. */
export function tradingStats(result: RunResult, trips: readonly RoundTrip[] = roundTrips(result.transactions, result.splits, result.daily.map((d) => d.date))): TradingStats {
  const tradedValue = sum(result.transactions.map((t) => Math.abs(t.amount * t.price)));
  const sessions = result.daily.length;
  const avgValue = mean(result.daily.map((d) => d.portfolioValue));
  const wins = trips.filter((t) => t.pnl > 0);
  const losses = trips.filter((t) => t.pnl < 0);
  const leverage = result.daily.map((d) => d.grossLeverage);
  return {
    orders: result.orders.length,
    fills: result.transactions.length,
    tradedValue,
    annualTurnover: sessions > 0 && avgValue > 0 ? (tradedValue / avgValue) * (TRADING_DAYS_PER_YEAR / sessions) : NaN,
    roundTrips: trips.length,
    winRate: trips.length > 0 ? wins.length / trips.length : NaN,
    profitFactor: profitFactor(wins, losses),
    averageWin: mean(wins.map((t) => t.pnl)),
    averageLoss: mean(losses.map((t) => t.pnl)),
    averageHoldingSessions: mean(trips.map((t) => t.holdingSessions)),
    commissions: sum(result.transactions.map((t) => t.commission)),
    averageExposure: mean(leverage),
    timeInMarket: sessions > 0 ? leverage.filter((x) => Math.abs(x) > 1e-12).length / sessions : NaN,
  };
}
