/**
 * The public strategy API: what strategy files import as `ziplime`.
 */
export { z } from 'zod';
export { defineStrategy } from './strategy/define.js';
export type { StrategyDefinition, StrategyHooks } from './strategy/define.js';
export type { AssetRef, Context, Data, ScheduledFunction, ControlOptions } from './strategy/context.js';
export { dateRules, timeRules } from './strategy/rules.js';
export type { DateRule, TimeRule } from './strategy/rules.js';
export { market, limit, stop, stopLimit, trailingStop, bracket, oto, oco } from './strategy/order-styles.js';
export type { ExitLegs, StopLossLeg } from './strategy/order-styles.js';
export { commission, slippage, cancelPolicy } from './strategy/models.js';
export type { Asset } from './model/asset.js';
export type { Order, OrderStyle, OrderStyleInput, OrderStatus, OrderLegs, OrderClass } from './model/order.js';
export type { Position } from './model/position.js';
export type { Portfolio, Account } from './model/account.js';
export type { Transaction, Fill } from './model/transaction.js';
export type { BarField, HistoryFrequency } from './model/bar.js';
export type { HistoryMatrix } from './model/history-matrix.js';
export type { RunResult, RunSummary, DailyRow, TransactionRow, OrderRow, PositionRow, SplitRow } from './model/results.js';
export { SymbolNotFoundError, OrderRejectedError } from './core/errors.js';
export { ta } from './indicators/index.js';
export type * as TA from './indicators/index.js';
export * from './pipeline/index.js';
