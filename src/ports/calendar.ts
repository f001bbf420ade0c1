/**
 * A trading calendar: the sessions of an exchange and their hours. Implementations precompute
 * arrays so that hot-loop queries are array lookups, not date math.
 *
 * Every instant that belongs to session `i` — before-trading-start, the open, each bar, the
 * close — lies in `[dayStarts[i], closes[i]]`, which is on the session's date in the calendar's
 * zone, and `closes[i] < dayStarts[i + 1]`. So the local date of any instant the engine stamps
 * (orders, fills, `ctx.now`, log lines) is its session's date, on every calendar.
 */
export interface TradingCalendar {
  /** `XNYS`, `ALWAYS_OPEN` or `data`. */
  readonly name: string;
  /** IANA zone of the exchange (`America/New_York`, `UTC`). */
  readonly tz: string;
  /** Session labels `YYYY-MM-DD`, ascending. */
  readonly sessions: readonly string[];
  /** Session labels as day numbers (days since 1970-01-01), ascending. */
  readonly sessionDays: Int32Array;
  /** Epoch ms of local midnight starting each session's date: the first instant that belongs to it. */
  readonly dayStarts: Float64Array;
  /** Epoch ms of each session's open (first minute bar opens then). */
  readonly opens: Float64Array;
  /**
   * Epoch ms of each session's close: the LAST instant that belongs to the session, when its daily
   * bar (and its last minute bar) is stamped. An exchange's closing time (16:00 New York); on a
   * session that trades to midnight (ALWAYS_OPEN, `data`) 1 ms before the next local midnight, so
   * that the close is still on the session's date.
   */
  readonly closes: Float64Array;
  /** Index of a session label, or -1 when that day is not a session. */
  sessionIndex(day: string): number;
  isSession(day: string): boolean;
  /** Index of the first session on or after `day` (sessions.length when none). */
  sessionOnOrAfter(day: string): number;
  /** Index of the last session on or before `day` (-1 when none). */
  sessionOnOrBefore(day: string): number;
  /** Whether session `i` closes early (before the regular close). */
  isEarlyClose(i: number): boolean;
  /** Number of trading minutes in session `i`. */
  minutesInSession(i: number): number;
  /** Opening instants (epoch ms) of every minute of session `i`. */
  sessionMinutes(i: number): Float64Array;
  /** Index of the session whose trading minutes include the minute starting at `ms` (open ≤ ms < close), or -1. */
  sessionOfMinute(ms: number): number;
  /** Index of the session instant `ms` belongs to (`dayStarts[i] ≤ ms ≤ closes[i]`), or -1. */
  sessionOfInstant(ms: number): number;
}
