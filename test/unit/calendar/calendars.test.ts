import { describe, expect, it } from 'vitest';
import { CALENDAR_NAMES, getCalendar } from '../../../src/calendar/index.js';
import { UsageError } from '../../../src/core/errors.js';

const utc = (iso: string) => Date.parse(iso);

describe('ALWAYS_OPEN', () => {
  const cal = getCalendar('ALWAYS_OPEN');
  it('trades every minute of a whole week, weekend included', () => {
    const first = cal.sessionIndex('2024-03-09'); // a Saturday
    for (let k = 0; k < 7; k++) {
      const i = first + k;
      expect(cal.sessions[i]).toBe(`2024-03-${String(9 + k).padStart(2, '0')}`);
      expect(cal.minutesInSession(i)).toBe(1440);
      expect(cal.isEarlyClose(i)).toBe(false);
      expect(cal.opens[i]).toBe(utc(`${cal.sessions[i]}T00:00:00Z`));
      expect(cal.closes[i]).toBe(cal.opens[i + 1]! - 1); // the last instant of the day
    }
    expect(cal.tz).toBe('UTC');
    expect(cal.sessionOfMinute(utc('2024-03-10T23:59:00Z'))).toBe(first + 1);
    expect(cal.sessionOfMinute(utc('2024-03-11T00:00:00Z'))).toBe(first + 2);
  });
  it('spans 1990 … 2035', () => {
    expect(cal.sessions[0]).toBe('1990-01-01');
    expect(cal.sessions.at(-1)).toBe('2035-12-31');
    expect(cal.sessions.length).toBe(16_801); // 46 years × 365 + 11 leap days (1992 … 2032)
  });
});

describe('data calendar', () => {
  it('has exactly the given dates, sorted and deduplicated, 00:00–24:00 UTC by default', () => {
    const cal = getCalendar('data', { sessions: ['2024-01-05', '2024-01-02', '2024-01-06', '2024-01-02'] });
    expect(cal.name).toBe('data');
    expect(cal.sessions).toEqual(['2024-01-02', '2024-01-05', '2024-01-06']);
    expect(cal.isSession('2024-01-03')).toBe(false);
    expect(cal.opens[0]).toBe(utc('2024-01-02T00:00:00Z'));
    expect(cal.closes[0]).toBe(utc('2024-01-02T23:59:59.999Z'));
    expect(cal.sessionOfMinute(utc('2024-01-05T15:45:00Z'))).toBe(1);
    expect(cal.sessionOfMinute(utc('2024-01-03T12:00:00Z'))).toBe(-1);
  });
  it('uses local midnights in its zone, across a DST change', () => {
    const cal = getCalendar('data', { sessions: ['2024-03-09', '2024-03-10', '2024-03-11'], tz: 'America/New_York' });
    expect(cal.opens[0]).toBe(utc('2024-03-09T05:00:00Z')); // EST
    expect(cal.opens[1]).toBe(utc('2024-03-10T05:00:00Z'));
    expect(cal.closes[1]).toBe(utc('2024-03-11T03:59:59.999Z')); // EDT from 2024-03-10 02:00
    expect(cal.minutesInSession(1)).toBe(23 * 60);
    expect(cal.isEarlyClose(1)).toBe(false);
  });
  it('is the same calendar from day numbers (days since 1970-01-01) as from dates', () => {
    // 2024-01-02 is day 19724 (54 years × 365 + 13 leap days + 1); the input is unsorted and repeats a day
    const days = Int32Array.from([19727, 19724, 19728, 19724]);
    const fromDays = getCalendar('data', { days, tz: 'America/New_York' });
    const fromDates = getCalendar('data', { sessions: ['2024-01-05', '2024-01-02', '2024-01-06'], tz: 'America/New_York' });
    expect(fromDays.sessions).toEqual(['2024-01-02', '2024-01-05', '2024-01-06']);
    expect([...fromDays.sessionDays]).toEqual([19724, 19727, 19728]);
    expect(fromDays.opens).toEqual(fromDates.opens);
    expect(fromDays.closes).toEqual(fromDates.closes);
    expect([...days]).toEqual([19727, 19724, 19728, 19724]); // left alone
    expect(getCalendar('data', { days: new Int32Array(0) }).sessions).toEqual([]);
  });
  it('still checks its instants for days beyond the date range, where they stop being exact', () => {
    // day 2·10⁹ starts at 1.728·10¹⁷ ms, where doubles are 32 ms apart: its close (start + 86,399,999)
    // rounds to the next day's start, so the session would have no last instant of its own
    expect(() => getCalendar('data', { days: Int32Array.from([2e9, 2e9 + 1]) })).toThrow(/instants outside its day/);
    // the far ends of JavaScript's date range (±10⁸ days) are exact
    const ends = getCalendar('data', { days: Int32Array.from([-1e8, 1e8]) });
    expect(ends.closes[1]).toBe(Date.UTC(275760, 8, 13) + 86_400_000 - 1);
  });
  it('rejects bad dates, unknown zones and a missing session list', () => {
    expect(() => getCalendar('data', { sessions: ['2024-02-30'] })).toThrow(/invalid session date '2024-02-30'/);
    expect(() => getCalendar('data', { sessions: [], tz: 'Mars/Olympus' })).toThrow(UsageError);
    expect(() => getCalendar('data')).toThrow(UsageError);
  });
});

describe('getCalendar', () => {
  it('names the valid choices for an unknown calendar', () => {
    expect(() => getCalendar('NYSE')).toThrow(/unknown calendar 'NYSE'; choose one of XNYS, ALWAYS_OPEN, data/);
    expect(CALENDAR_NAMES).toEqual(['XNYS', 'ALWAYS_OPEN', 'data']);
  });
});
