/**
 * Simulated time of the simulator. With `speed > 0` it runs at `speed` × wall time from its
 * start; with `speed = 0` it is manual and moves only through `setManual`. Time never goes back.
 */
export class ReplayClock {
  private baseSim: number;
  private baseWall: number;
  private speedValue: number;

  constructor(startMs: number, speed: number, private readonly wall: () => number = Date.now) {
    if (!(speed >= 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a number ≥ 0, got ${speed}`);
    this.baseSim = startMs;
    this.baseWall = wall();
    this.speedValue = speed;
  }

  /** Simulated minutes per real minute (0 = manual). */
  get speed(): number {
    return this.speedValue;
  }

  /** The simulated instant now, in epoch ms. */
  now(): number {
    return this.speedValue === 0 ? this.baseSim : this.baseSim + (this.wall() - this.baseWall) * this.speedValue;
  }

  /** Changes the speed from now on (0 pauses time). */
  setSpeed(speed: number): void {
    if (!(speed >= 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a number ≥ 0, got ${speed}`);
    this.baseSim = this.now();
    this.baseWall = this.wall();
    this.speedValue = speed;
  }

  /** Moves simulated time forward to `ms` (never back); the speed is kept. */
  jumpTo(ms: number): void {
    if (ms <= this.now()) return;
    this.baseSim = ms;
    this.baseWall = this.wall();
  }
}
