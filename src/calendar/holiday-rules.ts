import { DAY_MS, weekday } from '../core/time.js';

/** Weekday numbers as returned by `weekday()` (0 = Sunday). */
export const SUN = 0, MON = 1, TUE = 2, WED = 3, THU = 4, FRI = 5, SAT = 6;

/** Day number (days since 1970-01-01) of a calendar date; `day` may overflow into the next month. */
export function ymd(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The `n`-th (1-based) `wd` weekday of a month, e.g. the 3rd Monday of January. */
export function nthWeekday(year: number, month: number, wd: number, n: number): number {
  const first = ymd(year, month, 1);
  return first + ((wd - weekday(first) + 7) % 7) + 7 * (n - 1);
}

/** The last `wd` weekday of a month, e.g. the last Monday of May. */
export function lastWeekday(year: number, month: number, wd: number): number {
  const last = ymd(year, month + 1, 0);
  return last - ((weekday(last) - wd + 7) % 7);
}

/** Easter Sunday of a Gregorian year (anonymous Gregorian computus). */
export function easterSunday(year: number): number {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/** Observance of a fixed-date holiday on the nearest weekday: Saturday → Friday, Sunday → Monday. */
export function nearestWeekday(day: number): number {
  const wd = weekday(day);
  return wd === SAT ? day - 1 : wd === SUN ? day + 1 : day;
}

/** Observance that moves only a Sunday holiday to Monday (a Saturday one is not observed). */
export function sundayToMonday(day: number): number | null {
  const wd = weekday(day);
  return wd === SUN ? day + 1 : wd === SAT ? null : day;
}
