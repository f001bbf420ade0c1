import { setTimeout as delay } from 'node:timers/promises';

/**
 * Waits until `ready()` holds, checking every few ms; throws (the test fails, naming `what`) when
 * it still does not after `maxMs` of wall time. Every poll of a test goes through it, so a poll
 * that times out can never pass silently.
 */
export async function until(ready: () => boolean, what: string, maxMs = 10_000, everyMs = 2): Promise<void> {
  const end = Date.now() + maxMs;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`timed out after ${maxMs} ms waiting for ${what}`);
    await delay(everyMs);
  }
}
