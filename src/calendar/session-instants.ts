import type { Frequency } from '../model/bar.js';
import type { TradingCalendar } from '../ports/calendar.js';
import { BEFORE_TRADING_START_OFFSET_MS, MINUTE_MS, dayString, localDay } from '../core/time.js';
import { lowerBound } from '../core/numeric.js';

/**
 * When `before-trading-start` of session `i` happens: 45 minutes before the open, but never
 * before the session's date begins (on a session that opens at midnight, at the open itself).
 */
export function beforeTradingStart(calendar: TradingCalendar, i: number): number {
  const early = calendar.opens[i]! - BEFORE_TRADING_START_OFFSET_MS;
  const dayStart = calendar.dayStarts[i]!;
  return early > dayStart ? early : dayStart;
}

/**
 * The instant the minute bar opening at `minuteOpen` in session `i` is complete: one minute
 * later, but never after the session's close (the last minute of a session that trades to
 * midnight completes at its close, 23:59:59.999, still on the session's date).
 */
export function minuteBarEnd(calendar: TradingCalendar, i: number, minuteOpen: number): number {
  const end = minuteOpen + MINUTE_MS, close = calendar.closes[i]!;
  return end < close ? end : close;
}

/**
 * The opening instant of the bar completed at `barDt` (the instant the clock stamps it): the
 * session's open for a daily bar, the minute's start for a minute bar (minute bars start on
 * whole minutes from the open). NaN when `barDt` is in no session.
 */
export function barOpen(calendar: TradingCalendar, frequency: Frequency, barDt: number): number {
  const i = calendar.sessionOfInstant(barDt);
  if (i < 0) return NaN;
  const open = calendar.opens[i]!, close = calendar.closes[i]!;
  if (frequency === 'daily') return open;
  // the session's last minute was cut to the close when the close is not on a whole minute
  if (barDt === close) return close - ((close - open) % MINUTE_MS || MINUTE_MS);
  return barDt - MINUTE_MS;
}

/**
 * The date users see for an instant: its session's date (`YYYY-MM-DD`), or, for an instant
 * outside every session (a live fill over a weekend), its local date in the calendar's zone.
 */
export function sessionDate(calendar: TradingCalendar, ms: number): string {
  const i = calendar.sessionOfInstant(ms);
  return i >= 0 ? dayString(calendar.sessionDays[i]!) : localDay(calendar.tz, ms);
}

/** Index of the first session whose close is after `t` (`closes.length` when none). */
export function sessionAfter(calendar: TradingCalendar, t: number): number {
  return lowerBound(calendar.closes, t, true);
}
