import type { TradingCalendar } from '../ports/calendar.js';
import { UsageError } from '../core/errors.js';
import { alwaysOpenCalendar } from './always-open.js';
import { dataCalendar, dataCalendarOfDays } from './data-calendar.js';
import { xnysCalendar } from './xnys.js';

/** The calendar names `--calendar` accepts. */
export const CALENDAR_NAMES = ['XNYS', 'ALWAYS_OPEN', 'data'] as const;

/** One of `CALENDAR_NAMES`. */
export type CalendarName = (typeof CALENDAR_NAMES)[number];

/** Options of `getCalendar`; only the `data` calendar uses them. */
export interface CalendarOptions {
  /** Session dates `YYYY-MM-DD` (`data` needs these or `days`). */
  sessions?: readonly string[];
  /** Session days (days since 1970-01-01), the faster alternative to `sessions`. */
  days?: Int32Array;
  /** Time zone of the `data` calendar's days (default UTC). */
  tz?: string;
}

/**
 * The trading calendar called `name`. `XNYS` and `ALWAYS_OPEN` are built once and shared;
 * `data` is built from `options.days` or `options.sessions` in `options.tz` (the other two ignore `options`).
 * Throws `UsageError` for an unknown name or a `data` calendar without sessions.
 */
export function getCalendar(name: CalendarName | string, options: CalendarOptions = {}): TradingCalendar {
  switch (name) {
    case 'XNYS':
      return xnysCalendar();
    case 'ALWAYS_OPEN':
      return alwaysOpenCalendar();
    case 'data':
      if (options.days) return dataCalendarOfDays(options.days, options.tz);
      if (!options.sessions) throw new UsageError("the 'data' calendar needs the session dates of the bundle's data");
      return dataCalendar(options.sessions, options.tz);
    default:
      throw new UsageError(`unknown calendar '${name}'; choose one of ${CALENDAR_NAMES.join(', ')}`);
  }
}

export { SessionCalendar } from './session-calendar.js';
export type { SessionTable } from './session-calendar.js';
export { xnysHolidays, xnysEarlyCloses } from './xnys.js';
export { barOpen, beforeTradingStart, minuteBarEnd, sessionDate } from './session-instants.js';
