import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../src/calendar/index.js';
import { xnysEarlyCloses, xnysHolidays } from '../../../src/calendar/xnys.js';
import { easterSunday, ymd } from '../../../src/calendar/holiday-rules.js';
import { dayString } from '../../../src/core/time.js';

const cal = getCalendar('XNYS');
const closed = (day: string) => expect(cal.isSession(day), `${day} should be closed`).toBe(false);
const open = (day: string) => expect(cal.isSession(day), `${day} should be a session`).toBe(true);
const utc = (iso: string) => Date.parse(iso);
const sessionsIn = (year: number) => cal.sessions.filter((s) => s.startsWith(`${year}-`)).length;

describe('XNYS holidays by rule', () => {
  it('New Year: Sunday moves to Monday, Saturday is not observed', () => {
    closed('2024-01-01');
    closed('2023-01-02'); // 2023-01-01 was a Sunday
    open('2021-12-31'); // 2022-01-01 was a Saturday: Friday before trades
    open('2022-01-03');
  });
  it('MLK day from 1998 only', () => {
    open('1997-01-20'); // 3rd Monday of January 1997
    closed('1998-01-19');
    closed('2024-01-15');
  });
  it("Presidents' Day, Good Friday, Memorial Day, Labor Day, Thanksgiving", () => {
    closed('2024-02-19');
    closed('2024-03-29'); // Easter 2024-03-31
    closed('2023-04-07');
    closed('2024-05-27'); // last Monday of May
    closed('2021-05-31');
    closed('2024-09-02');
    closed('2024-11-28'); // 4th Thursday
    open('2024-11-21');
  });
  it('Juneteenth from 2022 with weekend observance', () => {
    open('2021-06-18');
    closed('2022-06-20'); // Jun 19 2022 was a Sunday
    closed('2023-06-19');
    closed('2027-06-18'); // Jun 19 2027 is a Saturday
  });
  it('Independence Day and Christmas move Saturday → Friday, Sunday → Monday', () => {
    closed('2020-07-03'); // Jul 4 2020 Saturday
    closed('2021-07-05'); // Jul 4 2021 Sunday
    closed('2024-07-04');
    closed('2021-12-24'); // Dec 25 2021 Saturday
    closed('2022-12-26'); // Dec 25 2022 Sunday
    closed('2024-12-25');
  });
  it('weekends are never sessions', () => {
    closed('2024-03-09');
    closed('2024-03-10');
  });
  it('special closures', () => {
    for (const d of ['2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14', '2012-10-29', '2012-10-30',
      '1994-04-27', '2004-06-11', '2007-01-02', '2018-12-05', '2025-01-09']) closed(d);
    open('2001-09-10');
    open('2001-09-17');
    open('2012-10-31');
  });
  it('Easter computus matches known Easter Sundays', () => {
    expect(dayString(easterSunday(2024))).toBe('2024-03-31');
    expect(dayString(easterSunday(2019))).toBe('2019-04-21');
    expect(dayString(easterSunday(2000))).toBe('2000-04-23');
    expect(dayString(easterSunday(2038))).toBe('2038-04-25');
  });
  it('every rule-generated holiday is a weekday that is not a session', () => {
    for (let y = 1990; y <= 2035; y++) {
      for (const d of xnysHolidays(y)) {
        const wd = new Date(d * 86_400_000).getUTCDay();
        expect(wd >= 1 && wd <= 5).toBe(true);
        closed(dayString(d));
      }
    }
  });
});

describe('XNYS session counts', () => {
  // Weekdays minus weekday holidays, counted by hand:
  // 2022: 260 weekdays − 9 (Jan 1 on Saturday not observed; MLK, Presidents, Good Friday, Memorial,
  //       Juneteenth obs. Jun 20, Jul 4, Labor, Thanksgiving, Christmas obs. Dec 26) = 251
  // 2023: 260 weekdays − 10 (New Year obs. Jan 2 + the nine others) = 250
  // 2024: 262 weekdays (leap year starting Monday) − 10 = 252
  // 2020: 262 weekdays (leap year starting Wednesday) − 9 (Jul 4 on Saturday → Jul 3) = 253
  // 2012: 261 weekdays − 9 = 252, less Hurricane Sandy's two days = 250
  it('matches the NYSE trading-day counts', () => {
    expect(sessionsIn(2022)).toBe(251);
    expect(sessionsIn(2023)).toBe(250);
    expect(sessionsIn(2024)).toBe(252);
    expect(sessionsIn(2020)).toBe(253);
    expect(sessionsIn(2012)).toBe(250);
  });
  it('covers 1990-01-02 … 2035-12-31', () => {
    expect(cal.sessions[0]).toBe('1990-01-02');
    expect(cal.sessions.at(-1)).toBe('2035-12-31');
    expect(cal.sessionDays.length).toBe(cal.sessions.length);
  });
});

describe('XNYS hours', () => {
  it('DST-correct opens: 14:30Z before the March change, 13:30Z after', () => {
    expect(cal.opens[cal.sessionIndex('2024-03-08')]).toBe(utc('2024-03-08T14:30:00Z'));
    expect(cal.opens[cal.sessionIndex('2024-03-11')]).toBe(utc('2024-03-11T13:30:00Z'));
    expect(cal.closes[cal.sessionIndex('2024-11-01')]).toBe(utc('2024-11-01T20:00:00Z'));
    expect(cal.closes[cal.sessionIndex('2024-11-04')]).toBe(utc('2024-11-04T21:00:00Z'));
  });
  it('13:00 early closes', () => {
    for (const [day, close] of [
      ['2024-07-03', '2024-07-03T17:00:00Z'], // EDT: 13:00 = 17:00Z
      ['2024-11-29', '2024-11-29T18:00:00Z'], // EST: 13:00 = 18:00Z
      ['2024-12-24', '2024-12-24T18:00:00Z'],
      ['2013-07-03', '2013-07-03T17:00:00Z'], // Wednesday before Jul 4, since 2013
      ['2002-07-05', '2002-07-05T17:00:00Z'], // Friday after a Thursday Jul 4, before 2013
      ['1999-12-31', '1999-12-31T18:00:00Z'],
    ] as const) {
      const i = cal.sessionIndex(day);
      expect(cal.isEarlyClose(i), day).toBe(true);
      expect(cal.closes[i], day).toBe(utc(close));
      expect(cal.minutesInSession(i)).toBe(210);
    }
  });
  it('no early close where the rules give none', () => {
    for (const day of ['2019-07-05', '2021-12-23', '2008-12-26', '2025-07-02']) {
      expect(cal.isEarlyClose(cal.sessionIndex(day)), day).toBe(false);
    }
    expect(cal.isSession('2021-12-24')).toBe(false); // closed outright, not early
    expect(xnysEarlyCloses(2024).has(ymd(2024, 7, 5))).toBe(false);
  });
  it('14:00 early closes before 1993', () => {
    const i = cal.sessionIndex('1992-12-24');
    expect(cal.closes[i]).toBe(utc('1992-12-24T19:00:00Z'));
    expect(cal.minutesInSession(i)).toBe(270);
  });
  it('minutes of a session and the session of a minute', () => {
    const i = cal.sessionIndex('2024-03-11');
    const mins = cal.sessionMinutes(i);
    expect(mins.length).toBe(390);
    expect(mins[0]).toBe(utc('2024-03-11T13:30:00Z'));
    expect(mins[389]).toBe(utc('2024-03-11T19:59:00Z'));
    expect(cal.sessionOfMinute(utc('2024-03-11T13:30:00Z'))).toBe(i);
    expect(cal.sessionOfMinute(utc('2024-03-11T19:59:59Z'))).toBe(i);
    expect(cal.sessionOfMinute(utc('2024-03-11T20:00:00Z'))).toBe(-1);
    expect(cal.sessionOfMinute(utc('2024-03-11T13:29:00Z'))).toBe(-1);
    expect(cal.sessionMinutes(cal.sessionIndex('2024-11-29')).length).toBe(210);
  });
  it('session lookups around non-sessions', () => {
    const fri = cal.sessionIndex('2024-03-28');
    expect(cal.sessionIndex('2024-03-29')).toBe(-1);
    expect(cal.sessionOnOrBefore('2024-03-31')).toBe(fri);
    expect(cal.sessionOnOrAfter('2024-03-29')).toBe(fri + 1);
    expect(cal.sessions[fri + 1]).toBe('2024-04-01');
    expect(cal.sessionOnOrBefore('1980-01-01')).toBe(-1);
    expect(cal.sessionOnOrAfter('2040-01-01')).toBe(cal.sessions.length);
    expect(cal.sessionIndex('not a date')).toBe(-1);
    expect(() => cal.sessionOnOrAfter('2024-13-01')).toThrow(/invalid date/);
  });
  it('is built once and shared', () => {
    expect(getCalendar('XNYS')).toBe(cal);
  });
});
