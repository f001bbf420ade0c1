import {
  annualReturn, annualVolatility, alphaBeta, calmar, conditionalValueAtRisk, cumulativeReturn, kurtosis, maxDrawdown, sharpe, skew,
  sortino, tailRatio, valueAtRisk,
} from '../metrics/index.js';
import type { RunResult } from '../model/results.js';
import { count, pct, ratio } from './format.js';
import { monthlyReturns } from './monthly-returns.js';
import { MIN_SESSIONS_FOR_ANNUAL } from './summary-sections.js';

/** One metric for the strategy and (when the run had one) its benchmark, formatted. */
export interface ComparisonRow {
  label: string;
  strategy: string;
  benchmark: string;
}

/** The strategy-vs-benchmark table: the benchmark's name (null without one) and the rows. */
export interface BenchmarkComparison {
  benchmark: string | null;
  rows: ComparisonRow[];
}

/** Whether the run had a benchmark (a series that moved). */
export function hasBenchmark(result: RunResult): boolean {
  return result.daily.some((d) => Number.isFinite(d.benchmarkReturns) && d.benchmarkReturns !== 0);
}

/** The metrics of one daily return series (`dates` label them), as numbers. */
function seriesMetrics(dates: readonly string[], returns: readonly number[]): Record<string, number> {
  const months = monthlyReturns(dates.map((date, i) => ({ date, returns: returns[i]! })))
    .flatMap((y) => y.months.filter((m): m is number => m !== null));
  const short = returns.length < MIN_SESSIONS_FOR_ANNUAL;
  const annual = (x: number): number => (short ? NaN : x);
  return {
    total: cumulativeReturn(returns),
    annual: annual(annualReturn(returns)),
    volatility: annual(annualVolatility(returns)),
    sharpe: annual(sharpe(returns)),
    sortino: annual(sortino(returns)),
    maxDrawdown: maxDrawdown(returns),
    calmar: annual(calmar(returns)),
    skew: skew(returns),
    kurtosis: kurtosis(returns),
    tail: tailRatio(returns),
    var: valueAtRisk(returns),
    cvar: conditionalValueAtRisk(returns),
    bestDay: returns.length ? Math.max(...returns) : NaN,
    worstDay: returns.length ? Math.min(...returns) : NaN,
    bestMonth: months.length ? Math.max(...months) : NaN,
    worstMonth: months.length ? Math.min(...months) : NaN,
    positiveDays: returns.length ? returns.filter((r) => r > 0).length / returns.length : NaN,
  };
}

const ROWS: [key: string, label: string, format: (x: number) => string][] = [
  ['total', 'Total return', (x) => pct(x)],
  ['annual', 'Annual return', (x) => pct(x)],
  ['volatility', 'Annual volatility', (x) => pct(x)],
  ['sharpe', 'Sharpe ratio', ratio],
  ['sortino', 'Sortino ratio', ratio],
  ['calmar', 'Calmar ratio', ratio],
  ['maxDrawdown', 'Max drawdown', (x) => pct(x)],
  ['skew', 'Skew', ratio],
  ['kurtosis', 'Kurtosis (excess)', ratio],
  ['tail', 'Tail ratio', ratio],
  ['var', 'Daily value at risk (5 %)', (x) => pct(x)],
  ['cvar', 'Daily expected shortfall (5 %)', (x) => pct(x)],
  ['bestDay', 'Best day', (x) => pct(x)],
  ['worstDay', 'Worst day', (x) => pct(x)],
  ['bestMonth', 'Best month', (x) => pct(x)],
  ['worstMonth', 'Worst month', (x) => pct(x)],
  ['positiveDays', 'Positive days', (x) => pct(x, 1)],
];

/**
 * The tear sheet's metric table (QuantStats' "strategy vs benchmark"): each metric from
 * `src/metrics` for the strategy's and the benchmark's daily returns, plus alpha and beta, with
 * the benchmark named by its symbol. Annualised figures are n/a under 20 sessions.
 */
export function benchmarkComparison(result: RunResult): BenchmarkComparison {
  const dates = result.daily.map((d) => d.date);
  const returns = result.daily.map((d) => d.returns);
  const withBenchmark = hasBenchmark(result);
  const bench = result.daily.map((d) => d.benchmarkReturns);
  const s = seriesMetrics(dates, returns);
  const b = withBenchmark ? seriesMetrics(dates, bench) : undefined;
  const rows = ROWS.map(([key, label, format]) => ({ label, strategy: format(s[key]!), benchmark: b ? format(b[key]!) : '' }));
  if (b) {
    const { alpha, beta } = alphaBeta(returns, bench);
    const short = returns.length < MIN_SESSIONS_FOR_ANNUAL;
    rows.push({ label: 'Alpha (annual)', strategy: pct(short ? NaN : alpha), benchmark: '–' });
    rows.push({ label: 'Beta', strategy: ratio(short ? NaN : beta), benchmark: '1.00' });
  }
  rows.push({ label: 'Sessions', strategy: count(returns.length), benchmark: b ? count(returns.length) : '' });
  return { benchmark: withBenchmark ? (result.settings?.benchmark ?? 'Benchmark') : null, rows };
}
