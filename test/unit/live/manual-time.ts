import type { TimeSource } from '../../../src/live/time-source.js';

/** A time source moved by hand: sleepers wake when `set` passes their instant (or their signal aborts). */
export class ManualTime implements TimeSource {
  private waiters: { t: number; resolve: () => void }[] = [];
  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  sleepUntil(t: number, signal?: AbortSignal): Promise<void> {
    if (t <= this.t || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const onAbort = () => {
        this.waiters = this.waiters.filter((x) => x !== w);
        resolve();
      };
      const w = { t, resolve: () => { signal?.removeEventListener('abort', onAbort); resolve(); } };
      this.waiters.push(w);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Moves to `t`, wakes the sleepers that are due and lets them run. */
  async set(t: number): Promise<void> {
    this.t = t;
    const due = this.waiters.filter((w) => w.t <= t);
    this.waiters = this.waiters.filter((w) => w.t > t);
    for (const w of due) w.resolve();
    await settle();
  }
}

/** Lets pending promise callbacks and immediates run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
