import { DAY_MS, MINUTE_MS } from '../core/time.js';
import type { TradingCalendar } from '../ports/calendar.js';
import { minuteBarEnd } from '../calendar/session-instants.js';
import type { ScheduledFunction } from '../strategy/context.js';
import type { DateRule, TimeRule } from '../strategy/rules.js';

/** One `scheduleFunction` registration and what it resolved to for the current session. */
interface Entry {
  readonly fn: ScheduledFunction;
  readonly dateRule: DateRule;
  readonly timeRule: TimeRule;
  readonly halfDays: boolean;
  dueToday: boolean;
  /** Bar time (epoch ms, the minute the bar completes) it runs at today; NaN for every minute. */
  triggerDt: number;
}

const EVERY_DAY: DateRule = { kind: 'everyDay' };

/**
 * Session masks of date rules per calendar (keyed by its session days), shared by every run on
 * it: a sweep runs thousands of backtests on one calendar, each would otherwise rebuild them.
 */
const MASKS = new WeakMap<Int32Array, Map<string, Uint8Array>>();
const EVERY_MINUTE: TimeRule = { kind: 'everyMinute' };

/**
 * Interprets date and time rules against a trading calendar with zipline's semantics: weeks and
 * months are counted in sessions of the whole calendar (so the n-th session of a month is the
 * n-th *trading* day), `halfDays: false` skips early-close sessions, and the default time rule is
 * every minute. In daily mode every function due on a session runs once, on its only bar.
 */
export class Scheduler {
  private readonly entries: Entry[] = [];
  private readonly masks: Map<string, Uint8Array>;

  constructor(private readonly calendar: TradingCalendar) {
    let masks = MASKS.get(calendar.sessionDays);
    if (!masks) MASKS.set(calendar.sessionDays, masks = new Map());
    this.masks = masks;
  }

  /** Number of registered functions. */
  get size(): number {
    return this.entries.length;
  }

  /** Registers a function; defaults are zipline's (every day, every minute, half days included). */
  add(fn: ScheduledFunction, dateRule: DateRule = EVERY_DAY, timeRule: TimeRule = EVERY_MINUTE, halfDays = true): void {
    this.entries.push({ fn, dateRule, timeRule, halfDays, dueToday: false, triggerDt: NaN });
  }

  /** Resolves which functions run on calendar session `index`, and at which bar. */
  startSession(index: number): void {
    if (this.entries.length === 0) return;
    const early = index >= 0 && this.calendar.isEarlyClose(index);
    for (const e of this.entries) {
      e.dueToday = index >= 0 && this.matches(e.dateRule, index) && (e.halfDays || !early);
      e.triggerDt = e.dueToday ? this.triggerTime(e.timeRule, index) : NaN;
    }
  }

  /**
   * Appends to `out` the functions due at the bar completing at `dt`; `daily` when the bar is the
   * session's only one. Returns `out`.
   */
  due(dt: number, daily: boolean, out: ScheduledFunction[]): ScheduledFunction[] {
    out.length = 0;
    for (const e of this.entries) {
      if (!e.dueToday) continue;
      if (daily || e.timeRule.kind === 'everyMinute' || e.triggerDt === dt) out.push(e.fn);
    }
    return out;
  }

  /** Whether the date rule selects calendar session `index`. */
  matches(rule: DateRule, index: number): boolean {
    if (rule.kind === 'everyDay') return true;
    return this.mask(rule)[index] === 1;
  }

  /**
   * The bar instant a time rule picks: the end of the minute `offset` minutes after the open, or
   * `offset` minutes before the end of the last minute (the last minute itself ends at the
   * close, which on sessions trading to midnight is 1 ms before it).
   */
  private triggerTime(rule: TimeRule, index: number): number {
    const cal = this.calendar;
    const open = cal.opens[index]!;
    if (rule.kind === 'marketOpen') {
      const minute = open + (Math.max(1, rule.offsetMinutes) - 1) * MINUTE_MS;
      return minute < cal.closes[index]! ? minuteBarEnd(cal, index, minute) : minute + MINUTE_MS; // past the close: never due
    }
    if (rule.kind === 'marketClose') {
      const minutes = cal.minutesInSession(index);
      const k = Math.max(0, minutes - 1 - rule.offsetMinutes);
      return minuteBarEnd(cal, index, open + k * MINUTE_MS);
    }
    return NaN;
  }

  private mask(rule: Exclude<DateRule, { kind: 'everyDay' }>): Uint8Array {
    const key = `${rule.kind}:${rule.offset}`;
    let mask = this.masks.get(key);
    if (mask) return mask;
    const ids = rule.kind.startsWith('week') ? this.weeks() : this.months();
    const fromEnd = rule.kind.endsWith('End');
    mask = new Uint8Array(ids.length);
    for (let a = 0; a < ids.length;) {
      let b = a + 1;
      while (b < ids.length && ids[b] === ids[a]) b++;
      const i = fromEnd ? b - 1 - rule.offset : a + rule.offset;
      if (i >= a && i < b) mask[i] = 1;
      a = b;
    }
    this.masks.set(key, mask);
    return mask;
  }

  /** Monday-based week number of every session (day 0, 1970-01-01, was a Thursday). */
  private weeks(): Int32Array {
    return Int32Array.from(this.calendar.sessionDays, (d) => Math.floor((d + 3) / 7));
  }

  /** `year × 12 + month` of every session. */
  private months(): Int32Array {
    return Int32Array.from(this.calendar.sessionDays, (d) => {
      const date = new Date(d * DAY_MS);
      return date.getUTCFullYear() * 12 + date.getUTCMonth();
    });
  }
}
