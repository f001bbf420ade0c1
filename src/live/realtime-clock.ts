import { MINUTE_MS } from '../core/time.js';
import type { Frequency } from '../model/bar.js';
import type { TradingCalendar } from '../ports/calendar.js';
import type { Clock, ClockEvent, ClockEventKind } from '../ports/clock.js';
import { beforeTradingStart, minuteBarEnd, sessionAfter } from '../calendar/session-instants.js';
import { wallSleep, type TimeSource } from './time-source.js';

/** Options of `RealtimeClock`. */
export interface RealtimeClockOptions {
  readonly calendar: TradingCalendar;
  readonly frequency: Frequency;
  readonly time: TimeSource;
  /**
   * True when the bars of the minute opening at `minuteTs` are all in (every watched asset has
   * a bar at or after it); the clock then emits that minute's `bar` without waiting out the grace.
   */
  readonly barsIn?: (minuteTs: number) => boolean;
  /** How long (source time) after a minute ends its bars may still arrive; default 5 s. */
  readonly barGraceMs?: number;
  /**
   * Least wall time to wait for a minute's bars once `time` says the minute is over (default 0):
   * covers an estimated time source running ahead of the venue's clock, and bars published in
   * ticks, at high replay speeds where `barGraceMs` of source time is a few wall milliseconds.
   */
  readonly barGraceWallMs?: number;
  /**
   * True when the minute opening at `minuteTs`, once `barsIn`, still lacks a watched asset's bar
   * (a later bar of it came first); the minute is then reported through `onStale`.
   */
  readonly barMissing?: (minuteTs: number) => boolean;
  /** Daily frequency: emit the day's `bar` this long before the close; default 0 (at the close, as a backtest). */
  readonly dailyLeadMs?: number;
  /** Stop after this many sessions have ended (default: never). */
  readonly maxSessions?: number;
  /** Last session `YYYY-MM-DD` to run (inclusive). */
  readonly lastSession?: string;
  /**
   * Called before waiting for each event with its time (the market data subscribes and
   * backfills newly watched assets, and moves to a new session, before its bars are awaited).
   */
  readonly prepare?: (dt: number) => void | Promise<void>;
  /** Called when a minute's `bar` is emitted without all its bars (the grace ran out, or a bar is missing), with the minute's opening instant. */
  readonly onStale?: (minuteTs: number) => void;
}

/**
 * The clock of paper and live trading: the calendar's sessions in real (or replayed) time.
 * Per session: `before-trading-start` 45 minutes before the open (at once when started later),
 * `session-start` at the open, one `bar` per session minute — emitted as soon as that minute's
 * bars are all in, or when the grace after its end has passed, so scheduled functions run even
 * when no bar arrives — (daily: one `bar` at the close, or `dailyLeadMs` before it), and
 * `session-end` at the close. A `bar`'s `dt` is the end of its minute, as in a backtest; minutes
 * already over when the clock starts are not replayed. Event times never go backwards.
 */
export class RealtimeClock implements Clock {
  private stopped = false;
  private waker = new AbortController();
  private lastDt = -Infinity;
  /** Wall ms the consumer spent on the events so far (from handing each out to being asked for the next). */
  busyMs = 0;

  /**
   * `dt` of the event the clock is waiting to emit (Infinity once it has ended): every event
   * before it has been emitted and processed.
   */
  nextDue = -Infinity;

  constructor(private readonly options: RealtimeClockOptions) {}

  /** Wakes the clock to re-check whether the current minute's bars are in (call on every bar). */
  notify(): void {
    this.waker.abort();
  }

  /** Ends the iteration after the current event (and cuts any wait short). */
  stop(): void {
    this.stopped = true;
    this.waker.abort();
  }

  /** True once `stop()` was called. */
  get isStopped(): boolean {
    return this.stopped;
  }

  events(): AsyncIterable<ClockEvent> {
    return { [Symbol.asyncIterator]: () => this.run() };
  }

  private async *run(): AsyncGenerator<ClockEvent> {
    try {
      yield* this.sessions();
    } finally {
      this.nextDue = Infinity;
    }
  }

  private async *sessions(): AsyncGenerator<ClockEvent> {
    const { calendar, time, frequency } = this.options;
    const minute = frequency === 'minute';
    const grace = this.options.barGraceMs ?? 5_000;
    const lead = this.options.dailyLeadMs ?? 0;
    const maxSessions = this.options.maxSessions ?? Infinity;
    const { opens, closes, sessions } = calendar;
    this.lastDt = time.now();
    let i = sessionAfter(calendar, this.lastDt);
    let ended = 0;
    const event = (kind: ClockEventKind, dt: number): ClockEvent => {
      this.lastDt = Math.max(this.lastDt, dt);
      return { kind, dt: this.lastDt, session: sessions[i]!, sessionIndex: i };
    };
    while (!this.stopped && i < sessions.length && ended < maxSessions) {
      if (this.options.lastSession !== undefined && sessions[i]! > this.options.lastSession) return;
      const open = opens[i]!, close = closes[i]!;
      const beforeStart = beforeTradingStart(calendar, i);
      if (!(await this.until(beforeStart))) return;
      yield* this.emit(event('before-trading-start', beforeStart));
      if (!(await this.until(open))) return;
      yield* this.emit(event('session-start', open));
      if (minute) {
        const minutes = calendar.sessionMinutes(i);
        for (let k = 0; k < minutes.length; k++) {
          const end = minuteBarEnd(calendar, i, minutes[k]!);
          if (end <= this.lastDt) continue;
          if (!(await this.barsOrDeadline(minutes[k]!, end + grace))) return;
          yield* this.emit(event('bar', end));
        }
      } else {
        const end = close - lead;
        if (end > this.lastDt) {
          // the minute that completes at `end` (the last one of a midnight session completes at 23:59:59.999)
          if (!(await this.barsOrDeadline(Math.floor((end - 1) / MINUTE_MS) * MINUTE_MS, end + grace))) return;
          yield* this.emit(event('bar', end));
        }
      }
      if (!(await this.until(close))) return;
      yield* this.emit(event('session-end', close));
      ended++;
      i++;
    }
  }

  /** Hands an event out and counts the time until the consumer asks for the next one. */
  private async *emit(e: ClockEvent): AsyncGenerator<ClockEvent> {
    const handedOut = performance.now();
    yield e;
    this.busyMs += performance.now() - handedOut;
  }

  /** Waits until source time `t`; false when stopped meanwhile. */
  private async until(t: number): Promise<boolean> {
    const { time } = this.options;
    this.nextDue = t;
    await this.options.prepare?.(t);
    while (!this.stopped && time.now() < t) await this.sleep(t);
    return !this.stopped;
  }

  /**
   * Waits until the bars of the minute at `minuteTs` are in (which also means the minute is over),
   * or `deadline` has passed and, from when the minute was over, `barGraceWallMs` of wall time;
   * false when stopped. A minute emitted without all its bars is reported through `onStale`.
   */
  private async barsOrDeadline(minuteTs: number, deadline: number): Promise<boolean> {
    const { time, barsIn, barMissing } = this.options;
    const wallGrace = this.options.barGraceWallMs ?? 0;
    this.nextDue = minuteTs + MINUTE_MS;
    await this.options.prepare?.(this.nextDue);
    let arrived = barsIn?.(minuteTs) ?? false;
    let overAt: number | undefined;
    while (!this.stopped && !arrived) {
      const now = time.now();
      if (now >= this.nextDue) overAt ??= performance.now();
      const wallLeft = overAt === undefined ? wallGrace : wallGrace - (performance.now() - overAt);
      if (now >= deadline && wallLeft <= 0) break;
      if (now < deadline) await this.sleep(deadline);
      else await this.wallSleep(wallLeft);
      arrived = barsIn?.(minuteTs) ?? false;
    }
    if (!this.stopped && barsIn && (!arrived || (barMissing?.(minuteTs) ?? false))) this.options.onStale?.(minuteTs);
    return !this.stopped;
  }

  /** Sleeps `ms` of wall time; `notify()` and `stop()` cut it short. */
  private async wallSleep(ms: number): Promise<void> {
    if (this.waker.signal.aborted) this.waker = new AbortController();
    await wallSleep(Math.ceil(ms), this.waker.signal);
  }

  private async sleep(t: number): Promise<void> {
    if (this.waker.signal.aborted) this.waker = new AbortController();
    await this.options.time.sleepUntil(t, this.waker.signal);
  }
}
