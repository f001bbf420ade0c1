import type { ZodType } from 'zod';
import type { Context, Data } from './context.js';
import type { RunResult } from '../model/results.js';

/** The lifecycle functions of a strategy (DESIGN.md §3.3); every one is awaited. */
export interface StrategyHooks<P, S> {
  initialize?(ctx: Context<P, S>): unknown | Promise<unknown>;
  beforeTradingStart?(ctx: Context<P, S>, data: Data): unknown | Promise<unknown>;
  handleData?(ctx: Context<P, S>, data: Data): unknown | Promise<unknown>;
  analyze?(ctx: Context<P, S>, results: RunResult): unknown | Promise<unknown>;
}

/** A strategy definition: optional params schema and state factory, plus the hooks. */
export interface StrategyDefinition<P = Record<string, unknown>, S = Record<string, unknown>> extends StrategyHooks<P, S> {
  /** A zod schema for params; its defaults apply, `--param` and `--config` override. */
  params?: ZodType<P>;
  /** Makes the strategy's initial mutable state. */
  state?: () => S;
}

/** Marks a module's default export as a strategy (and gives the hooks their types). */
export function defineStrategy<P = Record<string, unknown>, S = Record<string, unknown>>(
  definition: StrategyDefinition<P, S>,
): StrategyDefinition<P, S> {
  return Object.freeze({ ...definition, [STRATEGY]: true }) as StrategyDefinition<P, S>;
}

/** Brand set by `defineStrategy`, so the loader can tell a strategy from another default export. */
export const STRATEGY: unique symbol = Symbol.for('ziplime.strategy');
