import { describe, expect, it } from 'vitest';
import { rateLimitWait, retriesNetworkError, retriesStatus } from '../../../src/net/retry-policy.js';

const backoff = { initialMs: 100, maxMs: 1_000, jitter: 0 };
const NOW = Date.parse('2026-01-05T15:00:00Z');

describe('REST retry policy', () => {
  it('never retries an order POST blindly: only 429 and a refused connection', () => {
    expect(retriesStatus('rate-limited', 429)).toBe(true);
    expect(retriesStatus('rate-limited', 500)).toBe(false);
    expect(retriesStatus('rate-limited', 503)).toBe(false);
    expect(retriesNetworkError('rate-limited', false)).toBe(false); // timeout or reset: the order may exist
    expect(retriesNetworkError('rate-limited', true)).toBe(true); // refused: nothing was sent
  });

  it('retries idempotent requests on 429, 5xx and network errors, not on other 4xx', () => {
    expect(retriesStatus('idempotent', 429)).toBe(true);
    expect(retriesStatus('idempotent', 502)).toBe(true);
    expect(retriesStatus('idempotent', 404)).toBe(false);
    expect(retriesStatus('idempotent', 422)).toBe(false);
    expect(retriesNetworkError('idempotent', false)).toBe(true);
  });

  it('waits for the later of Retry-After and X-RateLimit-Reset, capped', () => {
    const o = { backoff, random: () => 0.5, maxMs: 60_000 };
    expect(rateLimitWait(new Headers({ 'retry-after': '3' }), NOW, 1, o)).toBe(3_000);
    // reset in epoch seconds, 7 s from now
    expect(rateLimitWait(new Headers({ 'retry-after': '3', 'x-ratelimit-reset': String(NOW / 1000 + 7) }), NOW, 1, o)).toBe(7_000);
    // an HTTP date 2 s ahead
    expect(rateLimitWait(new Headers({ 'retry-after': new Date(NOW + 2_000).toUTCString() }), NOW, 1, o)).toBe(2_000);
    // nothing said: the backoff of the attempt (100 · 2² at attempt 3)
    expect(rateLimitWait(new Headers(), NOW, 3, o)).toBe(400);
    expect(rateLimitWait(new Headers({ 'retry-after': '3600' }), NOW, 1, o)).toBe(60_000);
  });
});
