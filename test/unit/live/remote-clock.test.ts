import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RemoteClockTimeSource } from '../../../src/live/time-source.js';

const W0 = Date.parse('2026-01-05T15:00:00Z');
const S0 = Date.parse('2024-10-01T13:30:00Z');
const MINUTE = 60_000;

describe('the broker clock sampler spends little of the rate budget', () => {
  beforeEach(() => { vi.useFakeTimers({ now: W0 }); });
  afterEach(() => { vi.useRealTimers(); });

  /** A remote clock replaying at `speed` from S0; counts its reads. */
  function remote(speed: number) {
    const r = { reads: 0, read: async () => { r.reads++; return S0 + (Date.now() - W0) * speed; } };
    return r;
  }

  it('a simulator at 60×: the speed is found, then sampled at most 4 times a minute (2 % of 200 requests/min)', async () => {
    const r = remote(60);
    const starting = RemoteClockTimeSource.start({ read: r.read });
    await vi.advanceTimersByTimeAsync(1_000);
    const time = await starting;
    expect(time.speed).toBeCloseTo(60, 6);
    const before = r.reads;
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(r.reads - before).toBeLessThanOrEqual(40);
    expect(r.reads - before).toBeGreaterThan(0);
    expect(time.now()).toBeCloseTo(S0 + (Date.now() - W0) * 60, -2);
    time.close();
  });

  it('a real broker (wall speed): about once a minute', async () => {
    const r = remote(1);
    const time = await RemoteClockTimeSource.start({ read: r.read, fixedSpeed: true });
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(r.reads).toBeLessThanOrEqual(11);
    time.close();
  });

  it('no sample at all while requests are held back by 429s', async () => {
    const r = remote(60);
    let paused = false;
    const starting = RemoteClockTimeSource.start({ read: r.read, paused: () => paused });
    await vi.advanceTimersByTimeAsync(1_000);
    const time = await starting;
    paused = true;
    const before = r.reads;
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(r.reads).toBe(before);
    paused = false;
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(r.reads).toBeGreaterThan(before);
    time.close();
  });
});
