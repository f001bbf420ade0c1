import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { VenueError } from './venue-error.js';

/** A decoded REST request. */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Captured groups of the route pattern (URI-decoded). */
  readonly params: readonly string[];
  readonly body: unknown;
}

/** A route's answer; `drop` destroys the connection instead (an answer lost on the way). */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly drop?: boolean;
}

/** One REST route. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly pattern: RegExp;
  handle(req: SimRequest): Promise<Reply>;
}

/** Largest request body accepted. */
const MAX_BODY = 1 << 20;

/** A JSON answer. */
export const ok = (body: unknown, status = 200): Reply => ({ status, body });

/** Writes an answer: JSON (or nothing for 204), always with `X-Request-ID`. */
export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'X-Request-ID': randomUUID(), ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** A `VenueError` as its answer. */
export const errorReply = (err: VenueError, headers?: Record<string, string>): Reply => ({ status: err.status, body: err.body(), headers });

/** Reads a body as text ('' when empty); 413 beyond 1 MiB. */
export async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new VenueError(413, 40010000, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** A JSON body (undefined when empty); 400 when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new VenueError(400, 40010000, 'request body format is invalid');
  }
}

/** The route for a method and path, with its captured groups. */
export function matchRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1).map(decodePathPart) };
  }
  return undefined;
}

/** A URI-decoded path segment; 400 (Alpaca's envelope) for a malformed percent-escape. */
function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new VenueError(400, 40010000, `malformed percent-escape in path segment '${part}'`);
  }
}

/** The request's URL against the loopback origin; null when the request target is not a URL (e.g. `http://[`). */
export function requestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}
