import { describe, expect, it } from 'vitest';
import { newYorkNoonOffsets } from '../../../src/calendar/new-york-offsets.js';
import { ymd } from '../../../src/calendar/holiday-rules.js';
import { DAY_MS, tzOffsetMs } from '../../../src/core/time.js';

const HOUR_MS = 3_600_000;

describe('newYorkNoonOffsets', () => {
  it('gives the zone database\'s offset at local noon on every day 1987 … 2040', () => {
    const first = ymd(1987, 1, 1), last = ymd(2040, 12, 31);
    const offsets = newYorkNoonOffsets(first, last);
    expect(offsets.length).toBe(last - first + 1);
    const wrong: number[] = [];
    for (let d = first; d <= last; d++) {
      // noon UTC−4/−5 is 16:00/17:00 UTC: ask the zone database at 16:30 UTC, inside both
      if (offsets[d - first] !== tzOffsetMs('America/New_York', d * DAY_MS + 16.5 * HOUR_MS)) wrong.push(d);
    }
    expect(wrong).toEqual([]);
  });

  it('switches on the changeover Sundays: 2nd Sunday of March and 1st of November since 2007, 1st of April and last of October before', () => {
    const at = (y: number, m: number, d: number) => newYorkNoonOffsets(ymd(y, m, d), ymd(y, m, d))[0]! / HOUR_MS;
    expect([at(2024, 3, 9), at(2024, 3, 10), at(2024, 11, 2), at(2024, 11, 3)]).toEqual([-5, -4, -4, -5]);
    expect([at(2006, 4, 1), at(2006, 4, 2), at(2006, 10, 28), at(2006, 10, 29)]).toEqual([-5, -4, -4, -5]);
    expect([at(1990, 1, 1), at(1990, 7, 4)]).toEqual([-5, -4]);
  });

  it('refuses days before the 1987 rules', () => {
    expect(() => newYorkNoonOffsets(ymd(1986, 12, 31), ymd(1987, 1, 5))).toThrow(/1987/);
  });
});
