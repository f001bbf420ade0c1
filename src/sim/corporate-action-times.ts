import { dayNumber } from '../core/time.js';
import type { Dividend, Split } from '../model/corporate-actions.js';
import type { TradingCalendar } from '../ports/calendar.js';

/** A split or dividend event of the simulated broker's own book, at the instant it takes effect. */
export type DatedAction =
  | { readonly kind: 'split'; readonly at: number; readonly sid: number; readonly ratio: number }
  /** A dividend going ex on `session`: earned on the shares held at the previous close. */
  | { readonly kind: 'ex-dividend'; readonly at: number; readonly session: string; readonly dividend: Dividend }
  /** Dividends owed on or before `session` are paid. */
  | { readonly kind: 'pay-dividends'; readonly at: number; readonly session: string };

/** Order of actions at the same instant: dividends on the pre-split shares first (as the engine does), then splits. */
const RANK: Record<DatedAction['kind'], number> = { 'ex-dividend': 0, 'pay-dividends': 1, split: 2 };

/**
 * Splits and dividends with the instant they take effect at on `calendar` — the start of the
 * first session on or after their date, before its first bar (a venue applies corporate actions
 * overnight) — in time order. Ratios ≤ 0, amounts that are not finite and unreadable dates are
 * dropped; a date after the calendar's last session never takes effect.
 */
export function corporateActionTimes(splits: readonly Split[], dividends: readonly Dividend[], calendar: TradingCalendar | undefined): DatedAction[] {
  if (splits.length === 0 && dividends.length === 0) return [];
  if (!calendar) throw new Error('SimulatedBroker: splits and dividends need the bars\' calendar (option `bars`) to know when they take effect');
  const startOf = (day: string): { at: number; session: string } => {
    const i = calendar.sessionOnOrAfter(day);
    return i < calendar.sessionDays.length ? { at: calendar.dayStarts[i]!, session: calendar.sessions[i]! } : { at: Infinity, session: day };
  };
  const out: DatedAction[] = [];
  for (const s of splits) {
    if (!(s.ratio > 0) || Number.isNaN(dayNumber(s.effectiveDate))) continue;
    out.push({ kind: 'split', at: startOf(s.effectiveDate).at, sid: s.sid, ratio: s.ratio });
  }
  for (const d of dividends) {
    if (!Number.isFinite(d.amount) || Number.isNaN(dayNumber(d.exDate))) continue;
    out.push({ kind: 'ex-dividend', ...startOf(d.exDate), dividend: d });
    if (d.payDate !== null && d.payDate > d.exDate && !Number.isNaN(dayNumber(d.payDate))) out.push({ kind: 'pay-dividends', ...startOf(d.payDate) });
  }
  return out.sort((a, b) => a.at - b.at || RANK[a.kind] - RANK[b.kind]);
}
