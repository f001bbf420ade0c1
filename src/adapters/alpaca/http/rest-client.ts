import type { Logger } from 'pino';
import type { z } from 'zod';
import { authHeaders } from '../config.js';
import { AlpacaApiError, AlpacaNetworkError, AlpacaPayloadError } from '../errors.js';
import { adapterLogger } from '../logger.js';
import { backoffDelay, systemTiming, type BackoffOptions, type Timing } from '../timing.js';
import { ErrorBodyWire } from '../wire/trading.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * When a request may be sent again:
 * - `idempotent` (GET, DELETE of an order): on 429, 5xx and network errors, with backoff;
 * - `rate-limited` (POST/PATCH of orders): only on 429 and refused connections — answers that
 *   prove the server did not act on the request.
 * Every policy retries a refused connection (the request never left).
 */
export type RetryPolicy = 'idempotent' | 'rate-limited';

/** Options of a REST client for one host. */
export interface RestClientOptions {
  baseUrl: string;
  keyId: string;
  secretKey: string;
  /** Shared token bucket; null disables client-side rate limiting. */
  limiter: RateLimiter | null;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  /** Attempts per request including the first (default 4). */
  attempts?: number;
  /** Backoff between attempts (default 250 ms → 8 s, ±20 %). */
  backoff?: BackoffOptions;
  /** Longest wait honoured from `Retry-After` / `X-RateLimit-Reset` (default 60 s). */
  maxRateLimitWaitMs?: number;
  timing?: Timing;
  random?: () => number;
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

/** Default backoff of REST retries. */
export const DEFAULT_REST_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 8_000, jitter: 0.2 };

function failureReason(err: unknown): { reason: string; refused: boolean } {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { reason: 'request timed out', refused: false };
  const code = e?.cause?.code;
  return { reason: `network error (${code ?? e?.cause?.message ?? e?.message ?? 'unknown'})`, refused: code === 'ECONNREFUSED' };
}

/**
 * A fetch-based JSON client for one Alpaca host: auth headers, the shared rate limiter,
 * timeouts, bounded retries with backoff and jitter, 429 waits from `Retry-After` /
 * `X-RateLimit-Reset`, zod validation of every answer, typed errors.
 */
export class RestClient {
  private readonly o: Required<Omit<RestClientOptions, 'logger' | 'limiter'>> & { limiter: RateLimiter | null };
  private readonly log: Logger;

  constructor(options: RestClientOptions) {
    this.o = {
      timeoutMs: 15_000,
      attempts: 4,
      backoff: DEFAULT_REST_BACKOFF,
      maxRateLimitWaitMs: 60_000,
      timing: systemTiming,
      random: Math.random,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
    this.log = adapterLogger(options.logger, 'alpaca-rest');
  }

  /** Sends the request (with retries per its policy) and returns the validated body. */
  async request<S extends z.ZodType>(req: RestRequest<S>): Promise<z.infer<S>> {
    const url = this.url(req.path, req.query);
    const endpoint = `${req.method} ${req.path}`;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.o.attempts;
      await this.o.limiter?.acquire();
      let res: Response;
      let text: string;
      try {
        res = await fetch(url, {
          method: req.method,
          headers: { ...authHeaders(this.o), Accept: 'application/json', ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
          body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
        text = await res.text();
      } catch (err) {
        const { reason, refused } = failureReason(err);
        const error = new AlpacaNetworkError(endpoint, reason, !refused, { cause: err });
        if (last || !(refused || req.retry === 'idempotent')) throw error;
        await this.retryAfter(endpoint, attempt, reason, backoffDelay(attempt - 1, this.o.backoff, this.o.random));
        continue;
      }
      if (res.ok) return this.validate(endpoint, req.schema, text);
      const error = this.apiError(endpoint, res, text);
      if (res.status === 429 && !last) {
        const wait = this.rateLimitWait(res, attempt);
        this.o.limiter?.pauseUntil(this.o.timing.now() + wait);
        await this.retryAfter(endpoint, attempt, 'rate limited (429)', wait);
        continue;
      }
      if (res.status >= 500 && req.retry === 'idempotent' && !last) {
        await this.retryAfter(endpoint, attempt, `HTTP ${res.status}`, backoffDelay(attempt - 1, this.o.backoff, this.o.random));
        continue;
      }
      throw error;
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

  /** Wait after a 429: the later of `Retry-After` and `X-RateLimit-Reset`, else backoff; capped. */
  private rateLimitWait(res: Response, attempt: number): number {
    const now = this.o.timing.now();
    let wait = -1;
    const retryAfter = res.headers.get('retry-after');
    if (retryAfter !== null) {
      const secs = Number(retryAfter);
      const at = Number.isFinite(secs) ? now + secs * 1000 : Date.parse(retryAfter);
      if (Number.isFinite(at)) wait = Math.max(wait, at - now);
    }
    const reset = Number(res.headers.get('x-ratelimit-reset') ?? NaN);
    if (Number.isFinite(reset) && reset > 0) wait = Math.max(wait, reset * 1000 - now);
    if (wait < 0) wait = backoffDelay(attempt - 1, this.o.backoff, this.o.random);
    return Math.min(Math.max(0, Math.ceil(wait)), this.o.maxRateLimitWaitMs);
  }

  private validate<S extends z.ZodType>(endpoint: string, schema: S, text: string): z.infer<S> {
    let json: unknown = null;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        throw new AlpacaPayloadError(endpoint, 'body is not JSON');
      }
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AlpacaPayloadError(endpoint, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }

  private apiError(endpoint: string, res: Response, text: string): AlpacaApiError {
    let body: ErrorBodyWire | undefined;
    try {
      const parsed = ErrorBodyWire.safeParse(JSON.parse(text));
      if (parsed.success) body = parsed.data;
    } catch {
      body = undefined;
    }
    const message = body?.message ?? (text.trim().slice(0, 200) || res.statusText || 'error');
    return new AlpacaApiError(endpoint, res.status, message, {
      code: body?.code,
      requestId: res.headers.get('x-request-id') ?? undefined,
      body,
    });
  }
}
