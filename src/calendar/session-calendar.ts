import type { TradingCalendar } from '../ports/calendar.js';
import { UsageError } from '../core/errors.js';
import { MINUTE_MS, dayNumber, dayString } from '../core/time.js';
import { lowerBound } from '../core/numeric.js';

/** The precomputed arrays a calendar is made of; every array has one entry per session. */
export interface SessionTable {
  name: string;
  tz: string;
  /** Session days (days since 1970-01-01), strictly ascending. */
  days: Int32Array;
  /** Epoch ms of local midnight starting each session's date. */
  dayStarts: Float64Array;
  /** Epoch ms of each session's open. */
  opens: Float64Array;
  /** Epoch ms of each session's close: its last instant, before the next local midnight (`TradingCalendar.closes`). */
  closes: Float64Array;
  /** 1 where the session closes before the regular close. */
  earlyCloses: Uint8Array;
}


/** Throws when a session's instants leave it (a programming error in a calendar builder). */
function checkInstants(t: SessionTable): void {
  const n = t.days.length;
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? t.dayStarts[i + 1]! : Infinity;
    if (!(t.dayStarts[i]! <= t.opens[i]! && t.opens[i]! < t.closes[i]! && t.closes[i]! < next)) {
      throw new Error(`calendar ${t.name}: session ${dayString(t.days[i]!)} has instants outside its day (day start ≤ open < close < next day start)`);
    }
  }
}

function parseDay(day: string): number {
  const n = dayNumber(day);
  if (Number.isNaN(n)) throw new UsageError(`invalid date '${day}'; expected YYYY-MM-DD`);
  return n;
}

/**
 * A `TradingCalendar` over precomputed session arrays: every query is an array lookup or a
 * binary search. All three calendars (XNYS, ALWAYS_OPEN, data) are instances of it. The
 * constructor checks the port's invariant: `dayStarts[i] ≤ opens[i] < closes[i] < dayStarts[i + 1]`.
 */
export class SessionCalendar implements TradingCalendar {
  readonly name: string;
  readonly tz: string;
  readonly sessionDays: Int32Array;
  readonly dayStarts: Float64Array;
  readonly opens: Float64Array;
  readonly closes: Float64Array;
  private readonly earlyCloses: Uint8Array;
  private labels: readonly string[] | undefined;

  /**
   * `instantsProven`: the builder has established the invariant by construction (the data
   * calendar of UTC whole days does), so the per-session check is not run again.
   */
  constructor(table: SessionTable, instantsProven = false) {
    this.name = table.name;
    this.tz = table.tz;
    this.sessionDays = table.days;
    this.dayStarts = table.dayStarts;
    this.opens = table.opens;
    this.closes = table.closes;
    this.earlyCloses = table.earlyCloses;
    if (!instantsProven) checkInstants(table);
  }

  /** Session labels `YYYY-MM-DD`, built on first use. */
  get sessions(): readonly string[] {
    if (!this.labels) this.labels = Object.freeze(Array.from(this.sessionDays, dayString));
    return this.labels;
  }

  sessionIndex(day: string): number {
    const n = dayNumber(day);
    if (Number.isNaN(n)) return -1;
    const i = lowerBound(this.sessionDays, n);
    return this.sessionDays[i] === n ? i : -1;
  }

  isSession(day: string): boolean {
    return this.sessionIndex(day) >= 0;
  }

  sessionOnOrAfter(day: string): number {
    return lowerBound(this.sessionDays, parseDay(day));
  }

  sessionOnOrBefore(day: string): number {
    return lowerBound(this.sessionDays, parseDay(day) + 1) - 1;
  }

  isEarlyClose(i: number): boolean {
    return this.earlyCloses[i] === 1;
  }

  minutesInSession(i: number): number {
    return Math.round((this.closes[i]! - this.opens[i]!) / MINUTE_MS);
  }

  /** A new array of the opening instant of each minute of session `i` (open … close − 1 min). */
  sessionMinutes(i: number): Float64Array {
    const n = this.minutesInSession(i);
    const open = this.opens[i]!;
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = open + k * MINUTE_MS;
    return out;
  }

  sessionOfMinute(ms: number): number {
    const i = lowerBound(this.opens, ms, true) - 1;
    return i >= 0 && ms < this.closes[i]! ? i : -1;
  }

  sessionOfInstant(ms: number): number {
    const i = lowerBound(this.closes, ms);
    return i < this.closes.length && ms >= this.dayStarts[i]! ? i : -1;
  }
}
