import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { pino, type Logger } from 'pino';
import { MINUTE_MS } from '../core/time.js';
import { openBundle } from '../data/registry.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import { adminRoutes, createAdmin, type AlpacaSimAdmin } from './admin.js';
import { alpacaFront } from './alpaca-front.js';
import type { SimCredentials } from './auth.js';
import { binanceFront, BINANCE_COMMISSION } from './binance/front.js';
import { matchRoute, readText, requestUrl, send, type Reply } from './http-io.js';
import { DEFAULT_SIM_KEY, DEFAULT_SIM_SECRET, type AlpacaSimOptions } from './options.js';
import { BarHold } from './bar-hold.js';
import { Replay } from './replay.js';
import { buildVenueCore } from './venue-core.js';
import type { RawRequest } from './wire-front.js';

/** A running simulator. */
export interface AlpacaSim {
  /** Wire protocol served: `alpaca` (default) or `binance`. */
  readonly protocol: 'alpaca' | 'binance';
  /** REST base URL (`http://127.0.0.1:PORT`); streams are `ws://…` on the same port. */
  readonly baseUrl: string;
  /** Market-data REST base URL (the same server). */
  readonly dataUrl: string;
  readonly port: number;
  /**
   * The environment a client needs. Alpaca: trading REST (`APCA_API_BASE_URL`), market-data REST
   * (`APCA_API_DATA_URL`, and `APCA_DATA_BASE_URL` as older SDKs spell it), the market-data
   * stream's base (`APCA_API_STREAM_URL`, `ws://…`; clients add `/v2/iex`), key and secret.
   * Binance: `BINANCE_API_URL` (REST, `…/api/v3`), `BINANCE_STREAM_URL` (`ws://…/ws`), key and secret.
   */
  readonly env: Readonly<Record<string, string>>;
  /** First simulated instant and the last minute with bars. */
  readonly startMs: number;
  readonly endMs: number;
  readonly admin: AlpacaSimAdmin;
  /** Stops the replay, closes every connection and the server (and the bundle when it opened it). */
  close(): Promise<void>;
}

/**
 * Starts the local exchange simulator on 127.0.0.1: one venue (the bundle's minute bars replayed
 * from `start` at `speed`, orders filled by the `SimulatedBroker`, faults) behind Alpaca's wire
 * protocol (trading and market-data REST, trade_updates at `/stream`, market data at `/v2/iex`)
 * or, with `protocol: 'binance'`, Binance spot's (REST under `/api/v3`, streams under `/ws`).
 * Throws `UsageError` for a bundle without minute bars or a bad start.
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
  const log: Logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'venue-sim' });
  const creds: SimCredentials = { key: options.key ?? DEFAULT_SIM_KEY, secret: options.secret ?? DEFAULT_SIM_SECRET };
  const protocol = options.protocol ?? 'alpaca';
  const core = await buildVenueCore(options, reader, protocol === 'binance' ? BINANCE_COMMISSION() : undefined);
  const { clock, faults, venue } = core;
  const front = protocol === 'binance' ? binanceFront(core, creds, options.weightLimit) : alpacaFront(core, creds);
  const { trading, data } = front;
  faults.attach({
    drop: (k) => (k !== 'data' ? trading.drop() : 0) + (k !== 'trading' ? data.drop() : 0),
    silence: (k) => (k !== 'data' ? trading.silence() : 0) + (k !== 'trading' ? data.silence() : 0),
  });
  const bars = new BarHold(data);
  const replay = new Replay({ ...core, dataStream: bars }, core.startMs);
  let requests = 0;
  const admin = createAdmin({ clock, replay, faults, venue, trading, data, bars, requests: () => requests });
  const routes = [...adminRoutes(admin, faults), ...front.routes];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests++;
    const url = requestUrl(req.url);
    if (!url) return send(res, front.badTarget);
    const method = req.method ?? 'GET';
    const raw: RawRequest = { method, url, headers: req.headers, text: method === 'GET' || method === 'HEAD' ? '' : await readText(req) };
    const reply = (r: Reply): void => {
      const extra = front.headers?.(raw);
      send(res, extra ? { ...r, headers: { ...extra, ...r.headers } } : r);
    };
    const authError = front.authenticate(raw);
    if (authError) return reply(authError);
    const isAdmin = url.pathname.startsWith('/_sim/');
    if (!isAdmin && faults.latencyMs > 0) await delay(faults.latencyMs);
    const fault = isAdmin ? null : faults.restFault(url.pathname);
    if (fault) return reply(front.faultReply(fault));
    const found = matchRoute(routes, method, url.pathname);
    if (!found) return reply(front.notFound);
    const body = raw.text === '' ? undefined : front.parseBody(raw);
    await replay.runUntil(clock.now());
    const answer = await found.route.handle({ method, path: url.pathname, query: url.searchParams, params: found.params, body });
    if (answer.drop) {
      req.socket.destroy();
      return;
    }
    reply(answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const known = front.errorReply(err);
      if (known) return send(res, known);
      log.error({ err }, `${req.method} ${req.url}: ${(err as Error).message}`);
      send(res, front.internalError);
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const url = requestUrl(req.url);
    if (url === null) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else if (!front.upgrade(req, socket, head, url.pathname)) socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
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
  log.info({ port, start: new Date(core.startMs).toISOString() }, `${front.name} simulator listening on ${baseUrl}`);
  let closed = false;
  return {
    protocol,
    baseUrl,
    dataUrl: baseUrl,
    port,
    env: front.env(baseUrl),
    startMs: core.startMs,
    endMs: core.lastMinute + MINUTE_MS,
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
