import { createHash } from 'node:crypto';
import type { Frequency } from '../model/bar.js';
import type { FillPolicy, RunSummary } from '../model/results.js';

/** Backtest options every point of a sweep runs with (the `backtest` flags). */
export interface SweepRunOptions {
  readonly bundle: string;
  readonly start?: string;
  readonly end?: string;
  readonly capital: number;
  readonly frequency: Frequency;
  readonly fill: FillPolicy;
  readonly benchmark?: string;
}

/** A walk-forward phase: `train` (in sample) or `test` (out of sample); `full` without walk-forward. */
export type PointPhase = 'full' | 'train' | 'test';

/** One backtest of a sweep: validated params over a window of the run's sessions. */
export interface PointTask {
  /** Hash of strategy, params, bundle version, options and window (see `pointKey`). */
  readonly key: string;
  /** Every strategy param, validated by its schema (defaults filled in). */
  readonly params: Record<string, unknown>;
  /** The swept values only. */
  readonly point: Record<string, unknown>;
  readonly fold: number;
  readonly phase: PointPhase;
  readonly start?: string;
  readonly end?: string;
  /** Send back the daily returns and portfolio values. */
  readonly daily: boolean;
}

/** Summary statistics of a point: the run summary and its Calmar ratio. */
export type PointMetrics = RunSummary & { calmar: number };

/** Daily series of a point's run. */
export interface PointDaily {
  readonly dates: string[];
  readonly returns: number[];
  readonly values: number[];
}

/** What running a point gives back; a strategy that threw has `error` and no metrics. */
export interface PointResult {
  readonly key: string;
  readonly metrics: PointMetrics | null;
  readonly error: string | null;
  readonly daily?: PointDaily;
  /** First and last session actually run. */
  readonly start: string;
  readonly end: string;
}

/** Names of the metrics of a point, in column order. */
export const METRIC_NAMES = [
  'startingCash', 'endingCash', 'endingValue', 'totalReturn', 'annualReturn', 'annualVolatility', 'sharpe', 'sortino',
  'maxDrawdown', 'alpha', 'beta', 'benchmarkReturn', 'tradingDays', 'orders', 'transactions', 'calmar',
] as const satisfies readonly (keyof PointMetrics)[];

/** A metric a sweep can optimise and whether more is better. */
export const OBJECTIVES = {
  sharpe: 'max', sortino: 'max', calmar: 'max', totalReturn: 'max', annualReturn: 'max', endingValue: 'max',
  maxDrawdown: 'max', alpha: 'max', annualVolatility: 'min', beta: 'min',
} as const;

/** A metric a sweep can optimise. */
export type Objective = keyof typeof OBJECTIVES;

/** JSON with object keys sorted, so equal values hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The key of a point (a BullMQ job id too): sha256 of strategy hash, params, bundle version, options and window. */
export function pointKey(parts: {
  strategyHash: string; bundleVersion: string; options: SweepRunOptions; params: Record<string, unknown>; start?: string; end?: string;
}): string {
  return createHash('sha256').update(canonical(parts)).digest('hex').slice(0, 32);
}

/** Puts NaN back where JSON (a BullMQ return value) turned it into null. */
export function metricsFromJson(metrics: Record<string, number | null> | null): PointMetrics | null {
  if (!metrics) return null;
  const out = {} as Record<string, number>;
  for (const name of METRIC_NAMES) out[name] = metrics[name] ?? NaN;
  return out as unknown as PointMetrics;
}
