import { backoffDelay, type BackoffOptions } from './backoff.js';

/**
 * When a request may be sent again:
 * - `idempotent` (GET, DELETE of an order): on 429, 5xx and network errors, with backoff;
 * - `rate-limited` (POST/PATCH of orders): only on 429 and refused connections — answers that
 *   prove the server did not act on the request. A POST is never retried blindly.
 * Every policy retries a refused connection (the request never left).
 */
export type RetryPolicy = 'idempotent' | 'rate-limited';

/** Default backoff of REST retries. */
export const DEFAULT_REST_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 8_000, jitter: 0.2 };

/** Why a fetch failed, and whether the connection was refused (nothing was sent). */
export function failureReason(err: unknown): { reason: string; refused: boolean } {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { reason: 'request timed out', refused: false };
  const code = e?.cause?.code;
  return { reason: `network error (${code ?? e?.cause?.message ?? e?.message ?? 'unknown'})`, refused: code === 'ECONNREFUSED' };
}

/** Whether a request that failed without an answer may be sent again under `policy`. */
export function retriesNetworkError(policy: RetryPolicy, refused: boolean): boolean {
  return refused || policy === 'idempotent';
}

/** Whether an answer with HTTP `status` may be retried under `policy` (429 always; 5xx when idempotent). */
export function retriesStatus(policy: RetryPolicy, status: number): boolean {
  return status === 429 || (status >= 500 && policy === 'idempotent');
}

/**
 * Wait after a 429: the later of `Retry-After` (seconds or an HTTP date) and `X-RateLimit-Reset`
 * (epoch seconds), else the backoff of `attempt`; capped at `maxMs`.
 */
export function rateLimitWait(
  headers: Headers, now: number, attempt: number, o: { backoff: BackoffOptions; random: () => number; maxMs: number },
): number {
  let wait = -1;
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const secs = Number(retryAfter);
    const at = Number.isFinite(secs) ? now + secs * 1000 : Date.parse(retryAfter);
    if (Number.isFinite(at)) wait = Math.max(wait, at - now);
  }
  const reset = Number(headers.get('x-ratelimit-reset') ?? NaN);
  if (Number.isFinite(reset) && reset > 0) wait = Math.max(wait, reset * 1000 - now);
  if (wait < 0) wait = backoffDelay(attempt - 1, o.backoff, o.random);
  return Math.min(Math.max(0, Math.ceil(wait)), o.maxMs);
}
