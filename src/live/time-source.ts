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
}

/** Longest single wall-time wait, so a re-anchored or sped-up source is never overslept. */
export const MAX_SLEEP_SLICE_MS = 250;

function wallSleep(ms: number, signal?: AbortSignal): Promise<void> {
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

/** Options of `RemoteClockTimeSource`. */
export interface RemoteClockOptions {
  /** Reads the remote clock (e.g. Alpaca's `GET /v2/clock` timestamp), epoch ms. */
  read: () => Promise<number>;
  /** Speed to assume until two samples give a better estimate (default 1). */
  speed?: number;
  /** Keep `speed` instead of estimating it (a real broker's clock runs at wall speed; only its offset matters). */
  fixedSpeed?: boolean;
  /** Wall ms between samples (default 2000). */
  intervalMs?: number;
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

  private constructor(private readonly options: RemoteClockOptions, first: { source: number; wall: number }) {
    this.wall = options.wall ?? Date.now;
    this.scaled = new ScaledTimeSource(first.source, options.speed ?? 1, this.wall);
    this.scaled.anchor(first.source, first.wall);
    this.last = first;
  }

  /** Takes two samples (to estimate the speed) and starts sampling in the background. */
  static async start(options: RemoteClockOptions): Promise<RemoteClockTimeSource> {
    const wall = options.wall ?? Date.now;
    const sample = async () => {
      const before = wall();
      const source = await options.read();
      return { source, wall: (before + wall()) / 2 };
    };
    const source = new RemoteClockTimeSource(options, await sample());
    if (!options.fixedSpeed) {
      await wallSleep(200);
      source.take(await sample());
    }
    const interval = options.intervalMs ?? 2000;
    source.timer = setInterval(() => {
      sample().then((s) => source.take(s), (err: unknown) => options.onError?.(err));
    }, interval);
    source.timer.unref();
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
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private take(s: { source: number; wall: number }): void {
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
    this.scaled.anchor(s.source, s.wall, this.estimates.length > 0 ? median(this.estimates) : this.scaled.speed);
  }
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
