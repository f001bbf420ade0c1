import type { ReportData } from './report-data.js';
import { count, days, money, pct, ratio } from './format.js';

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

const signed = (x: number): Tone => (x > 0 ? 'positive' : x < 0 ? 'negative' : undefined);

/** The report's four sections, formatted for display. */
export function summarySections(data: ReportData): SummarySection[] {
  const { result, trading: t } = data;
  const s = result.summary;
  const deepest = data.deepestDrawdown;
  return [
    {
      title: 'Returns',
      rows: [
        { label: 'Total return', value: pct(s.totalReturn), tone: signed(s.totalReturn) },
        { label: 'Annual return', value: pct(s.annualReturn), tone: signed(s.annualReturn) },
        { label: 'Benchmark return', value: pct(s.benchmarkReturn), tone: signed(s.benchmarkReturn) },
        { label: 'Alpha', value: pct(s.alpha), tone: signed(s.alpha) },
        { label: 'Beta', value: ratio(s.beta) },
        { label: 'Ending value', value: money(s.endingValue) },
      ],
    },
    {
      title: 'Risk',
      rows: [
        { label: 'Annual volatility', value: pct(s.annualVolatility) },
        { label: 'Sharpe ratio', value: ratio(s.sharpe), tone: signed(s.sharpe) },
        { label: 'Sortino ratio', value: ratio(s.sortino), tone: signed(s.sortino) },
        { label: 'Calmar ratio', value: ratio(data.calmar), tone: signed(data.calmar) },
        { label: 'Max drawdown', value: pct(s.maxDrawdown), tone: s.maxDrawdown < 0 ? 'negative' : undefined },
        { label: 'Drawdown peak', value: deepest ? (deepest.peakDate ?? result.start) : '-' },
        { label: 'Drawdown trough', value: deepest?.troughDate ?? '-' },
        { label: 'Recovered', value: deepest ? (deepest.recoveryDate ?? 'not yet') : '-' },
        { label: 'Longest drawdown', value: data.longestDrawdown ? `${count(data.longestDrawdown.days)} sessions` : '-' },
      ],
    },
    {
      title: 'Trading',
      rows: [
        { label: 'Orders', value: count(t.orders) },
        { label: 'Fills', value: count(t.fills) },
        { label: 'Turnover (annual)', value: pct(t.annualTurnover, 1) },
        { label: 'Round trips', value: count(t.roundTrips) },
        { label: 'Win rate', value: pct(t.winRate, 1) },
        { label: 'Profit factor', value: ratio(t.profitFactor) },
        { label: 'Avg holding period', value: days(t.averageHoldingDays) },
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
