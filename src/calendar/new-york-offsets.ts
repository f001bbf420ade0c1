import { SUN, lastWeekday, nthWeekday } from './holiday-rules.js';
import { DAY_MS } from '../core/time.js';

const HOUR_MS = 3_600_000;
/** Eastern Standard Time and Eastern Daylight Time, local − UTC. */
const EST = -5 * HOUR_MS;
const EDT = -4 * HOUR_MS;
/** The first year of the daylight-saving rules below (the 1986 amendment of the Uniform Time Act). */
export const NEW_YORK_RULES_FROM = 1987;

/** The Sundays daylight-saving time starts and ends in `year`: 1987–2006 April's first to October's last; since 2007 March's second to November's first. */
function daylightSaving(year: number): [start: number, end: number] {
  return year < 2007
    ? [nthWeekday(year, 4, SUN, 1), lastWeekday(year, 10, SUN)]
    : [nthWeekday(year, 3, SUN, 2), nthWeekday(year, 11, SUN, 1)];
}

/**
 * UTC offset (ms, local − UTC) of America/New_York at local noon on every day from `firstDay` to
 * `lastDay` inclusive (index 0 = `firstDay`), from the US daylight-saving rules: the changes
 * happen at 02:00 on a Sunday, so noon of every day has the offset of that day's midnight except
 * on the two changeover Sundays. The same offsets as the zone database gives (a test compares
 * every day) without asking it: setting up a time zone in ICU costs more than building the whole
 * XNYS calendar. Throws for a day before 1987.
 */
export function newYorkNoonOffsets(firstDay: number, lastDay: number): Float64Array {
  const n = Math.max(lastDay - firstDay + 1, 0);
  const out = new Float64Array(n);
  if (n === 0) return out;
  const firstYear = new Date(firstDay * DAY_MS).getUTCFullYear();
  const lastYear = new Date(lastDay * DAY_MS).getUTCFullYear();
  if (firstYear < NEW_YORK_RULES_FROM) throw new Error(`New York offsets are known from ${NEW_YORK_RULES_FROM} on, not for ${firstYear}`);
  out.fill(EST);
  for (let y = firstYear; y <= lastYear; y++) {
    const [start, end] = daylightSaving(y);
    const from = Math.max(start, firstDay), to = Math.min(end - 1, lastDay);
    if (from <= to) out.fill(EDT, from - firstDay, to - firstDay + 1);
  }
  return out;
}
