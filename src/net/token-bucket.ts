import { systemTiming, type Timing } from './timing.js';

/** Token-bucket options: `perMinute` requests on average, bursts up to `burst`. */
export interface TokenBucketOptions {
  /** Sustained requests per minute (Alpaca: 200 per key; each venue passes its own). */
  perMinute?: number;
  /** Bucket size; defaults to `perMinute`. */
  burst?: number;
  timing?: Timing;
}

/**
 * A rate limiter: a token bucket shared by every request of one key. `acquire()` takes a token, waiting for one
 * to refill when the bucket is empty; `pauseUntil()` stops all requests until an instant
 * (after a 429 with `Retry-After` / `X-RateLimit-Reset`).
 */
export class TokenBucket {
  readonly perMinute: number;
  readonly burst: number;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private readonly timing: Timing;
  /** Tokens handed out and how often/long callers had to wait (for logs and tests). */
  readonly stats = { acquired: 0, waits: 0, waitedMs: 0 };

  constructor(options: TokenBucketOptions = {}) {
    this.perMinute = options.perMinute ?? 200;
    if (!(this.perMinute > 0)) throw new RangeError('rate limit must be > 0 requests per minute');
    this.burst = options.burst ?? this.perMinute;
    this.timing = options.timing ?? systemTiming;
    this.tokens = this.burst;
    this.last = this.timing.now();
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perMinute) / 60_000);
      this.last = now;
    }
  }

  /** Milliseconds until a token is available (0 = now). */
  waitTime(): number {
    const now = this.timing.now();
    this.refill(now);
    const paused = Math.max(0, this.pausedUntil - now);
    const refill = this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute);
    return Math.max(paused, refill);
  }

  /** Takes one token, waiting as long as needed. */
  async acquire(): Promise<void> {
    for (let wait = this.waitTime(); wait > 0; wait = this.waitTime()) {
      this.stats.waits++;
      this.stats.waitedMs += wait;
      await this.timing.sleep(wait);
    }
    this.tokens -= 1;
    this.stats.acquired++;
  }

  /** True while requests are held back after a 429 (`pauseUntil`). */
  isPaused(): boolean {
    return this.timing.now() < this.pausedUntil;
  }

  /** Holds every request until epoch ms `until` and empties the bucket. */
  pauseUntil(until: number): void {
    this.refill(this.timing.now());
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.tokens = Math.min(this.tokens, 0);
  }
}
