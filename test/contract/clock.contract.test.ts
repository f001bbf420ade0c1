import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../src/calendar/index.js';
import { MINUTE_MS } from '../../src/core/time.js';
import { RealtimeClock } from '../../src/live/realtime-clock.js';
import type { Frequency } from '../../src/model/bar.js';
import type { TradingCalendar } from '../../src/ports/calendar.js';
import type { ClockEvent } from '../../src/ports/clock.js';
import { SimulationClock } from '../../src/sim/simulation-clock.js';
import { ManualTime, settle } from '../unit/live/manual-time.js';

type Seen = [kind: ClockEvent['kind'], iso: string, session: string];
type RunClock = (calendar: TradingCalendar, first: number, last: number, frequency: Frequency) => Promise<Seen[]>;

const seen = (e: ClockEvent): Seen => [e.kind, new Date(e.dt).toISOString(), e.session];

const xnys = getCalendar('XNYS');
// 2024-11-27 (a full day), 2024-11-29 (the half day after Thanksgiving, 13:00 New York close)
const FIRST = xnys.sessionIndex('2024-11-27');
const LAST = xnys.sessionIndex('2024-11-29');

/** The events written out by hand from the calendar's opens and closes (the contract). */
function expected(frequency: Frequency): Seen[] {
  const out: Seen[] = [];
  const day = (open: string, close: string, session: string) => {
    const o = Date.parse(open), c = Date.parse(close);
    out.push(['before-trading-start', new Date(o - 45 * MINUTE_MS).toISOString(), session], ['session-start', open, session]);
    if (frequency === 'minute') for (let t = o + MINUTE_MS; t <= c; t += MINUTE_MS) out.push(['bar', new Date(t).toISOString(), session]);
    else out.push(['bar', close, session]);
    out.push(['session-end', close, session]);
  };
  day('2024-11-27T14:30:00.000Z', '2024-11-27T21:00:00.000Z', '2024-11-27');
  day('2024-11-29T14:30:00.000Z', '2024-11-29T18:00:00.000Z', '2024-11-29');
  return out;
}

/** The Clock contract: every implementation yields the same events for the same sessions. */
function clockContract(name: string, run: RunClock): void {
  describe(`Clock contract: ${name}`, () => {
    for (const frequency of ['minute', 'daily'] as const) {
      it(`${frequency}: before-trading-start, session-start, the bars and session-end of each session, at the calendar's instants`, async () => {
        const events = await run(xnys, FIRST, LAST, frequency);
        expect(events).toEqual(expected(frequency));
      });
    }
  });
}

clockContract('SimulationClock', async (calendar, first, last, frequency) =>
  Array.from(new SimulationClock({ calendar, startIndex: first, endIndex: last, frequency }).events() as Iterable<ClockEvent>, seen));

clockContract('RealtimeClock over manual time', async (calendar, first, last, frequency) => {
  const time = new ManualTime(calendar.closes[first - 1]! + MINUTE_MS);
  const clock = new RealtimeClock({ calendar, frequency, time, barGraceMs: 0, lastSession: calendar.sessions[last] });
  const out: Seen[] = [];
  const consuming = (async () => {
    for await (const e of clock.events() as AsyncIterable<ClockEvent>) out.push(seen(e));
  })();
  let done = false;
  void consuming.finally(() => { done = true; });
  // move time to each instant the clock waits for, until it has ended (bounded)
  for (let guard = 0; !done; guard++) {
    if (guard > 5_000) throw new Error('the realtime clock did not end');
    await settle();
    const due = clock.nextDue;
    if (Number.isFinite(due) && due > time.now()) await time.set(due);
    else await settle();
  }
  await consuming;
  return out;
});
