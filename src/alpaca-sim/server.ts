import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { pino, type Logger } from 'pino';
import { bundleCalendar } from '../data/bundle-calendar.js';
import { UsageError } from '../core/errors.js';
import { localDay, MINUTE_MS } from '../core/time.js';
import { createBundleMarketData } from '../data/market-data/index.js';
import { openBundle } from '../data/registry.js';
import { NeverCancel } from '../finance/cancel-policy.js';
import { NoCommission } from '../finance/commission.js';
import { FixedBasisPointsSlippage } from '../finance/slippage/fixed-basis-points.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { TradingCalendar } from '../ports/calendar.js';
import { SimulatedBroker } from '../sim/simulated-broker.js';
import { adminRoutes, createAdmin, type AlpacaSimAdmin } from './admin.js';
import { restAuthError, type SimCredentials } from './auth.js';
import { dataRoutes } from './data-routes.js';
import { snapshotRoutes } from './snapshot-routes.js';
import { DataStreamServer } from './data-stream.js';
import { FaultState } from './faults.js';
import { errorReply, matchRoute, readBody, requestUrl, send, type Route } from './http-io.js';
import { venueMinuteOfDay } from './market-hours.js';
import { DEFAULT_SIM_KEY, DEFAULT_SIM_SECRET, DEFAULT_SIM_SPEED, type AlpacaSimOptions } from './options.js';
import { PartialFillSlippage } from './partial-fills.js';
import { ReplayClock } from './replay-clock.js';
import { MinuteBarCache } from './minute-cache.js';
import { Replay } from './replay.js';
import { tradingRoutes } from './trading-routes.js';
import { TradingStreamServer } from './trading-stream.js';
import { VenueError } from './venue-error.js';
import { VenuePortfolio } from './venue-portfolio.js';
import { Venue } from './venue.js';
import { VENUE_TZ } from '../adapters/alpaca/config.js';
import { isTradable } from './wire-format.js';

/** A running simulator. */
export interface AlpacaSim {
  /** Trading REST base URL (`http://127.0.0.1:PORT`); the trade_updates stream is `ws://…/stream`. */
  readonly baseUrl: string;
  /** Market-data REST base URL (the same server); the stream is `ws://…/v2/iex` (or `/v2/sip`). */
  readonly dataUrl: string;
  readonly port: number;
  /**
   * The environment the official SDKs and ziplime read: trading REST (`APCA_API_BASE_URL`), market-data
   * REST (`APCA_API_DATA_URL`, and `APCA_DATA_BASE_URL` as older SDKs spell it), the market-data
   * stream's base (`APCA_API_STREAM_URL`, `ws://…`; clients add `/v2/iex`), key and secret.
   */
  readonly env: Readonly<Record<SimEnvName, string>>;
  /** First simulated instant and the last minute with bars. */
  readonly startMs: number;
  readonly endMs: number;
  readonly admin: AlpacaSimAdmin;
  /** Stops the replay, closes every connection and the server (and the bundle when it opened it). */
  close(): Promise<void>;
}

/** Environment variables `ziplime sim` prints. */
export type SimEnvName = 'APCA_API_BASE_URL' | 'APCA_API_DATA_URL' | 'APCA_DATA_BASE_URL' | 'APCA_API_STREAM_URL' | 'APCA_API_KEY_ID' | 'APCA_API_SECRET_KEY';

const DATA_STREAM_PATHS = /^\/(v2\/(iex|sip|test|delayed_sip)|v1beta3\/crypto\/us)$/;

function startInstant(cal: TradingCalendar, start: string | undefined, first: number, last: number): number {
  if (start === undefined) return cal.opens[first]!;
  if (/^\d{4}-\d{2}-\d{2}$/.test(start)) {
    const i = cal.sessionOnOrAfter(start);
    if (i > last || i >= cal.sessions.length) throw new UsageError(`--start ${start} is after the last session with minute bars (${cal.sessions[last]})`);
    return cal.opens[Math.max(i, first)]!;
  }
  const ms = Date.parse(start);
  if (Number.isNaN(ms)) throw new UsageError(`--start '${start}' is not a date (YYYY-MM-DD) or an RFC 3339 instant`);
  return Math.max(ms, cal.opens[first]!);
}

/**
 * Starts the local Alpaca-compatible server on 127.0.0.1: trading REST, market-data REST, the
 * trade_updates stream (`/stream`, binary frames) and the market-data stream (`/v2/iex`),
 * replaying the bundle's minute bars from `start` at `speed` and filling orders with the
 * `SimulatedBroker`. Throws `UsageError` for a bundle without minute bars or a bad start.
 */
export async function startAlpacaSim(options: AlpacaSimOptions): Promise<AlpacaSim> {
  const ownsReader = !options.reader;
  const reader = options.reader ?? await openBundle(options.bundlesDir, options.bundle ?? 'demo');
  try {
    return await start(options, reader, ownsReader);
  } catch (err) {
    if (ownsReader) await reader.close();
    throw err;
  }
}

async function start(options: AlpacaSimOptions, reader: BundleReader, ownsReader: boolean): Promise<AlpacaSim> {
  const log: Logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'alpaca-sim' });
  const creds: SimCredentials = { key: options.key ?? DEFAULT_SIM_KEY, secret: options.secret ?? DEFAULT_SIM_SECRET };
  const calendar = await bundleCalendar(reader);
  const range = await reader.range('minute');
  if (!range) throw new UsageError(`bundle '${reader.meta.name}' has no minute bars; the simulator replays minute bars (ingest a bundle with minute data)`);
  const firstSession = calendar.sessionOnOrAfter(localDay(calendar.tz, range.first));
  const lastSession = calendar.sessionOnOrBefore(localDay(calendar.tz, range.last));
  const startMs = startInstant(calendar, options.start, firstSession, lastSession);
  const mdStart = Math.max(firstSession, Math.min(lastSession, calendar.sessionOnOrAfter(localDay(calendar.tz, startMs))));
  const marketData = await createBundleMarketData({ reader, calendar, frequency: 'minute', startIndex: mdStart, endIndex: lastSession });
  await marketData.advanceTo(startMs);
  const assets = await reader.assets();
  const clock = new ReplayClock(startMs, options.speed ?? DEFAULT_SIM_SPEED);
  const cash = options.cash ?? 100_000;

  let venue!: Venue;
  const broker = new SimulatedBroker({
    marketData,
    fill: 'next-close',
    models: {
      commission: options.models?.commission ?? new NoCommission(),
      slippage: new PartialFillSlippage(options.models?.slippage ?? new FixedBasisPointsSlippage(), options.partialFillRatio ?? 1),
      cancelPolicy: options.models?.cancelPolicy ?? new NeverCancel(),
    },
    startingCash: cash,
    newId: randomUUID,
    name: 'alpaca-sim',
    time: () => venue.stamp(),
  });
  venue = new Venue({
    broker, marketData, assets, now: () => clock.now(),
    isTradable: (a) => isTradable(a, localDay(VENUE_TZ, clock.now())),
    venueMinuteOfDay: () => venueMinuteOfDay(clock.now()),
  });
  const portfolio = new VenuePortfolio(venue, marketData, cash, startMs);
  const faults = new FaultState(options.latencyMs ?? 0);
  const trading = new TradingStreamServer(creds);
  const data = new DataStreamServer(creds, faults);
  faults.attach({
    drop: (k) => (k !== 'data' ? trading.drop() : 0) + (k !== 'trading' ? data.drop() : 0),
    silence: (k) => (k !== 'data' ? trading.silence() : 0) + (k !== 'trading' ? data.silence() : 0),
  });
  if (options.faults) faults.apply(options.faults);
  venue.onUpdate((u) => trading.publish(u));
  const replay = new Replay({ calendar, marketData, assets, venue, portfolio, dataStream: data, firstSession: mdStart, lastSession }, startMs);
  let requests = 0;
  const admin = createAdmin({ clock, replay, faults, venue, trading, data, requests: () => requests });
  const now = () => clock.now();
  const dataContext = { reader, minutes: new MinuteBarCache(reader), venue, now };
  const routes: Route[] = [
    ...adminRoutes(admin, faults),
    ...tradingRoutes({ venue, portfolio, calendar, assets, faults, now }),
    ...dataRoutes(dataContext),
    ...snapshotRoutes(dataContext),
  ];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests++;
    const url = requestUrl(req.url);
    if (!url) return send(res, { status: 400, body: { code: 40010000, message: 'malformed request target' } });
    const authError = restAuthError(req.headers, creds);
    if (authError) return send(res, errorReply(authError));
    const admin = url.pathname.startsWith('/_sim/');
    if (!admin && faults.latencyMs > 0) await delay(faults.latencyMs);
    const fault = admin ? null : faults.restFault(url.pathname);
    if (fault?.kind === 'rate-limit') {
      const reset = String(Math.ceil(Date.now() / 1000 + fault.retryAfterSec));
      return send(res, {
        status: 429, body: { code: 42910000, message: 'rate limit exceeded' },
        headers: { 'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset, 'Retry-After': String(fault.retryAfterSec) },
      });
    }
    if (fault?.kind === 'server-error') return send(res, { status: fault.status, body: { code: 50010000, message: 'internal server error' } });
    const found = matchRoute(routes, req.method ?? 'GET', url.pathname);
    if (!found) return send(res, { status: 404, body: { code: 40410000, message: 'endpoint not found' } });
    const body = req.method === 'POST' || req.method === 'PATCH' ? await readBody(req) : undefined;
    await replay.runUntil(clock.now());
    const reply = await found.route.handle({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, params: found.params, body });
    if (reply.drop) {
      req.socket.destroy();
      return;
    }
    send(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof VenueError) return send(res, errorReply(err));
      log.error({ err }, `${req.method} ${req.url}: ${(err as Error).message}`);
      send(res, { status: 500, body: { code: 50010000, message: 'internal server error' } });
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const path = requestUrl(req.url)?.pathname;
    if (path === undefined) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else if (path === '/stream') trading.upgrade(req, socket, head, path);
    else if (DATA_STREAM_PATHS.test(path)) data.upgrade(req, socket, head, path);
    else socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  let ticking: Promise<void> | undefined;
  const ticker = setInterval(() => {
    if (clock.speed === 0 || ticking) return;
    ticking = replay.runUntil(clock.now())
      .catch((err: unknown) => log.error({ err }, `replay failed: ${(err as Error).message}`))
      .finally(() => { ticking = undefined; });
  }, Math.max(5, Math.min(250, Math.floor(MINUTE_MS / Math.max(1, clock.speed) / 4))));

  const baseUrl = `http://127.0.0.1:${port}`;
  log.info({ port, start: new Date(startMs).toISOString() }, `Alpaca simulator listening on ${baseUrl}`);
  let closed = false;
  return {
    baseUrl,
    dataUrl: baseUrl,
    port,
    env: {
      APCA_API_BASE_URL: baseUrl, APCA_API_DATA_URL: baseUrl, APCA_DATA_BASE_URL: baseUrl, APCA_API_STREAM_URL: baseUrl.replace(/^http/, 'ws'),
      APCA_API_KEY_ID: creds.key, APCA_API_SECRET_KEY: creds.secret,
    },
    startMs,
    endMs: range.last + MINUTE_MS,
    admin,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(ticker);
      await ticking;
      await Promise.all([trading.close(), data.close()]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await replay.runUntil(-Infinity);
      if (ownsReader) await reader.close();
    },
  };
}
