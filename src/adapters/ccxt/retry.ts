import { ZiplimeError } from '../../core/errors.js';
import { backoffDelay, DEFAULT_REST_BACKOFF, systemTiming, type Timing } from '../../net/index.js';
import { describeCcxtError, errorAction } from './errors.js';

/**
 * Runs an idempotent ccxt call, retrying transient errors (`errorAction` = `retry`) with
 * exponential backoff up to `attempts` times in all; other errors, or the last transient one,
 * throw a `ZiplimeError` naming `what` and the ccxt error class. Never for order POSTs.
 */
export async function retryTransient<T>(call: () => Promise<T>, what: string, attempts = 5, timing: Timing = systemTiming): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (errorAction(err) === 'fail' || attempt + 1 >= attempts) {
        throw new ZiplimeError(`${what} failed after ${attempt + 1} attempt(s): ${describeCcxtError(err)}`, undefined, { cause: err });
      }
      await timing.sleep(backoffDelay(attempt, DEFAULT_REST_BACKOFF));
    }
  }
}
