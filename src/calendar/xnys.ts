import { SessionCalendar } from './session-calendar.js';
import { newYorkNoonOffsets } from './new-york-offsets.js';
import {
  FRI, MON, SAT, SUN, THU, TUE, WED,
  easterSunday, lastWeekday, nearestWeekday, nthWeekday, sundayToMonday, ymd,
} from './holiday-rules.js';
import { DAY_MS, MINUTE_MS, dayNumber, weekday } from '../core/time.js';

const FIRST_YEAR = 1990;
const LAST_YEAR = 2035;
const OPEN_MINUTE = 9 * 60 + 30;
const CLOSE_MINUTE = 16 * 60;
const EARLY_CLOSE_MINUTE = 13 * 60;
/** Until 1993 the NYSE's early close was 14:00. */
const OLD_EARLY_CLOSE_MINUTE = 14 * 60;

/** One-off full-day closures in range: national days of mourning, 9/11, Hurricane Sandy. */
const SPECIAL_CLOSURES = [
  '1994-04-27', // Richard Nixon
  '2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14',
  '2004-06-11', // Ronald Reagan
  '2007-01-02', // Gerald Ford
  '2012-10-29', '2012-10-30', // Hurricane Sandy
  '2018-12-05', // George H. W. Bush
  '2025-01-09', // Jimmy Carter
];

/** One-off 13:00 closes in range. */
const SPECIAL_EARLY_CLOSES = ['1997-12-26', '1999-12-31', '2003-12-26'];

/** The regular NYSE holidays of `year`, as observed (weekday dates only). */
export function xnysHolidays(year: number): number[] {
  const days = [
    sundayToMonday(ymd(year, 1, 1)),
    year >= 1998 ? nthWeekday(year, 1, MON, 3) : null,
    nthWeekday(year, 2, MON, 3),
    easterSunday(year) - 2,
    lastWeekday(year, 5, MON),
    year >= 2022 ? nearestWeekday(ymd(year, 6, 19)) : null,
    nearestWeekday(ymd(year, 7, 4)),
    nthWeekday(year, 9, MON, 1),
    nthWeekday(year, 11, THU, 4),
    nearestWeekday(ymd(year, 12, 25)),
  ];
  return days.filter((d): d is number => d !== null);
}

/** The regular early closes of `year`: day number → close in minutes after local midnight. */
export function xnysEarlyCloses(year: number): Map<number, number> {
  const out = new Map<number, number>();
  const early = year >= 1993 ? EARLY_CLOSE_MINUTE : OLD_EARLY_CLOSE_MINUTE;
  if (year >= 1995) {
    const jul3 = ymd(year, 7, 3), jul5 = ymd(year, 7, 5);
    const wd3 = weekday(jul3);
    if (wd3 === MON || wd3 === TUE || wd3 === THU || (wd3 === WED && year >= 2013)) out.set(jul3, EARLY_CLOSE_MINUTE);
    if (weekday(jul5) === FRI && year < 2013) out.set(jul5, EARLY_CLOSE_MINUTE);
  }
  if (year >= 1992) out.set(nthWeekday(year, 11, THU, 4) + 1, early);
  const dec24 = ymd(year, 12, 24);
  const wd24 = weekday(dec24);
  if (wd24 >= MON && wd24 <= THU) out.set(dec24, early);
  return out;
}

function buildXnys(): SessionCalendar {
  const tz = 'America/New_York';
  const first = ymd(FIRST_YEAR, 1, 1), last = ymd(LAST_YEAR, 12, 31);
  const span = last - first + 1;
  const closed = new Uint8Array(span);
  const closeMinute = new Int16Array(span).fill(CLOSE_MINUTE);
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    for (const d of xnysHolidays(y)) if (d >= first && d <= last) closed[d - first] = 1;
    for (const [d, m] of xnysEarlyCloses(y)) closeMinute[d - first] = m;
  }
  for (const s of SPECIAL_CLOSURES) closed[dayNumber(s) - first] = 1;
  for (const s of SPECIAL_EARLY_CLOSES) closeMinute[dayNumber(s) - first] = EARLY_CLOSE_MINUTE;

  const offsets = newYorkNoonOffsets(first, last);
  const days: number[] = [];
  for (let k = 0; k < span; k++) {
    const wd = weekday(first + k);
    if (wd !== SAT && wd !== SUN && closed[k] === 0) days.push(k);
  }
  const n = days.length;
  const table = {
    name: 'XNYS', tz,
    days: new Int32Array(n), dayStarts: new Float64Array(n), opens: new Float64Array(n), closes: new Float64Array(n), earlyCloses: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const k = days[i]!, day = first + k, midnight = day * DAY_MS - offsets[k]!;
    table.days[i] = day;
    table.dayStarts[i] = midnight; // New York changes its offset on Sundays only: noon's offset is midnight's
    table.opens[i] = midnight + OPEN_MINUTE * MINUTE_MS;
    table.closes[i] = midnight + closeMinute[k]! * MINUTE_MS;
    table.earlyCloses[i] = closeMinute[k]! < CLOSE_MINUTE ? 1 : 0;
  }
  return new SessionCalendar(table);
}

let cached: SessionCalendar | undefined;

/**
 * The New York Stock Exchange, 1990-01-01 … 2035-12-31, America/New_York, 09:30–16:00, built from
 * the NYSE holiday and early-close rules plus its one-off closures. Built once, then shared.
 */
export function xnysCalendar(): SessionCalendar {
  cached ??= buildXnys();
  return cached;
}
