/**
 * A run's result as the engine builds it (at the end, and again after late events settle): the
 * metrics tracker's tables, the outcome, the settings in force and what could not be done
 * faithfully. Also the outcomes of a failed or interrupted run.
 */
import type { StrategyError } from '../core/errors.js';
import { isoUtc } from '../core/time.js';
import { sessionDate } from '../calendar/session-instants.js';
import type { Asset } from '../model/asset.js';
import type { Frequency } from '../model/bar.js';
import type { RunOutcome, RunResult, RunSettings } from '../model/results.js';
import type { Broker } from '../ports/broker.js';
import type { TradingCalendar } from '../ports/calendar.js';
import type { MetricsTracker, ResultInfo, Summarize, TimeStamp } from './metrics-tracker.js';
import type { OrderManager } from './order-manager.js';
import type { RunState } from './run-state.js';
import { describeModel } from './settings-description.js';
import { unfilledOrdersWarning } from './unfilled-orders.js';

/** The outcome of a run that failed with `error` at `dt` (0 before the first event). */
export function failedOutcome(dt: number, error: StrategyError): RunOutcome {
  return { status: 'failed', stoppedAt: dt > 0 ? isoUtc(dt) : null, message: error.message };
}

/** The outcome of a run interrupted at `dt`, during `session` ('' before the first). */
export function interruptedOutcome(dt: number, session: string): RunOutcome {
  return { status: 'interrupted', stoppedAt: dt > 0 ? isoUtc(dt) : null, message: `interrupted at ${session || 'the start'}` };
}

/** What a result is built from. */
export interface ResultParts {
  readonly tracker: MetricsTracker;
  readonly info: ResultInfo;
  readonly orders: OrderManager;
  readonly summarize: Summarize;
  readonly broker: Broker;
  /** The composition root's warnings (known before the run). */
  readonly warnings: readonly string[] | undefined;
  readonly state: Pick<RunState, 'models' | 'controlCalls'>;
  readonly benchmark: Asset | null;
}

/** The result of the run so far, with `outcome`, the settings and the warnings. */
export function buildRunResult(parts: ResultParts, outcome: RunOutcome): RunResult {
  const result = parts.tracker.result(parts.info, parts.orders.orders, parts.summarize, outcome, settings(parts));
  const warnings = runWarnings(parts);
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** What the run could not do faithfully: the composition root's warnings and the orders that never filled. */
function runWarnings(parts: ResultParts): string[] {
  const broker = parts.broker;
  const unfilled = unfilledOrdersWarning(parts.orders, (id) => broker.unfilledReason?.(id));
  return [...(parts.warnings ?? []), ...(unfilled === null ? [] : [unfilled])];
}

/** The run's settings: the composition root's, with the models, controls and benchmark in force. */
function settings(parts: ResultParts): RunSettings | undefined {
  const base = parts.info.settings;
  if (!base) return undefined;
  const models = parts.broker.models ?? parts.state.models;
  return {
    ...base,
    commission: describeModel(models.commission), slippage: describeModel(models.slippage), cancelPolicy: describeModel(models.cancelPolicy),
    controls: [...parts.state.controlCalls], benchmark: parts.benchmark?.symbol ?? null,
  };
}

/** Daily results show the session date of an order or fill (DESIGN.md §2); minute results the instant. */
export function resultTime(calendar: TradingCalendar, frequency: Frequency): TimeStamp {
  return frequency === 'daily' ? (ms) => sessionDate(calendar, ms) : isoUtc;
}
