import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/net/backoff.js';
import type { Timing } from '../../../src/net/timing.js';
import { TokenBucket } from '../../../src/net/token-bucket.js';

/** A clock that only moves when someone sleeps, recording each sleep. */
function fakeTiming(): Timing & { sleeps: number[] } {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return { sleeps, now: () => t, sleep: async (ms) => { sleeps.push(ms); t += ms; } };
}

describe('TokenBucket', () => {
  it('lets a full bucket through, then one request per 60 000/perMinute ms', async () => {
    const timing = fakeTiming();
    const limiter = new TokenBucket({ perMinute: 200, timing });
    for (let i = 0; i < 200; i++) await limiter.acquire();
    expect(timing.sleeps).toEqual([]);
    await limiter.acquire();
    await limiter.acquire();
    // 200/min → a token every 300 ms.
    expect(timing.sleeps).toEqual([300, 300]);
    expect(limiter.stats).toEqual({ acquired: 202, waits: 2, waitedMs: 600 });
  });

  it('holds every request until a pause ends', async () => {
    const timing = fakeTiming();
    const limiter = new TokenBucket({ perMinute: 60, burst: 5, timing });
    limiter.pauseUntil(timing.now() + 4_000);
    await limiter.acquire();
    expect(timing.sleeps).toEqual([4_000]);
  });

  it('backoff doubles to the cap with bounded jitter', () => {
    const o = { initialMs: 1_000, maxMs: 64_000, jitter: 0.2 };
    expect([0, 1, 2, 6, 7, 20].map((a) => backoffDelay(a, o, () => 0.5))).toEqual([1_000, 2_000, 4_000, 64_000, 64_000, 64_000]);
    expect(backoffDelay(0, o, () => 0)).toBe(800);
    expect(backoffDelay(6, o, () => 1)).toBe(76_800);
  });
});
