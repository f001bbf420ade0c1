import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../src/calendar/index.js';
import type { TradingCalendar } from '../../../src/ports/calendar.js';
import type { ClockEvent } from '../../../src/ports/clock.js';
import { SimulationClock } from '../../../src/sim/simulation-clock.js';
import { localDay } from '../../../src/core/time.js';

const utc = (iso: string) => Date.parse(iso);

/** Kind and ISO time of each event (the clock reuses one event object, so it is read as it comes). */
function stamps(clock: SimulationClock): string[][] {
  const out: string[][] = [];
  for (const e of clock.events() as Iterable<ClockEvent>) out.push([e.kind, new Date(e.dt).toISOString()]);
  return out;
}

/** Every day of 2024-03-01 … 2024-04-05 but the weekends: a DST change in each zone below, and gaps. */
function weekdays(): string[] {
  const out: string[] = [];
  for (let d = utc('2024-03-01T00:00:00Z'); d <= utc('2024-04-05T00:00:00Z'); d += 86_400_000) {
    const wd = new Date(d).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(new Date(d).toISOString().slice(0, 10));
  }
  return out;
}

const CALENDARS: [string, TradingCalendar][] = [
  ['XNYS', getCalendar('XNYS')],
  ['ALWAYS_OPEN', getCalendar('ALWAYS_OPEN')],
  ['data (UTC)', getCalendar('data', { sessions: weekdays() })],
  ['data (America/Los_Angeles)', getCalendar('data', { sessions: weekdays(), tz: 'America/Los_Angeles' })],
  ['data (Asia/Tokyo)', getCalendar('data', { sessions: weekdays(), tz: 'Asia/Tokyo' })],
  ['data (Europe/London)', getCalendar('data', { sessions: weekdays(), tz: 'Europe/London' })],
];

function range(cal: TradingCalendar): [number, number] {
  return [cal.sessionOnOrAfter('2024-03-01'), cal.sessionOnOrBefore('2024-04-05')];
}

describe('every instant of a session lies inside it, on its date, on every calendar and in every zone', () => {
  for (const [name, cal] of CALENDARS) {
    it(`${name}: day start ≤ open < close < next day start, all on the session's local date`, () => {
      const [first, last] = range(cal);
      for (let i = first; i <= last; i++) {
        const day = cal.sessions[i]!;
        expect(cal.dayStarts[i]!).toBeLessThanOrEqual(cal.opens[i]!);
        expect(cal.opens[i]!).toBeLessThan(cal.closes[i]!);
        expect(cal.closes[i]!).toBeLessThan(cal.dayStarts[i + 1] ?? Infinity);
        for (const at of [cal.dayStarts[i]!, cal.opens[i]!, cal.closes[i]!]) {
          expect(localDay(cal.tz, at), `${day} ${new Date(at).toISOString()}`).toBe(day);
          expect(cal.sessionOfInstant(at)).toBe(i);
        }
        // the instant before the day starts belongs to no session or to the one before
        expect(cal.sessionOfInstant(cal.dayStarts[i]! - 1)).toBeLessThan(i);
      }
    });

    for (const frequency of ['daily', 'minute'] as const) {
      it(`${name}, ${frequency}: every clock event is stamped on its session's date, and time never goes back`, () => {
        const [first] = range(cal);
        const clock = new SimulationClock({ calendar: cal, startIndex: first, endIndex: first + 9, frequency });
        let last = -Infinity, bars = 0;
        for (const e of clock.events() as Iterable<ClockEvent>) {
          expect(localDay(cal.tz, e.dt), `${e.kind} ${new Date(e.dt).toISOString()}`).toBe(e.session);
          expect(cal.sessionOfInstant(e.dt)).toBe(e.sessionIndex);
          expect(e.dt).toBeGreaterThanOrEqual(last);
          if (e.kind === 'bar') bars++;
          if (e.kind === 'session-end') expect(e.dt).toBe(cal.closes[e.sessionIndex]);
          last = e.dt;
        }
        expect(bars).toBe(clock.barCount());
      });
    }
  }

  it('ALWAYS_OPEN: the daily bar and the last minute bar of 2006-01-09 are stamped 2006-01-09T23:59:59.999Z', () => {
    const cal = getCalendar('ALWAYS_OPEN');
    const i = cal.sessionIndex('2006-01-09');
    expect(cal.closes[i]).toBe(utc('2006-01-09T23:59:59.999Z'));
    expect(cal.minutesInSession(i)).toBe(1440);
    const daily = stamps(new SimulationClock({ calendar: cal, startIndex: i, endIndex: i, frequency: 'daily' }));
    expect(daily).toEqual([
      ['before-trading-start', '2006-01-09T00:00:00.000Z'],
      ['session-start', '2006-01-09T00:00:00.000Z'],
      ['bar', '2006-01-09T23:59:59.999Z'],
      ['session-end', '2006-01-09T23:59:59.999Z'],
    ]);
    const minuteBars: number[] = [];
    for (const e of new SimulationClock({ calendar: cal, startIndex: i, endIndex: i, frequency: 'minute' }).events() as Iterable<ClockEvent>) {
      if (e.kind === 'bar') minuteBars.push(e.dt);
    }
    expect(minuteBars).toHaveLength(1440);
    expect(new Date(minuteBars[0]!).toISOString()).toBe('2006-01-09T00:01:00.000Z');
    expect(new Date(minuteBars[1438]!).toISOString()).toBe('2006-01-09T23:59:00.000Z');
    expect(new Date(minuteBars[1439]!).toISOString()).toBe('2006-01-09T23:59:59.999Z');
  });

  it('a data calendar after a weekend starts before-trading-start at its own midnight, not on the Sunday', () => {
    const cal = getCalendar('data', { sessions: ['2006-01-06', '2006-01-09'] });
    const events = stamps(new SimulationClock({ calendar: cal, startIndex: 1, endIndex: 1, frequency: 'daily' }));
    expect(events[0]).toEqual(['before-trading-start', '2006-01-09T00:00:00.000Z']);
  });
});
