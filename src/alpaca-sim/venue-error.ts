/** An answer the venue gives instead of a result: HTTP status, Alpaca code, message, extra fields. */
export class VenueError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'VenueError';
  }

  /** Alpaca's error envelope. */
  body(): Record<string, unknown> {
    return { ...(this.code !== undefined ? { code: this.code } : {}), message: this.message, ...this.extra };
  }
}

/** Alpaca's code for a missing order, position or asset. */
export const CODE_NOT_FOUND = 40410000;

/** 404 with Alpaca's not-found code. */
export const notFound = (message: string): VenueError => new VenueError(404, CODE_NOT_FOUND, message);
