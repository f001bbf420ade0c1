import type { TradingCalendar } from '../../ports/calendar.js';
import { DAY_MS } from '../../core/time.js';
import { minuteBarEnd } from '../../calendar/session-instants.js';
import { lowerBound } from '../../core/numeric.js';

/** Opening instants of the minute bars of session `i`. */
export type MinuteTimes = (sessionIndex: number) => Float64Array;

/**
 * The time slots of a run of sessions `firstSession … lastSession`: one slot per session (daily)
 * or per session minute (minute). Every bar loaded into memory sits in the slot of its time;
 * a slot without a bar holds NaN.
 */
export interface SlotGrid {
  readonly firstSession: number;
  readonly lastSession: number;
  /** Number of slots. */
  readonly size: number;
  /** First slot of session `firstSession + j` at `[j]`; `[sessions]` = `size`. */
  readonly sessionStart: Int32Array;
  /** Calendar index of the session of each slot. */
  readonly slotSession: Int32Array;
  /** `ts` of the bar that belongs in each slot (`Bar.ts` convention: session day or minute open). */
  readonly slotTs: Float64Array;
  /** Instant each slot's bar is complete and becomes visible (session close; minute open + 1 min, at most the close). */
  readonly slotDone: Float64Array;
}

function build(firstSession: number, lastSession: number, counts: Int32Array, fill: (j: number, at: number, ts: Float64Array, done: Float64Array) => void): SlotGrid {
  const sessions = lastSession - firstSession + 1;
  const sessionStart = new Int32Array(sessions + 1);
  for (let j = 0; j < sessions; j++) sessionStart[j + 1] = sessionStart[j]! + counts[j]!;
  const size = sessionStart[sessions]!;
  const slotSession = new Int32Array(size), slotTs = new Float64Array(size), slotDone = new Float64Array(size);
  for (let j = 0; j < sessions; j++) {
    slotSession.fill(firstSession + j, sessionStart[j], sessionStart[j + 1]);
    fill(j, sessionStart[j]!, slotTs, slotDone);
  }
  return { firstSession, lastSession, size, sessionStart, slotSession, slotTs, slotDone };
}

/** One slot per session, visible at the session close. */
export function dailyGrid(calendar: TradingCalendar, firstSession: number, lastSession: number): SlotGrid {
  const size = lastSession - firstSession + 1;
  const sessionStart = new Int32Array(size + 1), slotSession = new Int32Array(size);
  for (let j = 0; j < size; j++) {
    sessionStart[j] = j;
    slotSession[j] = firstSession + j;
  }
  sessionStart[size] = size;
  // A session's bar is stamped with its day at UTC midnight: in a UTC calendar, its day start.
  let slotTs: Float64Array;
  if (calendar.tz === 'UTC') slotTs = calendar.dayStarts.slice(firstSession, lastSession + 1);
  else {
    slotTs = new Float64Array(size);
    const days = calendar.sessionDays;
    for (let j = 0; j < size; j++) slotTs[j] = days[firstSession + j]! * DAY_MS;
  }
  const slotDone = calendar.closes.slice(firstSession, lastSession + 1);
  return { firstSession, lastSession, size, sessionStart, slotSession, slotTs, slotDone };
}

/** One slot per minute of each session, visible when the minute has completed (`minuteBarEnd`). */
export function minuteGrid(calendar: TradingCalendar, minuteTimes: MinuteTimes, firstSession: number, lastSession: number): SlotGrid {
  const times: Float64Array[] = [];
  const counts = new Int32Array(lastSession - firstSession + 1);
  for (let s = firstSession; s <= lastSession; s++) {
    const t = minuteTimes(s);
    times.push(t);
    counts[s - firstSession] = t.length;
  }
  return build(firstSession, lastSession, counts, (j, at, ts, done) => {
    const t = times[j]!;
    ts.set(t, at);
    const s = firstSession + j;
    for (let k = 0; k < t.length; k++) done[at + k] = minuteBarEnd(calendar, s, t[k]!);
  });
}

/** Index of the last slot whose bar is visible at `dt` (−1 when none is). */
export function lastVisibleSlot(grid: SlotGrid, dt: number): number {
  return lowerBound(grid.slotDone, dt, true, 0, grid.size) - 1;
}
