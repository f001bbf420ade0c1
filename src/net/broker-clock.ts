import type { Logger } from 'pino';

/** What a venue's clock endpoint answers, at least its timestamp (epoch ms). */
export interface ClockReading {
  readonly timestamp: number;
}

/**
 * A broker's notion of now, from its clock endpoint (Alpaca's GET /v2/clock, an exchange's server
 * time). Each `read()` also measures the offset between the broker's clock and the local one
 * (broker timestamp − local time at the midpoint of the request), so `now()` can estimate the
 * broker's time without a request. The estimate is exact only while the broker's clock runs at
 * wall speed; a simulator replaying a past day faster drifts from it, so whatever must agree with
 * the broker (the reconciliation window) uses a fresh `read()`, and a live session follows its
 * own time source (`live/time-source.ts`) instead of `now()`.
 */
export class BrokerClock<R extends ClockReading = ClockReading> {
  /** Broker time minus local time at the last reading, in ms (0 before the first). */
  offsetMs = 0;
  /** The last reading, if any. */
  last: R | undefined;

  constructor(
    private readonly fetchReading: () => Promise<R>,
    private readonly localNow: () => number = Date.now,
    private readonly logger?: Pick<Logger, 'warn'>,
  ) {}

  /** Reads the broker's clock and refreshes the offset. */
  async read(): Promise<R> {
    const sent = this.localNow();
    const reading = await this.fetchReading();
    this.offsetMs = reading.timestamp - (sent + this.localNow()) / 2;
    this.last = reading;
    return reading;
  }

  /** Like `read()`, but a failure only logs a warning and keeps the previous offset. */
  async refresh(): Promise<R | undefined> {
    try {
      return await this.read();
    } catch (err) {
      this.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'reading the broker clock failed; keeping the previous offset');
      return undefined;
    }
  }

  /** Estimated broker time now (epoch ms): local time plus the last measured offset. */
  now(): number {
    return this.localNow() + this.offsetMs;
  }
}
