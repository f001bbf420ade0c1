import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { restAuthError, type SimCredentials } from './auth.js';
import { dataRoutes } from './data-routes.js';
import { DataStreamServer } from './data-stream.js';
import { errorReply, parseJsonBody } from './http-io.js';
import { MinuteBarCache } from './minute-cache.js';
import { snapshotRoutes } from './snapshot-routes.js';
import { tradingRoutes } from './trading-routes.js';
import { TradingStreamServer } from './trading-stream.js';
import type { VenueCore } from './venue-core.js';
import { VenueError } from './venue-error.js';
import type { WireFront } from './wire-front.js';

const DATA_STREAM_PATHS = /^\/(v2\/(iex|sip|test|delayed_sip)|v1beta3\/crypto\/us)$/;

/**
 * Alpaca's wire protocol over the venue core (reference: alpaca-protocol.md): trading and
 * market-data REST with `APCA-API-*` headers, trade_updates at `/stream`, market data at
 * `/v2/iex` (JSON or MessagePack), Alpaca's error envelope and rate-limit headers.
 */
export function alpacaFront(core: VenueCore, creds: SimCredentials): WireFront {
  const { venue, portfolio, calendar, assets, faults, reader } = core;
  const now = () => core.clock.now();
  const trading = new TradingStreamServer(creds);
  const data = new DataStreamServer(creds, faults);
  venue.onUpdate((u) => trading.publish(u));
  const dataContext = { reader, minutes: new MinuteBarCache(reader), venue, now };
  return {
    name: 'Alpaca',
    routes: [
      ...tradingRoutes({ venue, portfolio, calendar, assets, faults, now }),
      ...dataRoutes(dataContext),
      ...snapshotRoutes(dataContext),
    ],
    trading,
    data,
    authenticate: (req) => {
      const err = restAuthError(req.headers, creds);
      return err ? errorReply(err) : null;
    },
    parseBody: (req) => parseJsonBody(req.text),
    faultReply: (fault) => {
      if (fault.kind === 'server-error') return { status: fault.status, body: { code: 50010000, message: 'internal server error' } };
      const reset = String(Math.ceil(Date.now() / 1000 + fault.retryAfterSec));
      return {
        status: 429, body: { code: 42910000, message: 'rate limit exceeded' },
        headers: { 'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset, 'Retry-After': String(fault.retryAfterSec) },
      };
    },
    errorReply: (err) => (err instanceof VenueError ? errorReply(err) : null),
    notFound: { status: 404, body: { code: 40410000, message: 'endpoint not found' } },
    badTarget: { status: 400, body: { code: 40010000, message: 'malformed request target' } },
    internalError: { status: 500, body: { code: 50010000, message: 'internal server error' } },
    upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, path: string) => {
      if (path === '/stream') trading.upgrade(req, socket, head, path);
      else if (DATA_STREAM_PATHS.test(path)) data.upgrade(req, socket, head, path);
      else return false;
      return true;
    },
    env: (baseUrl) => ({
      APCA_API_BASE_URL: baseUrl, APCA_API_DATA_URL: baseUrl, APCA_DATA_BASE_URL: baseUrl, APCA_API_STREAM_URL: baseUrl.replace(/^http/, 'ws'),
      APCA_API_KEY_ID: creds.key, APCA_API_SECRET_KEY: creds.secret,
    }),
  };
}
