import { setTimeout as delay } from 'node:timers/promises';

/** Wall time and waiting, injectable so tests can count waits instead of timing them. */
export interface Timing {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock and `setTimeout`. */
export const systemTiming: Timing = {
  now: () => Date.now(),
  sleep: (ms) => (ms > 0 ? delay(ms) : Promise.resolve()),
};
