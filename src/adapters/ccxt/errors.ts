import ccxt from 'ccxt';

/** What to do after a ccxt error: `retry` a request that is safe to repeat, or `fail`. */
export type ErrorAction = 'retry' | 'fail';

/**
 * ccxt's error classes mapped to an action: rate limits and bans (`RateLimitExceeded`,
 * `DDoSProtection`), an exchange down (`ExchangeNotAvailable`, `OnMaintenance`), timeouts and
 * other `NetworkError`s are transient (`retry`); everything else — `InsufficientFunds`,
 * `InvalidOrder`, `AuthenticationError`, `BadSymbol`, `OrderNotFound`, … — is `fail`.
 * Retry only idempotent requests: an order POST whose answer was lost is looked up, never resent.
 */
export function errorAction(err: unknown): ErrorAction {
  return err instanceof ccxt.NetworkError ? 'retry' : 'fail';
}

/** True for a rate-limit answer (`RateLimitExceeded`, or a ban: `DDoSProtection`). */
export function isRateLimit(err: unknown): boolean {
  return err instanceof ccxt.RateLimitExceeded || err instanceof ccxt.DDoSProtection;
}

/** The ccxt error's class name and message on one line (for logs and rejections). */
export function describeCcxtError(err: unknown): string {
  if (err instanceof Error) return `${err.constructor.name}: ${err.message.split('\n')[0]}`;
  return String(err);
}
