import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../src/calendar/index.js';
import { MINUTE_MS, isoUtc } from '../../../src/core/time.js';
import type { ClockEvent } from '../../../src/ports/clock.js';
import { RealtimeClock } from '../../../src/live/realtime-clock.js';
import { sessionAfter } from '../../../src/calendar/session-instants.js';
import { ManualTime, settle } from './manual-time.js';

const xnys = getCalendar('XNYS');
// 2024-10-01 (Tue) is a regular session: 09:30–16:00 EDT = 13:30–20:00 UTC.
const OPEN = Date.parse('2024-10-01T13:30:00Z');
const CLOSE = Date.parse('2024-10-01T20:00:00Z');

function collect(clock: RealtimeClock): { events: ClockEvent[]; done: Promise<void> } {
  const events: ClockEvent[] = [];
  const done = (async () => {
    for await (const e of clock.events()) events.push({ ...e });
  })();
  return { events, done };
}

const brief = (e: ClockEvent) => `${e.kind}@${isoUtc(e.dt).slice(11, 16)}`;

describe('RealtimeClock', () => {
  it('a minute settled by a later bar but lacking one of its own is reported stale', async () => {
    const time = new ManualTime(OPEN);
    const stale: string[] = [];
    const clock = new RealtimeClock({
      calendar: xnys, frequency: 'minute', time, barsIn: (m) => m <= OPEN + MINUTE_MS, barMissing: (m) => m === OPEN, barGraceMs: 5_000, maxSessions: 1,
      onStale: (m) => stale.push(isoUtc(m).slice(11, 16)),
    });
    const { events, done } = collect(clock);
    await time.set(OPEN + 2 * MINUTE_MS);
    expect(events.filter((e) => e.kind === 'bar').map(brief)).toEqual(['bar@13:31', 'bar@13:32']);
    expect(stale).toEqual(['13:30']);
    clock.stop();
    await done;
  });

  it('with a wall grace, a bar arriving after the source-time grace is still awaited', async () => {
    const time = new ManualTime(OPEN);
    const arrived = new Set<number>();
    const stale: string[] = [];
    const clock = new RealtimeClock({
      calendar: xnys, frequency: 'minute', time, barsIn: (m) => arrived.has(m), barGraceMs: 5_000, barGraceWallMs: 60_000, maxSessions: 1,
      onStale: (m) => stale.push(isoUtc(m).slice(11, 16)),
    });
    const { events, done } = collect(clock);
    await time.set(OPEN + MINUTE_MS + 30_000); // 30 s of source time past the minute: grace over, wall grace not
    expect(events.filter((e) => e.kind === 'bar')).toEqual([]);
    arrived.add(OPEN);
    clock.notify();
    await settle();
    expect(events.filter((e) => e.kind === 'bar').map(brief)).toEqual(['bar@13:31']);
    expect(stale).toEqual([]);
    clock.stop();
    await done;
  });

  it('reports each minute handed out before its bars were in (stale), and only those', async () => {
    const time = new ManualTime(OPEN);
    const arrived = new Set<number>([OPEN, OPEN + 2 * MINUTE_MS]);
    const stale: string[] = [];
    const clock = new RealtimeClock({
      calendar: xnys, frequency: 'minute', time, barsIn: (m) => arrived.has(m), barGraceMs: 5_000, maxSessions: 1,
      onStale: (m) => stale.push(isoUtc(m).slice(11, 16)),
    });
    const { events, done } = collect(clock);
    await time.set(OPEN + MINUTE_MS); // 13:30 bars in at once
    await time.set(OPEN + 2 * MINUTE_MS + 5_000); // 13:31 never arrives: emitted after the grace, stale
    await time.set(OPEN + 3 * MINUTE_MS); // 13:32 in
    expect(events.filter((e) => e.kind === 'bar').map(brief)).toEqual(['bar@13:31', 'bar@13:32', 'bar@13:33']);
    expect(stale).toEqual(['13:31']);
    clock.stop();
    await done;
  });

  it('finds the session whose close is next', () => {
    const i = sessionAfter(xnys, OPEN + 1);
    expect(xnys.sessions[i]).toBe('2024-10-01');
    expect(xnys.sessions[sessionAfter(xnys, CLOSE)]).toBe('2024-10-02');
  });

  it('minute mode: emits a bar per minute when its bars are in, else after the grace', async () => {
    const time = new ManualTime(OPEN - 60 * MINUTE_MS);
    const arrived = new Set<number>();
    const clock = new RealtimeClock({ calendar: xnys, frequency: 'minute', time, barsIn: (m) => arrived.has(m), barGraceMs: 5_000, maxSessions: 1 });
    const { events, done } = collect(clock);
    await settle();
    expect(events).toEqual([]);
    await time.set(OPEN - 45 * MINUTE_MS);
    expect(events.map(brief)).toEqual(['before-trading-start@12:45']);
    await time.set(OPEN);
    expect(events.map(brief).at(-1)).toBe('session-start@13:30');
    // the 13:30 bars arrive just after 13:31: the bar event fires at once, stamped 13:31
    await time.set(OPEN + MINUTE_MS + 200);
    expect(events).toHaveLength(2);
    arrived.add(OPEN);
    clock.notify();
    await settle();
    expect(events.map(brief).at(-1)).toBe('bar@13:31');
    // no bar for 13:31: the event still fires once the grace has passed (scheduled functions run)
    await time.set(OPEN + 2 * MINUTE_MS + 4_000);
    expect(events).toHaveLength(3);
    await time.set(OPEN + 2 * MINUTE_MS + 5_000);
    expect(events.map(brief).at(-1)).toBe('bar@13:32');
    // jumping to after the close emits every remaining minute in order, then the session end
    await time.set(CLOSE + 10_000);
    await done;
    const bars = events.filter((e) => e.kind === 'bar');
    expect(bars).toHaveLength(390);
    expect(bars.every((e, k) => e.dt === OPEN + (k + 1) * MINUTE_MS)).toBe(true);
    expect(events.at(-1)).toMatchObject({ kind: 'session-end', dt: CLOSE, session: '2024-10-01' });
  });

  it('started mid-session: no replay of past minutes, times never go backwards', async () => {
    const start = OPEN + 90 * MINUTE_MS + 30_000; // 15:00:30 UTC
    const time = new ManualTime(start);
    const clock = new RealtimeClock({ calendar: xnys, frequency: 'minute', time, barGraceMs: 1_000, maxSessions: 1 });
    const { events, done } = collect(clock);
    await settle();
    expect(events.map((e) => [e.kind, e.dt])).toEqual([['before-trading-start', start], ['session-start', start]]);
    await time.set(CLOSE);
    await time.set(CLOSE + 1_000);
    await done;
    const bars = events.filter((e) => e.kind === 'bar');
    // first bar: the minute 15:00–15:01 ends at 15:01; last at 20:00; 299 minutes in between inclusive
    expect(bars[0]!.dt).toBe(OPEN + 91 * MINUTE_MS);
    expect(bars).toHaveLength(390 - 90);
    for (let k = 1; k < events.length; k++) expect(events[k]!.dt).toBeGreaterThanOrEqual(events[k - 1]!.dt);
  });

  it('daily mode: one bar at the close by default, or a lead before it; prepares before each wait', async () => {
    const time = new ManualTime(OPEN - 2 * 3_600_000);
    const prepared: number[] = [];
    const clock = new RealtimeClock({
      calendar: xnys, frequency: 'daily', time, dailyLeadMs: 5 * MINUTE_MS, maxSessions: 2, barGraceMs: 0,
      prepare: async (dt) => { prepared.push(dt); },
    });
    const { events, done } = collect(clock);
    await settle();
    expect(prepared).toEqual([OPEN - 45 * MINUTE_MS]);
    for (let t = OPEN - 3_600_000; t <= CLOSE + 86_400_000; t += 15 * MINUTE_MS) await time.set(t);
    await done;
    // before-trading-start, session-start, the bar, session-end of each session
    expect(prepared).toHaveLength(8);
    expect(events.map((e) => `${e.session} ${brief(e)}`)).toEqual([
      '2024-10-01 before-trading-start@12:45', '2024-10-01 session-start@13:30', '2024-10-01 bar@19:55', '2024-10-01 session-end@20:00',
      '2024-10-02 before-trading-start@12:45', '2024-10-02 session-start@13:30', '2024-10-02 bar@19:55', '2024-10-02 session-end@20:00',
    ]);
  });

  it('stop() ends the iteration during a wait', async () => {
    const time = new ManualTime(OPEN + 10_000);
    const clock = new RealtimeClock({ calendar: xnys, frequency: 'minute', time });
    const { events, done } = collect(clock);
    await settle();
    clock.stop();
    await done;
    expect(events.map((e) => e.kind)).toEqual(['before-trading-start', 'session-start']);
    expect(clock.isStopped).toBe(true);
  });
});
