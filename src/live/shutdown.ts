import type { Logger } from 'pino';

/** Options of `ShutdownController`. */
export interface ShutdownOptions {
  readonly logger: Logger;
  /** Stops taking bars (the clock's `stop`); the running handler finishes on its own. */
  readonly stop: () => void;
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
 * logs, print the summary, exit 0. A second signal, or a wind-down that takes longer than
 * `forceAfterMs`, forces the exit (code 1) after a last flush.
 */
export class ShutdownController {
  private reasonValue: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly handlers = new Map<NodeJS.Signals, () => void>();

  constructor(private readonly options: ShutdownOptions) {}

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
    const { logger } = this.options;
    if (this.reasonValue !== undefined) {
      logger.warn({ reason }, 'second stop request: exiting now');
      this.force();
      return;
    }
    this.reasonValue = reason;
    logger.info({ reason }, 'stopping: no more bars; finishing the running handler');
    this.options.stop();
    this.timer = setTimeout(() => {
      logger.error({ afterMs: this.options.forceAfterMs ?? 10_000 }, 'shutdown is taking too long: exiting now');
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
      this.options.onForce?.();
    } finally {
      (this.options.exit ?? process.exit)(1);
    }
  }
}
