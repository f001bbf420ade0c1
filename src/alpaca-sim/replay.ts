import { MINUTE_MS } from '../core/time.js';
import type { Asset } from '../model/asset.js';
import type { TradingCalendar } from '../ports/calendar.js';
import type { MarketData } from '../ports/market-data.js';
import { barToWire } from './bar-series.js';
import type { StreamBar } from './data-stream.js';
import type { BarPublisher } from './wire-front.js';
import type { VenuePortfolio } from './venue-portfolio.js';
import type { Venue } from './venue.js';

/** What the replay drives. */
export interface ReplayParts {
  readonly calendar: TradingCalendar;
  readonly marketData: MarketData;
  readonly assets: readonly Asset[];
  readonly venue: Venue;
  readonly portfolio: VenuePortfolio;
  readonly dataStream: BarPublisher;
  /** Sessions with minute bars to replay (calendar indices, inclusive). */
  readonly firstSession: number;
  readonly lastSession: number;
}

/**
 * Replays the bundle's minutes: at the start of each session's date the venue applies its
 * splits and dividends (overnight, before any bar); as each session minute completes (its open
 * + 1 min) it moves the market data there, publishes the minute's bars (`t` = minute open) on the
 * data stream, matches open orders through the venue, and at each close expires DAY orders. Runs are
 * serialized: `runUntil` calls queue behind each other.
 */
export class Replay {
  /** Minutes processed so far. */
  minutes = 0;
  private session: number;
  private k = 0;
  /** Whether the current session's start (its corporate actions) was processed. */
  private started = false;
  private times: Float64Array;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly p: ReplayParts, startMs: number) {
    const cal = p.calendar;
    let i = p.firstSession;
    while (i <= p.lastSession && cal.closes[i]! <= startMs) i++;
    this.session = i;
    this.times = i <= p.lastSession ? cal.sessionMinutes(i) : new Float64Array(0);
    while (this.k < this.times.length && this.times[this.k]! + MINUTE_MS <= startMs) this.k++;
  }

  /** The instant the next session starts or minute completes (Infinity after the last replayed session). */
  nextBoundary(): number {
    if (this.session > this.p.lastSession) return Infinity;
    return this.started ? this.times[this.k]! + MINUTE_MS : this.p.calendar.dayStarts[this.session]!;
  }

  /** Processes every minute that completes at or before `ms`; resolves when done. */
  runUntil(ms: number): Promise<void> {
    this.chain = this.chain.then(() => this.process(ms));
    return this.chain;
  }

  private async process(ms: number): Promise<void> {
    for (let dt = this.nextBoundary(); dt <= ms; dt = this.nextBoundary()) {
      if (this.started) {
        await this.minute(dt);
      } else {
        this.started = true;
        await this.p.venue.onSessionStart(dt);
      }
    }
  }

  private async minute(dt: number): Promise<void> {
    const { marketData: md, venue, dataStream } = this.p;
    await md.advanceTo(dt);
    const bars: StreamBar[] = [];
    for (const a of this.p.assets) {
      const c = md.current(a, 'close');
      if (c === c) bars.push({ symbol: a.symbol, bar: barToWire(dt - MINUTE_MS, md.current(a, 'open'), md.current(a, 'high'), md.current(a, 'low'), c, md.current(a, 'volume')) });
    }
    dataStream.publish(bars);
    await venue.onMinute(dt);
    this.minutes++;
    if (++this.k < this.times.length) return;
    await venue.onSessionClose(this.p.calendar.closes[this.session]!);
    await this.p.portfolio.markSessionClose();
    this.session++;
    this.k = 0;
    this.started = false;
    this.times = this.session <= this.p.lastSession ? this.p.calendar.sessionMinutes(this.session) : new Float64Array(0);
  }
}
