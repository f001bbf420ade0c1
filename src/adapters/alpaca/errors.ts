import { OrderRejectedError, ZiplimeError } from '../../core/errors.js';
import { StreamAuthError, type RestErrors } from '../../net/errors.js';
import { ErrorBodyWire } from './wire/trading.js';

/** Alpaca answered with an error status. Messages never contain credentials. */
export class AlpacaApiError extends ZiplimeError {
  /** HTTP status (403, 404, 422, 429, 5xx, …). */
  readonly status: number;
  /** Alpaca's 8-digit error code, when the body had one. */
  readonly code: number | undefined;
  /** Alpaca's message (or the HTTP status text). */
  readonly apiMessage: string;
  /** The `X-Request-ID` of the response, for Alpaca support. */
  readonly requestId: string | undefined;
  /** The decoded error body (extra fields such as `buying_power`). */
  readonly body: Readonly<Record<string, unknown>> | undefined;
  constructor(
    endpoint: string,
    status: number,
    apiMessage: string,
    details: { code?: number; requestId?: string; body?: Record<string, unknown> } = {},
  ) {
    const code = details.code !== undefined ? ` (code ${details.code})` : '';
    super(`Alpaca ${endpoint}: HTTP ${status} ${apiMessage}${code}${hintFor(status)}`);
    this.status = status;
    this.code = details.code;
    this.apiMessage = apiMessage;
    this.requestId = details.requestId;
    this.body = details.body;
  }
}

function hintFor(status: number): string {
  if (status === 401) return '; check APCA_API_KEY_ID / APCA_API_SECRET_KEY and that they match APCA_API_BASE_URL (paper or live)';
  if (status === 429) return '; too many requests: lower the request rate';
  return '';
}

/**
 * The request never got a complete answer (timeout, refused or dropped connection, bad payload).
 * `ambiguous` is true when the server may have acted on it (the request was possibly sent).
 */
export class AlpacaNetworkError extends ZiplimeError {
  readonly ambiguous: boolean;
  constructor(endpoint: string, reason: string, ambiguous: boolean, options?: { cause?: unknown }) {
    super(`Alpaca ${endpoint}: ${reason}; check the network and APCA_API_BASE_URL / APCA_API_DATA_URL`, undefined, options);
    this.ambiguous = ambiguous;
  }
}

/** Alpaca sent a payload that does not match its documented shape. */
export class AlpacaPayloadError extends ZiplimeError {
  constructor(endpoint: string, issue: string) {
    super(`Alpaca ${endpoint}: unexpected response (${issue}); the API may have changed, report it with this line`);
  }
}

/**
 * An order submission whose outcome could not be established: the POST failed ambiguously and
 * the lookup by client order id did not answer either. The order may or may not exist.
 */
export class OrderStateUnknownError extends ZiplimeError {
  readonly clientOrderId: string;
  constructor(clientOrderId: string, options?: { cause?: unknown }) {
    super(
      `order '${clientOrderId}' may or may not have reached Alpaca (no answer, and the lookup by client_order_id failed); ` +
        'check open orders before submitting it again',
      undefined,
      options,
    );
    this.clientOrderId = clientOrderId;
  }
}

/** A stream refused our credentials (not retried: reconnecting would not help). */
export class AlpacaAuthError extends StreamAuthError {
  constructor(stream: string, detail: string) {
    super(`Alpaca ${stream}: authentication failed (${detail}); check APCA_API_KEY_ID / APCA_API_SECRET_KEY`);
  }
}

/** 403 and 422 answers to an order request are rejections of that order. */
export function isOrderRejection(err: unknown): err is AlpacaApiError {
  return err instanceof AlpacaApiError && (err.status === 403 || err.status === 422);
}

/** Converts an order-request rejection to the core `OrderRejectedError` (other errors pass through). */
export function asOrderRejection(err: unknown, symbol: string): unknown {
  if (!isOrderRejection(err)) return err;
  const rejected = new OrderRejectedError(`${symbol}: ${err.apiMessage}${err.code !== undefined ? ` (Alpaca code ${err.code})` : ''}`);
  (rejected as { cause?: unknown }).cause = err;
  return rejected;
}

/** Alpaca's REST errors, for the shared `RestClient`: its error body (`code`, `message`), request id and hints. */
export const alpacaRestErrors: RestErrors = {
  status(endpoint, res, text) {
    let body: ErrorBodyWire | undefined;
    try {
      const parsed = ErrorBodyWire.safeParse(JSON.parse(text));
      if (parsed.success) body = parsed.data;
    } catch {
      body = undefined;
    }
    const message = body?.message ?? (text.trim().slice(0, 200) || res.statusText || 'error');
    return new AlpacaApiError(endpoint, res.status, message, { code: body?.code, requestId: res.headers.get('x-request-id') ?? undefined, body });
  },
  network: (endpoint, reason, ambiguous, cause) => new AlpacaNetworkError(endpoint, reason, ambiguous, { cause }),
  payload: (endpoint, issue) => new AlpacaPayloadError(endpoint, issue),
};
