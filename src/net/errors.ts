import { ZiplimeError } from '../core/errors.js';

/**
 * A stream refused the credentials: reconnecting would not help, so a `ReconnectingSocket`
 * stops when a handshake throws it. Venues subclass it with their own hint.
 */
export class StreamAuthError extends ZiplimeError {}

/** How a venue's REST errors are made: its error types, messages and hints. */
export interface RestErrors {
  /** The server answered `status` (not 2xx) with `body` text. */
  status(endpoint: string, response: { status: number; statusText: string; headers: Headers }, body: string): Error;
  /** No complete answer; `ambiguous` when the server may have acted on the request. */
  network(endpoint: string, reason: string, ambiguous: boolean, cause: unknown): Error;
  /** A 2xx body that is not the documented shape. */
  payload(endpoint: string, issue: string): Error;
}
