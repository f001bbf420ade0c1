import type { DrawdownPeriod } from '../metrics/index.js';
import type { RunResult, RunSummary } from '../model/results.js';
import type { YearReturns } from './monthly-returns.js';
import type { ReportData } from './report-data.js';
import type { TradingStats } from './trading-stats.js';

/** What `--json` prints: the run, its summary and the report's derived figures. */
export interface ReportSummary {
  run: Pick<RunResult, 'strategy' | 'bundle' | 'mode' | 'frequency' | 'fill' | 'start' | 'end' | 'capital'>;
  summary: RunSummary;
  risk: { calmar: number; deepestDrawdown: DrawdownPeriod | null; longestDrawdown: DrawdownPeriod | null };
  trading: TradingStats;
  monthly?: YearReturns[];
}

/** The machine-readable summary of a run (monthly returns included when asked). */
export function reportSummary(data: ReportData, options: { monthly?: boolean } = {}): ReportSummary {
  const { strategy, bundle, mode, frequency, fill, start, end, capital, summary } = data.result;
  return {
    run: { strategy, bundle, mode, frequency, fill, start, end, capital },
    summary,
    risk: { calmar: data.calmar, deepestDrawdown: data.deepestDrawdown, longestDrawdown: data.longestDrawdown },
    trading: data.trading,
    ...(options.monthly ? { monthly: data.monthly } : {}),
  };
}
