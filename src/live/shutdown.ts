import { pino, type Logger } from 'pino';

/** Options of `ShutdownController`. */
export interface ShutdownOptions {
  /** Where stop requests are logged (silent until `useLogger` when absent). */
  readonly logger?: Logger;
  /** Stops taking bars (the clock's `stop`); more targets can be added with `onStop`. */
  readonly stop?: () => void;
  /** Signals to handle (default SIGINT and SIGTERM). */
  readonly signals?: readonly NodeJS.Signals[];
  /**
   * Called when the graceful path has not finished this long after the first signal (default
   * 10 s), or on a second signal: last-chance flush, then the process exits with code 1.
   */
  readonly forceAfterMs?: number;
  readonly onForce?: () => void;
  /** Exits the process (default `process.exit`; tests pass a spy). */
  readonly exit?: (code: number) => void;
}

/**
 * Graceful SIGINT/SIGTERM: the first signal stops the clock (no more bars; the running handler
 * finishes) and lets the session wind down — cancel or keep open orders, flush the journal and
 * logs, print the summary, exit 0. The CLI installs it before anything else and disposes it
 * after the last write, so a signal during startup (the clock is stopped as soon as it exists)
 * or while results are written is handled the same way. A second signal, or a wind-down that takes longer than
 * `forceAfterMs`, forces the exit (code 1) after a last flush.
 */
export class ShutdownController {
  private reasonValue: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly handlers = new Map<NodeJS.Signals, () => void>();
  private readonly stops: (() => void)[] = [];
  private readonly forces: (() => void)[] = [];

  private logger: Logger;

  constructor(private readonly options: ShutdownOptions) {
    this.logger = options.logger ?? pino({ level: 'silent' });
    if (options.stop) this.stops.push(options.stop);
    if (options.onForce) this.forces.push(options.onForce);
  }

  /**
   * Adds what a stop request stops (a session's clock, once it exists) and, optionally, a
   * last-chance flush for a forced exit; `stop` runs at once when a stop was already requested
   * (a signal during startup). Returns a remover.
   */
  onStop(stop: () => void, onForce?: () => void): () => void {
    this.stops.push(stop);
    if (onForce) this.forces.push(onForce);
    if (this.reasonValue !== undefined) stop();
    return () => {
      this.stops.splice(this.stops.indexOf(stop) >>> 0, 1);
      if (onForce) this.forces.splice(this.forces.indexOf(onForce) >>> 0, 1);
    };
  }

  /** Logs stop requests to `logger` from now on (the process logger exists only after the options are read). */
  useLogger(logger: Logger): void {
    this.logger = logger;
  }

  /** Installs the signal handlers. */
  install(): this {
    for (const signal of this.options.signals ?? ['SIGINT', 'SIGTERM']) {
      const handler = () => this.request(signal);
      this.handlers.set(signal, handler);
      process.on(signal, handler);
    }
    return this;
  }

  /** Why the session is stopping (a signal name or another reason), or undefined while it runs. */
  get reason(): string | undefined {
    return this.reasonValue;
  }

  /** Asks the session to stop; a second request forces the exit. */
  request(reason: string): void {
    const { logger } = this;
    if (this.reasonValue !== undefined) {
      logger.warn({ reason }, 'second stop request: exiting now');
      this.force();
      return;
    }
    this.reasonValue = reason;
    logger.info({ reason }, 'stopping: no more bars; finishing the running handler');
    for (const stop of [...this.stops]) stop();
    this.timer = setTimeout(() => {
      this.logger.error({ afterMs: this.options.forceAfterMs ?? 10_000 }, 'shutdown is taking too long: exiting now');
      this.force();
    }, this.options.forceAfterMs ?? 10_000);
    this.timer.unref();
  }

  /** Removes the handlers and the force timer (the wind-down finished). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
    this.handlers.clear();
  }

  private force(): void {
    try {
      for (const flush of this.forces) flush();
    } finally {
      (this.options.exit ?? process.exit)(1);
    }
  }
}
