import { SessionCalendar } from './session-calendar.js';
import { dailyUtcOffsets } from './zone-offsets.js';
import { UsageError } from '../core/errors.js';
import { DAY_MS, dayNumber } from '../core/time.js';

function checkZone(tz: string): void {
  if (tz === 'UTC') return; // always known; building a formatter to prove it costs milliseconds
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new UsageError(`unknown time zone '${tz}'; use an IANA name such as UTC or America/New_York`);
  }
}

/** Days from 1970-01-01 to the ends of JavaScript's date range (±8.64·10¹⁵ ms). */
const MAX_DATE_DAYS = 100_000_000;

/** `days` sorted ascending without repeats (a new array; the input is left alone). */
function sortedUnique(days: Int32Array): Int32Array {
  let ascending = true;
  for (let i = 1; i < days.length && ascending; i++) ascending = days[i - 1]! < days[i]!;
  if (ascending) return days.slice(); // as a bundle gives them: no sort needed
  const sorted = days.slice().sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (n === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  return sorted.subarray(0, n);
}

/**
 * A calendar whose sessions are exactly the given days (days since 1970-01-01, in any order,
 * repeats allowed), each open from 00:00 to 24:00 local time in `tz`, so every timestamp of
 * that date falls inside. Its close, the last instant of the day, is 1 ms before the next local
 * midnight (see `TradingCalendar.closes`).
 */
export function dataCalendarOfDays(sessionDays: Int32Array, tz = 'UTC'): SessionCalendar {
  checkZone(tz);
  const days = sortedUnique(sessionDays);
  const n = days.length;
  const opens = new Float64Array(n), closes = new Float64Array(n);
  if (n > 0 && tz === 'UTC') { // no offsets to look up
    for (let i = 0; i < n; i++) {
      const open = days[i]! * DAY_MS;
      opens[i] = open;
      closes[i] = open + (DAY_MS - 1);
    }
  } else if (n > 0) {
    const first = days[0]!;
    const offsets = dailyUtcOffsets(tz, first, days[n - 1]! + 1, 0);
    for (let i = 0; i < n; i++) {
      const d = days[i]!;
      opens[i] = d * DAY_MS - offsets[d - first]!;
      closes[i] = (d + 1) * DAY_MS - offsets[d + 1 - first]! - 1;
    }
  }
  // In UTC a session is [d·DAY_MS, (d + 1)·DAY_MS − 1]: with the days strictly ascending and
  // within ±10⁸ (JavaScript's date range: every such instant is an exact integer below 2⁵³),
  // day start = open < close < next day start holds by construction.
  const proven = tz === 'UTC' && (n === 0 || (days[0]! >= -MAX_DATE_DAYS && days[n - 1]! <= MAX_DATE_DAYS));
  return new SessionCalendar({ name: 'data', tz, days, dayStarts: opens, opens, closes, earlyCloses: new Uint8Array(n) }, proven);
}

/** `dataCalendarOfDays` over `YYYY-MM-DD` dates (the days present in a bundle's data). */
export function dataCalendar(sessions: readonly string[], tz = 'UTC'): SessionCalendar {
  const days = new Int32Array(sessions.length);
  for (let i = 0; i < sessions.length; i++) {
    const d = dayNumber(sessions[i]!);
    if (Number.isNaN(d)) throw new UsageError(`invalid session date '${sessions[i]}' for the data calendar; expected YYYY-MM-DD`);
    days[i] = d;
  }
  return dataCalendarOfDays(days, tz);
}
