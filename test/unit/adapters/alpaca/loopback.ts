import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AlpacaConfig } from '../../../../src/adapters/alpaca/config.js';
import { resolveAlpacaConfig } from '../../../../src/adapters/alpaca/config.js';

/** A request the loopback server received. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** REST handler: answer with `res`, or destroy `req.socket` to lose the answer. */
export type RestHandler = (req: SeenRequest, res: ServerResponse, raw: IncomingMessage) => void;
/** WebSocket handler, given the connection number (0 = first). */
export type WsHandler = (ws: WebSocket, index: number, path: string) => void;

/** A real HTTP + WebSocket server on 127.0.0.1 (port 0) for one test. */
export interface Loopback {
  url: string;
  wsUrl: string;
  requests: SeenRequest[];
  sockets: WebSocket[];
  config: AlpacaConfig;
  close(): Promise<void>;
}

/** Sends a JSON answer. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'X-Request-ID': 'req-test', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/** What a loopback server answers with. */
export interface LoopbackOptions {
  rest?: RestHandler;
  ws?: WsHandler;
  autoPong?: boolean;
  maxConnections?: number;
}

/** Starts the server; at most `maxConnections` WebSocket connections are accepted (bounded tests). */
export async function startLoopback(options: LoopbackOptions = {}): Promise<Loopback> {
  const requests: SeenRequest[] = [];
  const sockets: WebSocket[] = [];
  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('end', () => {
      const u = new URL(raw.url ?? '/', 'http://127.0.0.1');
      const req: SeenRequest = { method: raw.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: raw.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(req);
      if (options.rest) options.rest(req, res, raw);
      else json(res, 404, { code: 40410000, message: 'not found' });
    });
  });
  const wss = new WebSocketServer({ server, autoPong: options.autoPong ?? true });
  const max = options.maxConnections ?? 20;
  wss.on('connection', (ws, req) => {
    const index = sockets.length;
    sockets.push(ws);
    if (index >= max) {
      ws.terminate();
      return;
    }
    options.ws?.(ws, index, new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    requests,
    sockets,
    config: resolveAlpacaConfig({ keyId: 'test-key', secretKey: 'test-secret', baseUrl: url, dataUrl: url }, {}),
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Loopback servers and clients of one test, closed after it. */
export interface LoopbackScope {
  /** Starts a server that is closed after this test. */
  start(options?: LoopbackOptions): Promise<Loopback>;
  /** Runs `close` after this test, before its servers close. */
  closeAfterTest(close: () => Promise<void>): void;
}

/** Registers an `afterEach` that runs each test's closers, then closes the servers it started. */
export function useLoopbacks(): LoopbackScope {
  const closers: (() => Promise<void>)[] = [];
  const servers: Loopback[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    for (const server of servers.splice(0)) await server.close();
  });
  return {
    start: async (options) => {
      const server = await startLoopback(options);
      servers.push(server);
      return server;
    },
    closeAfterTest: (close) => { closers.push(close); },
  };
}

export { until } from '../../../helpers/poll.js';

/** Fast reconnect and keepalive timings for tests. */
export const FAST_SOCKET = {
  pingIntervalMs: 60_000,
  pongTimeoutMs: 60_000,
  handshakeTimeoutMs: 5_000,
  reconnect: { initialMs: 5, maxMs: 40, jitter: 0.2 },
};
