/** Exponential backoff: initial delay, cap, and relative jitter (0.2 = ±20 %). */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  jitter: number;
}

/** `min(initial · 2^attempt, max)` scaled by a uniform factor in `[1 − jitter, 1 + jitter]`. */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(o.initialMs * 2 ** Math.min(attempt, 30), o.maxMs);
  return Math.max(0, Math.round(base * (1 + o.jitter * (2 * random() - 1))));
}
