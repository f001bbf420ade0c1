import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../src/calendar/index.js';
import { UsageError } from '../../../src/core/errors.js';
import type { ClockEvent } from '../../../src/ports/clock.js';
import { SimulationClock } from '../../../src/sim/simulation-clock.js';

const xnys = getCalendar('XNYS');
const at = (iso: string) => Date.parse(iso);
const idx = (day: string) => xnys.sessionIndex(day);

/** Copies each (reused) event so the whole sequence can be inspected. */
function collect(clock: SimulationClock): ClockEvent[] {
  const out: ClockEvent[] = [];
  for (const e of clock.events() as Iterable<ClockEvent>) out.push({ kind: e.kind, dt: e.dt, session: e.session, sessionIndex: e.sessionIndex });
  return out;
}

describe('SimulationClock', () => {
  it('daily mode: before-trading-start at open − 45 min, session-start at the open, one bar and session-end at the close', () => {
    // 2024-01-02 and 2024-01-03 are regular XNYS sessions; New York is on EST (UTC−5): 9:30–16:00 = 14:30–21:00Z.
    const clock = new SimulationClock({ calendar: xnys, startIndex: idx('2024-01-02'), endIndex: idx('2024-01-03'), frequency: 'daily' });
    const events = collect(clock).map((e) => [e.kind, new Date(e.dt).toISOString(), e.session, e.sessionIndex]);
    const i = idx('2024-01-02');
    expect(events).toEqual([
      ['before-trading-start', '2024-01-02T13:45:00.000Z', '2024-01-02', i],
      ['session-start', '2024-01-02T14:30:00.000Z', '2024-01-02', i],
      ['bar', '2024-01-02T21:00:00.000Z', '2024-01-02', i],
      ['session-end', '2024-01-02T21:00:00.000Z', '2024-01-02', i],
      ['before-trading-start', '2024-01-03T13:45:00.000Z', '2024-01-03', i + 1],
      ['session-start', '2024-01-03T14:30:00.000Z', '2024-01-03', i + 1],
      ['bar', '2024-01-03T21:00:00.000Z', '2024-01-03', i + 1],
      ['session-end', '2024-01-03T21:00:00.000Z', '2024-01-03', i + 1],
    ]);
    expect(clock.barCount()).toBe(2);
  });

  it('leaves out the kinds in omit: a daily session is then one bar and its end', () => {
    const i = idx('2024-01-02');
    const kinds = (omit: ('before-trading-start' | 'session-start')[]) => collect(new SimulationClock({ calendar: xnys, startIndex: i, endIndex: i + 1, frequency: 'daily', omit }))
      .map((e) => [e.kind, new Date(e.dt).toISOString(), e.sessionIndex]);
    expect(kinds(['session-start', 'before-trading-start'])).toEqual([
      ['bar', '2024-01-02T21:00:00.000Z', i], ['session-end', '2024-01-02T21:00:00.000Z', i],
      ['bar', '2024-01-03T21:00:00.000Z', i + 1], ['session-end', '2024-01-03T21:00:00.000Z', i + 1],
    ]);
    expect(kinds(['session-start']).filter(([k]) => k === 'before-trading-start')).toEqual([
      ['before-trading-start', '2024-01-02T13:45:00.000Z', i], ['before-trading-start', '2024-01-03T13:45:00.000Z', i + 1],
    ]);
    const minute = collect(new SimulationClock({ calendar: xnys, startIndex: i, endIndex: i, frequency: 'minute', omit: ['session-start', 'before-trading-start'] }));
    expect(minute).toHaveLength(390 + 1);
    expect(minute[0]!.kind).toBe('bar');
  });

  it('minute mode, regular day: 390 bars, each at the end of its minute', () => {
    const clock = new SimulationClock({ calendar: xnys, startIndex: idx('2024-01-03'), endIndex: idx('2024-01-03'), frequency: 'minute' });
    const events = collect(clock);
    expect(events).toHaveLength(1 + 1 + 390 + 1);
    expect(events.slice(0, 2).map((e) => e.kind)).toEqual(['before-trading-start', 'session-start']);
    const bars = events.filter((e) => e.kind === 'bar');
    expect(bars).toHaveLength(390);
    expect(bars[0]!.dt).toBe(at('2024-01-03T14:31:00Z')); // the 9:30 minute completes at 9:31
    expect(bars[389]!.dt).toBe(at('2024-01-03T21:00:00Z'));
    for (let k = 1; k < bars.length; k++) expect(bars[k]!.dt - bars[k - 1]!.dt).toBe(60_000);
    expect(events.at(-1)).toEqual({ kind: 'session-end', dt: at('2024-01-03T21:00:00Z'), session: '2024-01-03', sessionIndex: idx('2024-01-03') });
    expect(clock.barCount()).toBe(390);
  });

  it('minute mode, early close (day after Thanksgiving 2023, 13:00 ET): 210 bars and the session ends at 18:00Z', () => {
    const i = idx('2023-11-24');
    expect(xnys.isEarlyClose(i)).toBe(true);
    const events = collect(new SimulationClock({ calendar: xnys, startIndex: i, endIndex: i, frequency: 'minute' }));
    const bars = events.filter((e) => e.kind === 'bar');
    expect(bars).toHaveLength(210); // 9:30 → 13:00 = 3.5 h
    expect(events[0]!.dt).toBe(at('2023-11-24T13:45:00Z'));
    expect(bars[0]!.dt).toBe(at('2023-11-24T14:31:00Z'));
    expect(bars[209]!.dt).toBe(at('2023-11-24T18:00:00Z'));
    expect(events.at(-1)!.kind).toBe('session-end');
    expect(events.at(-1)!.dt).toBe(at('2023-11-24T18:00:00Z'));
  });

  it('uses minuteTimes when given (minutes that come from the data), including a session without any', () => {
    const i = idx('2024-01-03');
    const open = xnys.opens[i]!;
    const minuteTimes = (s: number) => (s === i ? Float64Array.of(open, open + 5 * 60_000) : new Float64Array(0));
    const events = collect(new SimulationClock({ calendar: xnys, startIndex: i, endIndex: i + 1, frequency: 'minute', minuteTimes }));
    expect(events.map((e) => `${e.kind}@${e.session}`)).toEqual([
      'before-trading-start@2024-01-03', 'session-start@2024-01-03', 'bar@2024-01-03', 'bar@2024-01-03', 'session-end@2024-01-03',
      'before-trading-start@2024-01-04', 'session-start@2024-01-04', 'session-end@2024-01-04',
    ]);
    expect(events[3]!.dt).toBe(open + 6 * 60_000);
  });

  it('hands out one reused event object and stop() ends the iteration after the current event', () => {
    const clock = new SimulationClock({ calendar: xnys, startIndex: idx('2024-01-02'), endIndex: idx('2024-01-12'), frequency: 'daily' });
    const seen: ClockEvent[] = [];
    const kinds: string[] = [];
    for (const e of clock.events() as Iterable<ClockEvent>) {
      seen.push(e);
      kinds.push(e.kind);
      if (e.kind === 'bar') clock.stop();
    }
    expect(kinds).toEqual(['before-trading-start', 'session-start', 'bar']);
    expect(seen[0]).toBe(seen[2]);
  });

  it('rejects a session range outside the calendar', () => {
    expect(() => new SimulationClock({ calendar: xnys, startIndex: 5, endIndex: 4, frequency: 'daily' })).toThrow(UsageError);
    expect(() => new SimulationClock({ calendar: xnys, startIndex: 0, endIndex: xnys.sessions.length, frequency: 'daily' })).toThrow(UsageError);
  });
});

describe('SimulationClock on a 24-hour calendar', () => {
  it('keeps every event on its session\'s date: before-trading-start at the open, the bar and the end at 23:59:59.999', () => {
    const cal = getCalendar('ALWAYS_OPEN');
    const i = cal.sessionIndex('2024-03-01');
    const events = collect(new SimulationClock({ calendar: cal, startIndex: i, endIndex: i + 1, frequency: 'daily' }));
    expect(events.map((e) => [e.kind, new Date(e.dt).toISOString()])).toEqual([
      ['before-trading-start', '2024-03-01T00:00:00.000Z'], // open − 45 min would be on 2024-02-29
      ['session-start', '2024-03-01T00:00:00.000Z'],
      ['bar', '2024-03-01T23:59:59.999Z'],
      ['session-end', '2024-03-01T23:59:59.999Z'],
      ['before-trading-start', '2024-03-02T00:00:00.000Z'],
      ['session-start', '2024-03-02T00:00:00.000Z'],
      ['bar', '2024-03-02T23:59:59.999Z'],
      ['session-end', '2024-03-02T23:59:59.999Z'],
    ]);
  });
});
