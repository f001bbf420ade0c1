import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { PerDollarCommission } from '../../finance/commission.js';
import type { SimCredentials } from '../auth.js';
import { parseJsonBody } from '../http-io.js';
import { MinuteBarCache } from '../minute-cache.js';
import type { VenueCore } from '../venue-core.js';
import { VenueError } from '../venue-error.js';
import type { RawRequest, WireFront } from '../wire-front.js';
import { BINANCE_CODES as C, BinanceError } from './errors.js';
import { BINANCE_FEE_RATE, BinanceExchange } from './exchange.js';
import { checkRequest, type Security } from './request-auth.js';
import { WEIGHT_LIMIT_1M, WeightCounter, weightOf } from './request-weight.js';
import { binanceRoutes } from './rest-routes.js';
import { BinanceMarketStream, BinanceUserStream } from './streams.js';

/** The commission of the Binance protocol's fills: 0.1 % of the value (in the quote asset). */
export const BINANCE_COMMISSION = (): PerDollarCommission => new PerDollarCommission(BINANCE_FEE_RATE);

const SIGNED = /^\/api\/v3\/(order(\/test)?|openOrders|allOrders|account|myTrades)$/;

function securityOf(path: string): Security {
  if (SIGNED.test(path)) return 'SIGNED';
  if (path === '/api/v3/userDataStream' || path.startsWith('/_sim/')) return 'USER_STREAM';
  return 'NONE';
}

/**
 * Binance spot's wire protocol over the venue core, for ccxt's `binance` class and other Binance
 * clients: REST under `/api/v3` (HMAC-SHA256 signed where Binance signs, `X-MBX-APIKEY`, form
 * bodies, Binance's error codes, `X-MBX-USED-WEIGHT-1M`, 429 / 418 with `Retry-After`), kline
 * streams under `/ws` and `/stream`, and the user-data stream at `/ws/<listenKey>`.
 */
export function binanceFront(core: VenueCore, creds: SimCredentials, weightLimit = WEIGHT_LIMIT_1M): WireFront {
  const listenKeys = new Set<string>();
  const exchange = new BinanceExchange(core.venue);
  const bySymbol = new Map([...exchange.markets.values()].map((m) => [m.asset.symbol, m.symbol]));
  const data = new BinanceMarketStream(exchange, (s) => bySymbol.get(s));
  const trading = new BinanceUserStream(exchange, listenKeys);
  core.venue.onUpdate((u) => { void trading.publish(u); });
  const weights = new WeightCounter();
  let used = 0;
  return {
    name: 'Binance',
    routes: binanceRoutes({ exchange, reader: core.reader, minutes: new MinuteBarCache(core.reader), faults: core.faults, now: () => core.clock.now(), listenKeys }),
    trading,
    data,
    authenticate: (req: RawRequest) => {
      const path = req.url.pathname;
      used = path.startsWith('/_sim/') ? used : weights.add(weightOf(req.method, path, req.url.searchParams));
      if (used > weightLimit) {
        return {
          status: 429, headers: { 'Retry-After': String(weights.retryAfterSec()) },
          body: { code: C.TOO_MANY_REQUESTS, msg: `Too many requests; current limit of IP(127.0.0.1) is ${weightLimit} requests per minute. Please use the websocket for live updates to avoid using the API.` },
        };
      }
      try {
        checkRequest(req, securityOf(path), creds);
        return null;
      } catch (err) {
        if (err instanceof BinanceError) return err.reply();
        throw err;
      }
    },
    parseBody: (req) => (req.text.startsWith('{') ? parseJsonBody(req.text) : new URLSearchParams(req.text)),
    faultReply: (fault) => {
      if (fault.kind === 'server-error') {
        // Binance's 500 carries -1001; its gateways' 502/503/504 come without a JSON body.
        return fault.status === 500 ? { status: 500, body: { code: C.DISCONNECTED, msg: 'Internal error; unable to process your request. Please try again.' } } : { status: fault.status };
      }
      const until = Date.now() + fault.retryAfterSec * 1000;
      return fault.kind === 'ip-ban'
        ? { status: 418, headers: { 'Retry-After': String(fault.retryAfterSec) }, body: { code: C.TOO_MANY_REQUESTS, msg: `Way too much request weight used; IP banned until ${until}. Please use the websocket for live updates to avoid bans.` } }
        : { status: 429, headers: { 'Retry-After': String(fault.retryAfterSec) }, body: { code: C.TOO_MANY_REQUESTS, msg: `Too many requests; current limit of IP(127.0.0.1) is ${weightLimit} requests per minute.` } };
    },
    errorReply: (err) => {
      if (err instanceof BinanceError) return err.reply();
      if (err instanceof VenueError) return { status: err.status >= 500 ? err.status : 400, body: { code: C.UNKNOWN, msg: err.message } };
      return null;
    },
    notFound: { status: 404, body: { code: C.UNKNOWN, msg: 'Unknown endpoint.' } },
    badTarget: { status: 400, body: { code: C.ILLEGAL_CHARS, msg: 'Malformed request target.' } },
    internalError: { status: 500, body: { code: C.UNKNOWN, msg: 'An unknown error occurred while processing the request.' } },
    headers: (req): Record<string, string> => (req.url.pathname.startsWith('/api/') ? { 'X-MBX-USED-WEIGHT-1M': String(used) } : {}),
    upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, path: string) => {
      const search = new URL(req.url ?? '/', 'http://127.0.0.1').search;
      if (path.startsWith('/ws/') && listenKeys.has(path.slice(4))) trading.upgrade(req, socket, head, path);
      else if (path === '/ws' || path.startsWith('/ws/') || path === '/stream') data.upgrade(req, socket, head, path + search);
      else return false;
      return true;
    },
    env: (baseUrl) => ({
      BINANCE_API_URL: `${baseUrl}/api/v3`, BINANCE_STREAM_URL: `${baseUrl.replace(/^http/, 'ws')}/ws`,
      ZIPLIME_CCXT_API_KEY: creds.key, ZIPLIME_CCXT_SECRET: creds.secret,
    }),
  };
}
