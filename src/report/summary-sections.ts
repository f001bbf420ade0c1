import type { ReportData } from './report-data.js';
import { count, money, pct, ratio, sessions } from './format.js';

/** How a value should be coloured: gains, losses, or a caution. */
export type Tone = 'positive' | 'negative' | 'warning' | undefined;

/** One labelled figure of the report. */
export interface SummaryRow {
  label: string;
  value: string;
  tone?: Tone;
}

/** A titled block of figures (Returns, Risk, Trading, Period). */
export interface SummarySection {
  title: string;
  rows: SummaryRow[];
}

/** The note shown when the run used the optimistic `same-close` fill policy. */
export const SAME_CLOSE_NOTE = 'same-close fills an order on the bar that placed it: results are optimistic';

/**
 * Fewer sessions than this and the annualised and regression figures (annual return,
 * volatility, Sharpe, Sortino, Calmar, alpha, beta) are shown as `n/a`: a few days' returns
 * raised to a year's worth say nothing (two sessions can show an alpha of 10,000 %).
 */
export const MIN_SESSIONS_FOR_ANNUAL = 20;

/** The note under a report whose run was too short for annualised figures, else null. */
export function shortRunNote(tradingDays: number): string | null {
  return tradingDays < MIN_SESSIONS_FOR_ANNUAL
    ? `n/a: annualised figures need at least ${MIN_SESSIONS_FOR_ANNUAL} sessions; this run has ${sessions(tradingDays)}`
    : null;
}

const signed = (x: number): Tone => (x > 0 ? 'positive' : x < 0 ? 'negative' : undefined);

/** The report's four sections, formatted for display. */
export function summarySections(data: ReportData): SummarySection[] {
  const { result, trading: t } = data;
  const s = result.summary;
  const deepest = data.deepestDrawdown;
  const short = s.tradingDays < MIN_SESSIONS_FOR_ANNUAL;
  const annual = (x: number): number => (short ? NaN : x);
  return [
    {
      title: 'Returns',
      rows: [
        { label: 'Total return', value: pct(s.totalReturn), tone: signed(s.totalReturn) },
        { label: 'Annual return', value: pct(annual(s.annualReturn)), tone: signed(annual(s.annualReturn)) },
        { label: 'Benchmark return', value: pct(s.benchmarkReturn), tone: signed(s.benchmarkReturn) },
        { label: 'Alpha', value: pct(annual(s.alpha)), tone: signed(annual(s.alpha)) },
        { label: 'Beta', value: ratio(annual(s.beta)) },
        { label: 'Ending value', value: money(s.endingValue) },
      ],
    },
    {
      title: 'Risk',
      rows: [
        { label: 'Annual volatility', value: pct(annual(s.annualVolatility)) },
        { label: 'Sharpe ratio', value: ratio(annual(s.sharpe)), tone: signed(annual(s.sharpe)) },
        { label: 'Sortino ratio', value: ratio(annual(s.sortino)), tone: signed(annual(s.sortino)) },
        { label: 'Calmar ratio', value: ratio(annual(data.calmar)), tone: signed(annual(data.calmar)) },
        { label: 'Max drawdown', value: pct(s.maxDrawdown), tone: s.maxDrawdown < 0 ? 'negative' : undefined },
        { label: 'Drawdown peak', value: deepest ? (deepest.peakDate ?? result.start) : '-' },
        { label: 'Drawdown trough', value: deepest?.troughDate ?? '-' },
        { label: 'Recovered', value: deepest ? (deepest.recoveryDate ?? 'not yet') : '-' },
        { label: 'Longest drawdown', value: data.longestDrawdown ? sessions(data.longestDrawdown.days) : '-' },
      ],
    },
    {
      title: 'Trading',
      rows: [
        { label: 'Orders', value: count(t.orders) },
        { label: 'Fills', value: count(t.fills) },
        { label: 'Turnover (annual)', value: pct(annual(t.annualTurnover), 1) },
        { label: 'Round trips', value: count(t.roundTrips) },
        { label: 'Win rate', value: pct(t.winRate, 1) },
        { label: 'Profit factor', value: ratio(t.profitFactor) },
        { label: 'Avg holding period', value: sessions(t.averageHoldingSessions) },
        { label: 'Commissions', value: money(t.commissions) },
        { label: 'Avg exposure', value: pct(t.averageExposure, 1) },
        { label: 'Time in market', value: pct(t.timeInMarket, 1) },
      ],
    },
    {
      title: 'Period',
      rows: [
        { label: 'Start', value: result.start },
        { label: 'End', value: result.end },
        { label: 'Sessions', value: count(s.tradingDays) },
        { label: 'Capital', value: money(result.capital) },
        { label: 'Frequency', value: result.frequency },
        { label: 'Mode', value: result.mode },
        result.fill === 'same-close'
          ? { label: 'Fill policy', value: 'same-close (!)', tone: 'warning' }
          : { label: 'Fill policy', value: result.fill },
      ],
    },
  ];
}
