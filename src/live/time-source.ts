/**
 * Where the realtime clock gets "now" from: the wall clock, or a clock running faster than it
 * (a simulator replaying a past day at `--speed`). Waiting is done in short slices so that a
 * source that is re-anchored (a sampled remote clock) is followed closely.
 */
export interface TimeSource {
  /** The current instant, epoch ms. */
  now(): number;
  /** Resolves when `now() ≥ t` or a little earlier (the caller re-checks); `signal` cuts it short. */
  sleepUntil(t: number, signal?: AbortSignal): Promise<void>;
  /**
   * True when `now()` is an estimate extrapolated from samples of a remote clock (it may run a
   * little ahead of the remote one), so deadlines in its time get a margin of wall time.
   */
  readonly estimated?: boolean;
}

/** Longest single wall-time wait, so a re-anchored or sped-up source is never overslept. */
export const MAX_SLEEP_SLICE_MS = 250;

/** Resolves after `ms` of wall time, or at once when `signal` aborts. */
export function wallSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * A clock that runs at `speed` × wall time from an anchor (`sourceMs` at wall instant `wallMs`).
 * `anchor()` moves it (a fresh sample of a remote clock); speed 1 anchored at the wall clock is
 * the wall clock itself.
 */
export class ScaledTimeSource implements TimeSource {
  private sourceAt: number;
  private wallAt: number;
  speed: number;

  constructor(sourceMs: number, speed = 1, private readonly wall: () => number = Date.now) {
    this.sourceAt = sourceMs;
    this.wallAt = wall();
    this.speed = speed > 0 ? speed : 1;
  }

  now(): number {
    return this.sourceAt + (this.wall() - this.wallAt) * this.speed;
  }

  /** Re-anchors: at wall instant `wallMs` (default now) the source read `sourceMs`. */
  anchor(sourceMs: number, wallMs = this.wall(), speed = this.speed): void {
    this.sourceAt = sourceMs;
    this.wallAt = wallMs;
    if (speed > 0 && Number.isFinite(speed)) this.speed = speed;
  }

  sleepUntil(t: number, signal?: AbortSignal): Promise<void> {
    const wallMs = (t - this.now()) / this.speed;
    return wallSleep(Math.min(MAX_SLEEP_SLICE_MS, Math.max(0, Math.ceil(wallMs))), signal);
  }
}

/**
 * A clock read directly (e.g. an in-process simulator's `admin.now()`), polled every `sliceMs`
 * of wall time while waiting.
 */
export class PolledTimeSource implements TimeSource {
  constructor(private readonly read: () => number, private readonly sliceMs = 10) {}

  now(): number {
    return this.read();
  }

  sleepUntil(t: number, signal?: AbortSignal): Promise<void> {
    return t <= this.read() ? Promise.resolve() : wallSleep(this.sliceMs, signal);
  }
}

/** Wall ms between the first two samples of a remote clock (the first speed estimate). */
const FIRST_BASELINE_MS = 1_000;

/** Options of `RemoteClockTimeSource`. */
export interface RemoteClockOptions {
  /** Reads the remote clock (e.g. Alpaca's `GET /v2/clock` timestamp), epoch ms. */
  read: () => Promise<number>;
  /** Speed to assume until two samples give a better estimate (default 1). */
  speed?: number;
  /** Keep `speed` instead of estimating it (a real broker's clock runs at wall speed; only its offset matters). */
  fixedSpeed?: boolean;
  /**
   * Wall ms between samples at first (default 2 s while the speed is estimated, 60 s when it is
   * fixed); the interval doubles after each sample that confirms the estimate, up to `maxIntervalMs`.
   */
  intervalMs?: number;
  /** Longest wall ms between samples (default 30 s, or `intervalMs` when larger). */
  maxIntervalMs?: number;
  /** True while requests must wait (429s being answered): no sample is taken then. */
  paused?: () => boolean;
  wall?: () => number;
  /** Called when a sample fails (the last anchor keeps running). */
  onError?: (err: unknown) => void;
}

/**
 * "Now" of a remote clock, e.g. a simulator's `/v2/clock` that replays a past day at some speed:
 * sampled every few seconds (each sample stamped at the midpoint of its request), extrapolated
 * in between, with the speed estimated from consecutive samples. Also absorbs clock skew between
 * this host and the broker (DESIGN.md §5).
 */
export class RemoteClockTimeSource implements TimeSource {
  private readonly scaled: ScaledTimeSource;
  private readonly wall: () => number;
  private last: { source: number; wall: number } | undefined;
  private readonly estimates: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Samples taken (requests made) since the start. */
  samples = 0;
  readonly estimated = true;

  private constructor(private readonly options: RemoteClockOptions, first: { source: number; wall: number }) {
    this.wall = options.wall ?? Date.now;
    this.scaled = new ScaledTimeSource(first.source, options.speed ?? 1, this.wall);
    this.scaled.anchor(first.source, first.wall);
    this.last = first;
  }

  /**
   * Takes two samples a second apart (to estimate the speed; one when it is fixed) and goes on
   * sampling in the background, ever less often while the estimate holds, never while `paused`.
   */
  static async start(options: RemoteClockOptions): Promise<RemoteClockTimeSource> {
    const wall = options.wall ?? Date.now;
    let source: RemoteClockTimeSource | undefined;
    const sample = async () => {
      if (source) source.samples++;
      const before = wall();
      const read = await options.read();
      return { source: read, wall: (before + wall()) / 2 };
    };
    source = new RemoteClockTimeSource(options, await sample());
    source.samples = 1;
    if (!options.fixedSpeed) {
      await wallSleep(FIRST_BASELINE_MS);
      source.take(await sample());
    }
    const base = options.intervalMs ?? (options.fixedSpeed ? 60_000 : 2_000);
    const max = Math.max(base, options.maxIntervalMs ?? 30_000);
    const schedule = (interval: number) => {
      if (source!.closed) return;
      source!.timer = setTimeout(() => {
        if (options.paused?.()) return schedule(interval);
        sample().then(
          (s) => schedule(source!.take(s) ? Math.min(max, interval * 2) : base),
          (err: unknown) => {
            options.onError?.(err);
            schedule(Math.min(max, interval * 2));
          },
        );
      }, interval);
      source!.timer.unref();
    };
    schedule(base);
    return source;
  }

  /** The current speed estimate (source ms per wall ms). */
  get speed(): number {
    return this.scaled.speed;
  }

  now(): number {
    return this.scaled.now();
  }

  sleepUntil(t: number, signal?: AbortSignal): Promise<void> {
    return this.scaled.sleepUntil(t, signal);
  }

  /** Stops sampling. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Re-anchors on a sample; true when it confirms the speed in use (within 2 %), so sampling may slow down. */
  private take(s: { source: number; wall: number }): boolean {
    const before = this.scaled.now() - (this.wall() - s.wall) * this.scaled.speed;
    const prev = this.last;
    this.last = s;
    const dWall = prev ? s.wall - prev.wall : 0;
    const dSource = prev ? s.source - prev.source : 0;
    const estimate = !this.options.fixedSpeed && dWall > 50 && dSource > 0 ? dSource / dWall : NaN;
    if (estimate > 0 && Number.isFinite(estimate)) {
      this.estimates.push(estimate);
      if (this.estimates.length > 5) this.estimates.shift();
    }
    // The median of recent estimates: one jump of the remote clock (a skipped night) is an outlier.
    const speed = this.scaled.speed;
    this.scaled.anchor(s.source, s.wall, this.estimates.length > 0 ? median(this.estimates) : speed);
    // confirmed: the extrapolation was right to 2 % of the time since the last sample
    return Math.abs(before - s.source) <= 0.02 * Math.max(1, dSource, dWall * speed) + 5;
  }
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
