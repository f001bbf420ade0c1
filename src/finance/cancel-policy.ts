import type { CancelPolicy } from '../ports/execution-models.js';

/** zipline's `NeverCancel`, the default: open orders stay open until filled or cancelled. */
export class NeverCancel implements CancelPolicy {
  readonly name = 'never';
  shouldCancel(_event: 'bar' | 'session-end'): boolean {
    return false;
  }
}

/**
 * zipline's `EODCancel`: what is still open at the session end is cancelled. The simulated
 * broker applies it to orders that had at least one bar to fill on, so a daily order placed at
 * the close lives through the next session instead of being cancelled before it could trade.
 */
export class EndOfDayCancel implements CancelPolicy {
  readonly name = 'eod';
  shouldCancel(event: 'bar' | 'session-end'): boolean {
    return event === 'session-end';
  }
}
