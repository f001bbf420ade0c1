/**
 * What a clock tells the engine. `dt` is epoch ms. Per session the order is
 * `before-trading-start`, `session-start`, one `bar` per bar (daily: one at the close; minute: one
 * as each minute completes), `session-end`.
 */
export type ClockEventKind = 'before-trading-start' | 'session-start' | 'bar' | 'session-end';

export interface ClockEvent {
  readonly kind: ClockEventKind;
  readonly dt: number;
  /** Session label `YYYY-MM-DD`. */
  readonly session: string;
  /** Index of the session in the run's calendar. */
  readonly sessionIndex: number;
}

/** Drives the engine loop. The backtest clock is a plain generator; the realtime clock waits on bars and timers. */
export interface Clock {
  events(): Iterable<ClockEvent> | AsyncIterable<ClockEvent>;
  /** Stops the clock: the iteration ends after the current event. */
  stop(): void;
}
