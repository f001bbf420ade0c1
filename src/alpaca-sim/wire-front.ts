import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { StreamBar } from './data-stream.js';
import type { RestFault } from './faults.js';
import type { Reply, Route } from './http-io.js';
import type { StreamHub } from './stream-hub.js';

/** Where the replay publishes each minute's bars. */
export interface BarPublisher {
  /** Minute bars (`b`) or corrections of earlier ones (`u`). */
  publish(bars: readonly StreamBar[], kind?: 'b' | 'u'): void;
}

/** A REST request before routing: what a protocol checks its authentication against. */
export interface RawRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  /** The body as text ('' when none). */
  readonly text: string;
}

/**
 * One wire protocol over the venue core (Alpaca's, Binance's): its REST routes, authentication,
 * error and fault answers, body format, streams and the environment a client needs. The server
 * does the rest (latency, counted faults, admin routes, routing, the replay).
 */
export interface WireFront {
  readonly name: string;
  readonly routes: readonly Route[];
  /** The order-event stream (trade_updates, the user-data stream). */
  readonly trading: StreamHub<unknown>;
  /** The market-data stream. */
  readonly data: StreamHub<unknown> & BarPublisher;
  /** The answer to an unauthenticated request, or null when it may proceed. */
  authenticate(req: RawRequest): Reply | null;
  /** Decodes a body (400 in the protocol's shape when it does not parse). */
  parseBody(req: RawRequest): unknown;
  /** The answer of a REST fault (429, 418, 5xx) in the protocol's shape. */
  faultReply(fault: NonNullable<RestFault>): Reply;
  /** The answer to `err` thrown by a route: its protocol error, or null for an unexpected one. */
  errorReply(err: unknown): Reply | null;
  readonly notFound: Reply;
  readonly badTarget: Reply;
  readonly internalError: Reply;
  /** Takes a WebSocket upgrade; false when no stream lives at `path`. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, path: string): boolean;
  /** Headers added to every answer (e.g. rate-limit counters). */
  headers?(req: RawRequest): Record<string, string>;
  /** The environment variables a client needs for `baseUrl`. */
  env(baseUrl: string): Record<string, string>;
}
