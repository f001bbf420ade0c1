import type { SweepDeflatedSharpe, SweepReportData, SweepRow } from '../report/sweep-data.js';
import { rankRows } from '../report/sweep-views.js';
import { OBJECTIVES, type Objective } from './point-task.js';
import type { StoredSweep } from './sweep-store.js';

/** Figures a sweep computes once it has run (kept in `sweep_meta` as `summary`). */
export interface SweepFigures {
  readonly start: string;
  readonly end: string;
  readonly bestKey: string | null;
  readonly deflatedSharpe: SweepDeflatedSharpe | null;
  readonly pbo: number | null;
}

/** The rows the report ranks: the full-range points, or after a walk-forward the last fold's training runs. */
export function reportRows(rows: readonly SweepRow[]): SweepRow[] {
  const full = rows.filter((r) => r.phase === 'full');
  if (full.length > 0) return full;
  const lastFold = Math.max(-1, ...rows.filter((r) => r.phase === 'train').map((r) => r.fold));
  return rows.filter((r) => r.phase === 'train' && r.fold === lastFold);
}

/** The best row of `rows` by `objective`, or null when none ran. */
export function bestRow(rows: readonly SweepRow[], objective: Objective): SweepRow | null {
  const top = rankRows(rows, objective, OBJECTIVES[objective] === 'max')[0];
  return top && top.error === null && Number.isFinite(top.metrics[objective]) ? top : null;
}

/** What `ziplime report` shows of a stored sweep. */
export function sweepReportData(stored: StoredSweep): SweepReportData {
  const id = stored.identity;
  const objective = id.objective as Objective;
  const figures = stored.meta.summary as SweepFigures | undefined;
  const rows = reportRows(stored.rows);
  const best = bestRow(rows, objective);
  const bestEquity = best ? stored.daily.get(best.key) ?? null : null;
  return {
    strategy: id.strategy, bundle: id.options.bundle, objective, maximize: OBJECTIVES[objective] === 'max',
    start: figures?.start ?? id.options.start ?? '', end: figures?.end ?? id.options.end ?? '',
    params: id.params, rows, best, bestEquity,
    deflatedSharpe: figures?.deflatedSharpe ?? null,
    walkForward: id.walkForward ? { folds: stored.folds, outOfSample: stored.outOfSample ?? { dates: [], values: [] }, pbo: figures?.pbo ?? null } : null,
  };
}
