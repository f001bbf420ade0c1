import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import { pino } from 'pino';
import type { FeedStatus } from '../ports/live-feed.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { StreamAuthError } from './errors.js';
import { decodeFrame } from './frames.js';

/** Options of a reconnecting WebSocket. */
export interface ReconnectingSocketOptions {
  url: string;
  /** Name used in logs and errors (`trade_updates`, `market data`). */
  name: string;
  /** Ping interval (default 10 s). */
  pingIntervalMs?: number;
  /** Deadline for the pong after each ping (default 5 s). */
  pongTimeoutMs?: number;
  /** Reconnect when no message arrived for this long while `isWatchdogActive()` (default off). */
  staleAfterMs?: number | null;
  /** Whether silence is suspicious now (e.g. market hours); default always. */
  isWatchdogActive?: () => boolean;
  /** Deadline for connecting plus the handshake (default 15 s). */
  handshakeTimeoutMs?: number;
  /** Reconnect backoff (default 1 s → 64 s, ±20 %). */
  reconnect?: BackoffOptions;
  random?: () => number;
  /** Where to log (the venue's child logger, with its secrets redacted); silent when absent. */
  logger?: Logger;
}

/** The open connection as a handshake sees it. */
export interface SocketSession {
  send(message: unknown): void;
  /**
   * The first message (from now on) for which `pick` returns a value. `pick` may throw to fail
   * the handshake (e.g. on an error message).
   */
  expect<T>(pick: (message: unknown) => T | undefined): Promise<T>;
}

/** What a stream does on each connection. */
export interface SocketHandler {
  /** Authenticates and (re)subscribes; throwing a `StreamAuthError` stops reconnecting. */
  handshake(session: SocketSession, isReconnect: boolean): Promise<void>;
  /** Every decoded message, including those a handshake also picked. */
  message(message: unknown): void;
}

const SILENT = pino({ level: 'silent' });

/** Default reconnect backoff: 1 s → 64 s, ±20 %. */
export const DEFAULT_RECONNECT: BackoffOptions = { initialMs: 1_000, maxMs: 64_000, jitter: 0.2 };

interface Waiter {
  pick: (m: unknown) => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * A WebSocket that stays connected: ping/pong keepalive with a pong deadline, an optional
 * staleness watchdog, reconnects with exponential backoff and jitter, and the handler's
 * handshake (auth + resubscribe) after every connect. Errors that reconnecting may fix (406
 * connection limit, 429 on upgrade, drops) are retried; a `StreamAuthError` stops it.
 */
export class ReconnectingSocket {
  /** Counters for logs and tests. */
  readonly stats = { connects: 0, handshakes: 0, drops: 0, pongTimeouts: 0, staleTimeouts: 0, failedAttempts: 0 };
  private readonly o: Required<Omit<ReconnectingSocketOptions, 'logger' | 'staleAfterMs'>> & { staleAfterMs: number | null };
  private readonly log: Logger;
  private ws: WebSocket | undefined;
  private waiters: Waiter[] = [];
  private statusListeners = new Set<(s: FeedStatus) => void>();
  private closed = false;
  private ready = false;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private started: Promise<void> | undefined;
  private lastMessageAt = 0;

  constructor(options: ReconnectingSocketOptions, private readonly handler: SocketHandler) {
    this.o = {
      pingIntervalMs: 10_000,
      pongTimeoutMs: 5_000,
      isWatchdogActive: () => true,
      handshakeTimeoutMs: 15_000,
      reconnect: DEFAULT_RECONNECT,
      random: Math.random,
      ...options,
      staleAfterMs: options.staleAfterMs ?? null,
    };
    this.log = options.logger ?? SILENT;
  }

  /** True between a completed handshake and the next drop. */
  get connected(): boolean {
    return this.ready;
  }

  /** Registers a status listener; returns its remover. */
  onStatus(listener: (s: FeedStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /**
   * Connects and keeps reconnecting until `close()`. Resolves after the first handshake; rejects
   * on a fatal error (bad credentials).
   */
  start(): Promise<void> {
    if (!this.started) {
      let first: { resolve: () => void; reject: (e: unknown) => void } | undefined;
      this.started = new Promise<void>((resolve, reject) => (first = { resolve, reject }));
      this.started.catch(() => undefined);
      this.running = this.run(first!);
    }
    return this.started;
  }

  /** Sends a message on the open connection (throws when disconnected). */
  send(message: unknown): void {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) throw new Error(`${this.o.name} stream is not connected`);
    this.ws.send(JSON.stringify(message));
  }

  /** The next message for which `pick` returns a value (see `SocketSession.expect`). */
  expect<T>(pick: (message: unknown) => T | undefined, timeoutMs = this.o.handshakeTimeoutMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.o.name}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        pick,
        resolve: (v) => { clearTimeout(timer); resolve(v as T); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      };
      this.waiters.push(waiter);
    });
  }

  /** Stops reconnecting and closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    this.ws?.terminate();
    await this.running?.catch(() => undefined);
  }

  private emit(s: FeedStatus): void {
    for (const l of this.statusListeners) l(s);
  }

  private async run(first: { resolve: () => void; reject: (e: unknown) => void }): Promise<void> {
    let attempt = 0;
    let everReady = false;
    while (!this.closed) {
      if (!everReady) this.emit('connecting');
      try {
        const { ended } = await this.connectOnce(everReady);
        attempt = 0;
        this.emit(everReady ? 'reconnected' : 'connected');
        if (!everReady) first.resolve();
        everReady = true;
        await ended;
        if (this.closed) break;
        this.stats.drops++;
        this.emit('disconnected');
      } catch (err) {
        this.stats.failedAttempts++;
        if (err instanceof StreamAuthError || this.closed) {
          this.closed = true;
          first.reject(err);
          this.log.error(`${this.o.name}: ${(err as Error).message}; not reconnecting`);
          break;
        }
        this.log.warn(`${this.o.name}: connection failed (${(err as Error).message})`);
      }
      const wait = backoffDelay(attempt++, this.o.reconnect, this.o.random);
      this.log.info({ waitMs: wait, attempt }, `${this.o.name}: reconnecting`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        this.wake = () => { clearTimeout(t); resolve(); };
      });
    }
    first.reject(new Error(`${this.o.name} stream closed`));
  }

  /** Opens one connection and runs the handshake; resolves with a promise of its end. */
  private connectOnce(isReconnect: boolean): Promise<{ ended: Promise<void> }> {
    return new Promise<{ ended: Promise<void> }>((resolveReady, rejectReady) => {
      this.stats.connects++;
      const ws = new WebSocket(this.o.url, { handshakeTimeout: this.o.handshakeTimeoutMs });
      this.ws = ws;
      let settled = false;
      let ping: NodeJS.Timeout | undefined;
      let pongDeadline: NodeJS.Timeout | undefined;
      let watchdog: NodeJS.Timeout | undefined;
      let resolveEnded!: () => void;
      const ended = new Promise<void>((r) => (resolveEnded = r));
      const deadline = setTimeout(() => fail(new Error('handshake timed out')), this.o.handshakeTimeoutMs);
      const cleanup = () => {
        clearTimeout(deadline);
        clearInterval(ping);
        clearTimeout(pongDeadline);
        clearInterval(watchdog);
      };
      const fail = (err: unknown) => {
        ws.terminate();
        if (!settled) { settled = true; cleanup(); rejectReady(err); }
      };
      ws.on('unexpected-response', (_req, res) => fail(new Error(`upgrade refused with HTTP ${res.statusCode}`)));
      ws.on('error', (err) => fail(err));
      ws.on('close', (code) => {
        this.ready = false;
        cleanup();
        const err = new Error(`${this.o.name} connection closed (${code})`);
        for (const w of this.waiters.splice(0)) w.reject(err);
        if (!settled) { settled = true; rejectReady(err); }
        resolveEnded();
      });
      ws.on('pong', () => {
        clearTimeout(pongDeadline);
        pongDeadline = undefined;
      });
      ws.on('message', (data) => {
        this.lastMessageAt = Date.now();
        const msg = decodeFrame(data);
        if (msg === undefined) { this.log.warn(`${this.o.name}: ignored a frame that is not JSON`); return; }
        for (const w of [...this.waiters]) {
          try {
            const v = w.pick(msg);
            if (v !== undefined) { this.waiters = this.waiters.filter((x) => x !== w); w.resolve(v); }
          } catch (err) {
            this.waiters = this.waiters.filter((x) => x !== w);
            w.reject(err);
          }
        }
        try {
          this.handler.message(msg);
        } catch (err) {
          this.log.error({ err }, `${this.o.name}: message handler failed`);
        }
      });
      ws.on('open', () => {
        this.lastMessageAt = Date.now();
        ping = setInterval(() => {
          if (ws.readyState !== WebSocket.OPEN || pongDeadline !== undefined) return;
          ws.ping();
          pongDeadline = setTimeout(() => {
            this.stats.pongTimeouts++;
            this.log.warn(`${this.o.name}: no pong within ${this.o.pongTimeoutMs} ms; reconnecting`);
            ws.terminate();
          }, this.o.pongTimeoutMs);
        }, this.o.pingIntervalMs);
        const stale = this.o.staleAfterMs;
        if (stale !== null) {
          watchdog = setInterval(() => {
            if (this.ready && this.o.isWatchdogActive() && Date.now() - this.lastMessageAt > stale) {
              this.stats.staleTimeouts++;
              this.log.warn(`${this.o.name}: no message for ${stale} ms; reconnecting`);
              ws.terminate();
            }
          }, Math.max(10, Math.min(1_000, Math.floor(stale / 4))));
        }
        const session: SocketSession = { send: (m) => ws.send(JSON.stringify(m)), expect: (pick) => this.expect(pick) };
        this.handler.handshake(session, isReconnect).then(
          () => {
            if (settled) return;
            settled = true;
            clearTimeout(deadline);
            this.ready = true;
            this.stats.handshakes++;
            resolveReady({ ended });
          },
          (err) => fail(err),
        );
      });
    });
  }
}
