import type { Logger } from 'pino';
import type { TradingApi } from './http/trading-api.js';
import { adapterLogger } from './logger.js';
import { clockFromWire, type BrokerClockReading } from './parse.js';

/**
 * The broker's notion of now, from GET /v2/clock. Each `read()` also measures the offset between
 * the broker's clock and the local one (broker timestamp − local time at the midpoint of the
 * request), so `now()` can estimate the broker's time without a request. The estimate is exact
 * only while the broker's clock runs at wall speed (Alpaca, with its skew); a simulator replaying
 * a past day faster drifts from it, so whatever must agree with the broker (the reconciliation
 * window) uses a fresh `read()` instead.
 */
export class BrokerClock {
  /** Broker time minus local time at the last reading, in ms (0 before the first). */
  offsetMs = 0;
  /** The last reading, if any. */
  last: BrokerClockReading | undefined;
  private readonly log: Logger;

  constructor(
    private readonly trading: Pick<TradingApi, 'getClock'>,
    private readonly localNow: () => number = Date.now,
    logger?: Logger,
  ) {
    this.log = adapterLogger(logger, 'alpaca-clock');
  }

  /** Reads GET /v2/clock and refreshes the offset. */
  async read(): Promise<BrokerClockReading> {
    const sent = this.localNow();
    const wire = await this.trading.getClock();
    const reading = clockFromWire(wire);
    this.offsetMs = reading.timestamp - (sent + this.localNow()) / 2;
    this.last = reading;
    return reading;
  }

  /** Like `read()`, but a failure only logs a warning and keeps the previous offset. */
  async refresh(): Promise<BrokerClockReading | undefined> {
    try {
      return await this.read();
    } catch (err) {
      this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'reading the broker clock failed; keeping the previous offset');
      return undefined;
    }
  }

  /** Estimated broker time now (epoch ms): local time plus the last measured offset. */
  now(): number {
    return this.localNow() + this.offsetMs;
  }
}
