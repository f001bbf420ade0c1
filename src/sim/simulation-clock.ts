import type { Frequency } from '../model/bar.js';
import type { TradingCalendar } from '../ports/calendar.js';
import type { Clock, ClockEvent, ClockEventKind } from '../ports/clock.js';
import { UsageError } from '../core/errors.js';
import { dayString } from '../core/time.js';
import { beforeTradingStart, minuteBarEnd } from '../calendar/session-instants.js';

/** Options of `SimulationClock`. */
export interface SimulationClockOptions {
  readonly calendar: TradingCalendar;
  /** First session of the run (index into `calendar.sessions`). */
  readonly startIndex: number;
  /** Last session of the run, inclusive. */
  readonly endIndex: number;
  readonly frequency: Frequency;
  /**
   * Opening instants of the minute bars of a session, when they come from the data (minute
   * bundles on the `data` calendar). Default: `calendar.sessionMinutes(i)`.
   */
  readonly minuteTimes?: (sessionIndex: number) => Float64Array;
  /**
   * Per-session events the consumer has no use for, left out of the iteration (a strategy
   * without `beforeTradingStart` needs no `before-trading-start`). `bar` and `session-end` are
   * always yielded.
   */
  readonly omit?: readonly ('before-trading-start' | 'session-start')[];
}

/**
 * The one event object an iterator hands out, overwritten on every step. The session label is
 * formatted on first read per session, so a loop that never reads it pays nothing for it.
 */
class ReusedClockEvent implements ClockEvent {
  kind: ClockEventKind = 'before-trading-start';
  dt = 0;
  sessionIndex = -1;
  private labelIndex = -1;
  private label = '';

  constructor(private readonly days: Int32Array) {}

  get session(): string {
    if (this.labelIndex !== this.sessionIndex) {
      this.label = dayString(this.days[this.sessionIndex]!);
      this.labelIndex = this.sessionIndex;
    }
    return this.label;
  }
}

/** Where an iterator is within a session. */
const BEFORE_TRADING_START = 0, SESSION_START = 1, BARS = 2;

/**
 * The backtest clock: walks the calendar's sessions from `startIndex` to `endIndex` and yields,
 * per session, `before-trading-start` (open − 45 min, but never before the session's date begins:
 * at the open on sessions that open at midnight), `session-start` (open), the `bar` events
 * (daily: one at the close; minute: one as each minute completes, i.e. minute open + 1 min, the
 * last one at the close) and `session-end` (close), less the kinds in `omit`. Every event lies
 * inside its session, on its date (`calendar/session-instants.ts`).
 *
 * Iteration allocates nothing per event: the iterator reuses ONE event object, so a consumer
 * must read its fields before asking for the next event and must not keep a reference to it
 * (copy it field by field: `session` is a getter, which object spread does not copy).
 */
export class SimulationClock implements Clock {
  private readonly calendar: TradingCalendar;
  private readonly startIndex: number;
  private readonly endIndex: number;
  private readonly minute: boolean;
  private readonly minuteTimes: (sessionIndex: number) => Float64Array;
  private readonly withBeforeTradingStart: boolean;
  private readonly withSessionStart: boolean;
  private stopped = false;

  constructor(options: SimulationClockOptions) {
    const { calendar, startIndex, endIndex } = options;
    const n = calendar.sessionDays.length;
    if (!Number.isInteger(startIndex) || !Number.isInteger(endIndex) || startIndex < 0 || endIndex >= n || startIndex > endIndex) {
      throw new UsageError(`invalid session range ${startIndex}..${endIndex} for calendar ${calendar.name} (${n} sessions); pick start and end dates inside the calendar`);
    }
    this.calendar = calendar;
    this.startIndex = startIndex;
    this.endIndex = endIndex;
    this.minute = options.frequency === 'minute';
    this.minuteTimes = options.minuteTimes ?? ((i) => calendar.sessionMinutes(i));
    this.withBeforeTradingStart = !options.omit?.includes('before-trading-start');
    this.withSessionStart = !options.omit?.includes('session-start');
  }

  /** Number of `bar` events a full iteration yields (for progress bars). */
  barCount(): number {
    if (!this.minute) return this.endIndex - this.startIndex + 1;
    let total = 0;
    for (let i = this.startIndex; i <= this.endIndex; i++) total += this.minuteTimes(i).length;
    return total;
  }

  /** A fresh pass over the run's events; see the class note on the reused event object. */
  events(): Iterable<ClockEvent> {
    return { [Symbol.iterator]: () => this.iterate() };
  }

  /** Ends every iteration after the event it is on. */
  stop(): void {
    this.stopped = true;
  }

  private iterate(): Iterator<ClockEvent> {
    const clock = this;
    const { calendar, endIndex, minute, minuteTimes, withBeforeTradingStart, withSessionStart } = this;
    const opens = calendar.opens, closes = calendar.closes;
    const event = new ReusedClockEvent(calendar.sessionDays);
    const result: IteratorResult<ClockEvent> = { done: false, value: event };
    const finished: IteratorResult<ClockEvent> = { done: true, value: undefined };
    let i = this.startIndex;
    let phase = BEFORE_TRADING_START;
    let minutes: Float64Array = new Float64Array(0);
    let k = 0;

    const emit = (kind: ClockEventKind, dt: number): IteratorResult<ClockEvent> => {
      event.kind = kind;
      event.dt = dt;
      event.sessionIndex = i;
      return result;
    };

    return {
      next(): IteratorResult<ClockEvent> {
        if (clock.stopped || i > endIndex) return finished;
        if (phase === BEFORE_TRADING_START) {
          phase = SESSION_START;
          if (withBeforeTradingStart) return emit('before-trading-start', beforeTradingStart(calendar, i));
        }
        if (phase === SESSION_START) {
          phase = BARS;
          k = 0;
          if (minute) minutes = minuteTimes(i);
          if (withSessionStart) return emit('session-start', opens[i]!);
        }
        if (minute ? k < minutes.length : k === 0) {
          const dt = minute ? minuteBarEnd(calendar, i, minutes[k]!) : closes[i]!;
          k++;
          return emit('bar', dt);
        }
        phase = BEFORE_TRADING_START;
        const r = emit('session-end', closes[i]!);
        i++;
        return r;
      },
    };
  }
}
