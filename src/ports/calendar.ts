/**
 * A trading calendar: the sessions of an exchange and their hours. Implementations precompute
 * arrays so that hot-loop queries are array lookups, not date math.
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
  /** Epoch ms of each session's open (first minute bar opens then). */
  readonly opens: Float64Array;
  /** Epoch ms of each session's close (last minute bar ends then). */
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
  /** Index of the session whose hours contain instant `ms` (open ≤ ms < close), or -1. */
  sessionOfMinute(ms: number): number;
}
