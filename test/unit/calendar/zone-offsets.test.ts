import { describe, expect, it } from 'vitest';
import { dailyUtcOffsets } from '../../../src/calendar/zone-offsets.js';
import { getCalendar } from '../../../src/calendar/index.js';
import { DAY_MS, MINUTE_MS, zonedTimeToUtc } from '../../../src/core/time.js';
import { ymd } from '../../../src/calendar/holiday-rules.js';

describe('dailyUtcOffsets agrees with zonedTimeToUtc on every day', () => {
  const first = ymd(2015, 1, 3), last = ymd(2025, 12, 31); // odd start so samples fall mid-week
  for (const [tz, minutes] of [['America/New_York', 0], ['Europe/London', 12 * 60], ['Africa/Casablanca', 12 * 60], ['UTC', 0]] as const) {
    it(`${tz} at minute ${minutes}`, () => {
      const offsets = dailyUtcOffsets(tz, first, last, minutes);
      let mismatches = 0;
      for (let d = first; d <= last; d++) {
        if (d * DAY_MS + minutes * MINUTE_MS - offsets[d - first]! !== zonedTimeToUtc(tz, d, minutes)) mismatches++;
      }
      expect(mismatches).toBe(0);
    });
  }
});

describe('XNYS hours against zonedTimeToUtc', () => {
  it('every session opens at 09:30 New York time and closes at 16:00, 13:00 or 14:00', () => {
    const cal = getCalendar('XNYS');
    const tz = 'America/New_York';
    const wrong: string[] = [];
    for (let i = 0; i < cal.sessionDays.length; i++) {
      const d = cal.sessionDays[i]!;
      const close = cal.closes[i]!;
      const closeOk = close === zonedTimeToUtc(tz, d, 16 * 60)
        ? !cal.isEarlyClose(i)
        : cal.isEarlyClose(i) && (close === zonedTimeToUtc(tz, d, 13 * 60) || close === zonedTimeToUtc(tz, d, 14 * 60));
      if (cal.opens[i] !== zonedTimeToUtc(tz, d, 9 * 60 + 30) || !closeOk) wrong.push(cal.sessions[i]!);
    }
    expect(wrong).toEqual([]);
  });
});
