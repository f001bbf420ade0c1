import { pino, type Logger } from 'pino';
import type { z } from 'zod';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import type { RestErrors } from './errors.js';
import { DEFAULT_REST_BACKOFF, failureReason, rateLimitWait, retriesNetworkError, retriesStatus, type RetryPolicy } from './retry-policy.js';
import { systemTiming, type Timing } from './timing.js';
import type { TokenBucket } from './token-bucket.js';

/** Options of a REST client for one host. */
export interface RestClientOptions {
  baseUrl: string;
  /** Headers of every request (the venue's authentication). */
  headers: Readonly<Record<string, string>>;
  /** How the venue's errors are made. */
  errors: RestErrors;
  /** Shared token bucket; null disables client-side rate limiting. */
  limiter: TokenBucket | null;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  /** Attempts per request including the first (default 4); 429 answers count separately. */
  attempts?: number;
  /**
   * Attempts a request may be answered 429 before it fails (default 10): a 429 says the venue
   * did nothing and asks to wait, so it does not use up `attempts`.
   */
  rateLimitAttempts?: number;
  /** Backoff between attempts (default 250 ms → 8 s, ±20 %). */
  backoff?: BackoffOptions;
  /** Longest wait honoured from `Retry-After` / `X-RateLimit-Reset` (default 60 s). */
  maxRateLimitWaitMs?: number;
  timing?: Timing;
  random?: () => number;
  /** Where to log retries (the venue's child logger, secrets redacted); silent when absent. */
  logger?: Logger;
}

/** One request. */
export interface RestRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** Schema of a successful body (an empty body is validated as `null`). */
  schema: S;
  retry: RetryPolicy;
}

const SILENT = pino({ level: 'silent' });

/**
 * A fetch-based JSON client for one host: the venue's headers, the shared rate limiter,
 * timeouts, bounded retries with backoff and jitter per the request's `RetryPolicy`, 429 waits
 * from `Retry-After` / `X-RateLimit-Reset` (which also pause the shared limiter), zod validation
 * of every answer, the venue's typed errors.
 */
export class RestClient {
  private readonly o: Required<Omit<RestClientOptions, 'logger' | 'limiter'>> & { limiter: TokenBucket | null };
  private readonly log: Logger;

  constructor(options: RestClientOptions) {
    this.o = {
      timeoutMs: 15_000,
      attempts: 4,
      rateLimitAttempts: 10,
      backoff: DEFAULT_REST_BACKOFF,
      maxRateLimitWaitMs: 60_000,
      timing: systemTiming,
      random: Math.random,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
    this.log = options.logger ?? SILENT;
  }

  /** Sends the request (with retries per its policy) and returns the validated body. */
  async request<S extends z.ZodType>(req: RestRequest<S>): Promise<z.infer<S>> {
    const url = this.url(req.path, req.query);
    const endpoint = `${req.method} ${req.path}`;
    let failures = 0;
    let limited = 0;
    for (let attempt = 1; ; attempt++) {
      const last = failures + 1 >= this.o.attempts;
      await this.o.limiter?.acquire();
      let res: Response;
      let text: string;
      try {
        res = await fetch(url, {
          method: req.method,
          headers: { ...this.o.headers, Accept: 'application/json', ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
          body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
        text = await res.text();
      } catch (err) {
        const { reason, refused } = failureReason(err);
        const error = this.o.errors.network(endpoint, reason, !refused, err);
        if (last || !retriesNetworkError(req.retry, refused)) throw error;
        await this.retryAfter(endpoint, attempt, reason, backoffDelay(failures++, this.o.backoff, this.o.random));
        continue;
      }
      if (res.ok) return this.validate(endpoint, req.schema, text);
      const error = this.o.errors.status(endpoint, res, text);
      if (!retriesStatus(req.retry, res.status)) throw error;
      if (res.status === 429) {
        if (++limited >= this.o.rateLimitAttempts) throw error;
        const wait = rateLimitWait(res.headers, this.o.timing.now(), limited, { backoff: this.o.backoff, random: this.o.random, maxMs: this.o.maxRateLimitWaitMs });
        this.o.limiter?.pauseUntil(this.o.timing.now() + wait);
        await this.retryAfter(endpoint, attempt, 'rate limited (429)', wait);
      } else {
        if (last) throw error;
        await this.retryAfter(endpoint, attempt, `HTTP ${res.status}`, backoffDelay(failures++, this.o.backoff, this.o.random));
      }
    }
  }

  private url(path: string, query: RestRequest<z.ZodType>['query']): string {
    const u = new URL(this.o.baseUrl + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) u.searchParams.set(k, String(v));
    return u.toString();
  }

  private async retryAfter(endpoint: string, attempt: number, reason: string, waitMs: number): Promise<void> {
    this.log.warn({ endpoint, attempt, waitMs }, `${endpoint}: ${reason}; retrying`);
    await this.o.timing.sleep(waitMs);
  }

  private validate<S extends z.ZodType>(endpoint: string, schema: S, text: string): z.infer<S> {
    let json: unknown = null;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        throw this.o.errors.payload(endpoint, 'body is not JSON');
      }
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw this.o.errors.payload(endpoint, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }
}
