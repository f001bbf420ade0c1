import { DAY_MS, dayNumber, localDay, tzOffsetMs } from '../core/time.js';
import type { TradingCalendar } from '../ports/calendar.js';
import { VENUE_TZ } from '../adapters/alpaca/config.js';
import { rfc3339Venue } from './wire-format.js';
import { VenueError } from './venue-error.js';

/** Minutes since midnight New York time at instant `ms`. */
export function venueMinuteOfDay(ms: number): number {
  const local = ms + tzOffsetMs(VENUE_TZ, ms);
  return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
}

/** Index of the next session whose open is after `ms` (sessions.length when none). */
export function nextSessionAfter(cal: TradingCalendar, ms: number): number {
  let j = cal.sessionOnOrAfter(localDay(cal.tz, ms));
  while (j < cal.sessions.length && cal.opens[j]! <= ms) j++;
  return j;
}

/** GET /v2/clock at simulated instant `now`. */
export function clockWire(cal: TradingCalendar, now: number): { timestamp: string; is_open: boolean; next_open: string; next_close: string } {
  const open = cal.sessionOfMinute(now);
  const next = nextSessionAfter(cal, now);
  const closeAt = open >= 0 ? cal.closes[open]! : cal.closes[Math.min(next, cal.sessions.length - 1)]!;
  const openAt = cal.opens[Math.min(next, cal.sessions.length - 1)]!;
  return { timestamp: rfc3339Venue(now), is_open: open >= 0, next_open: rfc3339Venue(openAt), next_close: rfc3339Venue(closeAt) };
}

const hhmm = (ms: number): string => {
  const m = venueMinuteOfDay(ms);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** GET /v2/calendar?start&end (inclusive `YYYY-MM-DD`; default: every session of the calendar). */
export function calendarWire(cal: TradingCalendar, start: string | null, end: string | null): Record<string, string>[] {
  for (const [name, v] of [['start', start], ['end', end]] as const) {
    if (v !== null && Number.isNaN(dayNumber(v.slice(0, 10)))) throw new VenueError(422, 40010001, `invalid ${name}: use YYYY-MM-DD`);
  }
  const from = start === null ? 0 : cal.sessionOnOrAfter(start.slice(0, 10));
  const to = end === null ? cal.sessions.length - 1 : cal.sessionOnOrBefore(end.slice(0, 10));
  const out: Record<string, string>[] = [];
  for (let i = from; i <= to; i++) {
    out.push({
      date: cal.sessions[i]!,
      open: hhmm(cal.opens[i]!),
      close: hhmm(cal.closes[i]!),
      session_open: '0400',
      session_close: '2000',
      settlement_date: cal.sessions[Math.min(i + 1, cal.sessions.length - 1)]!,
    });
  }
  return out;
}
