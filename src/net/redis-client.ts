import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { Readable } from 'node:stream';
import { backoffDelay } from './backoff.js';
import { RedisBatch } from './redis-batch.js';
import { CONNECTION_CLOSED, encode, flat, pairs, RedisReplyError, ReplyParser, type Arg, type Reply } from './resp.js';

export { CONNECTION_CLOSED, RedisReplyError } from './resp.js';

/** Where and how to connect (the options BullMQ passes to a client factory). */
export interface RedisClientOptions {
  host?: string;
  port?: number;
  db?: number;
  username?: string;
  password?: string;
  connectionName?: string;
  /** Delay before reconnect attempt `times` (1-based), or null/undefined to give up. */
  retryStrategy?: (times: number) => number | void | null;
  [key: string]: unknown;
}

interface Pending { resolve(v: unknown): void; reject(e: Error): void; map?: (r: Reply) => unknown }
interface Script { sha: string; lua: string; keys: number }

/**
 * A small Redis client (RESP2 over TCP) with the shape BullMQ drives (`IRedisClient`): commands,
 * Lua scripts by EVALSHA (EVAL when the server does not know them yet), pipelines and MULTI,
 * blocking pops and stream reads on their own connections (`duplicate`), and reconnection with
 * exponential backoff after the connection drops. Commands sent while disconnected wait for the
 * connection; commands in flight when it drops fail with `Connection is closed.`.
 */
export class RedisClient extends EventEmitter {
  status: 'wait' | 'connecting' | 'connect' | 'ready' | 'reconnecting' | 'end' = 'wait';
  readonly isCluster = false;
  options: RedisClientOptions;
  private socket: net.Socket | null = null;
  private parser = new ReplyParser();
  private inFlight: Pending[] = [];
  private waiting: { args: Arg[]; pending: Pending }[] = [];
  private scripts = new Map<string, Script>();
  private attempts = 0;
  private closing = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(options: RedisClientOptions = {}) {
    super();
    this.options = { host: '127.0.0.1', port: 6379, ...options };
    void this.connect().catch(() => undefined);
  }

  /** Opens the connection (AUTH, SELECT, CLIENT SETNAME), resolving once it is ready. */
  connect(): Promise<void> {
    if (this.status === 'ready') return Promise.resolve();
    if (this.status === 'connecting' || this.status === 'connect' || this.status === 'reconnecting') {
      return new Promise((resolve, reject) => {
        const ok = () => { this.off('end', ko); resolve(); };
        const ko = () => { this.off('ready', ok); reject(new Error(CONNECTION_CLOSED)); };
        this.once('ready', ok);
        this.once('end', ko);
      });
    }
    this.closing = false;
    this.status = 'connecting';
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ host: this.options.host ?? '127.0.0.1', port: this.options.port ?? 6379 });
      this.socket = socket;
      socket.setNoDelay(true);
      socket.on('data', (chunk) => this.onData(chunk));
      socket.once('connect', () => {
        this.status = 'connect';
        this.emit('connect');
        void this.handshake().then(() => {
          this.attempts = 0;
          this.status = 'ready';
          this.emit('ready');
          const queued = this.waiting;
          this.waiting = [];
          for (const q of queued) this.write(q.args, q.pending);
          resolve();
        }, (err: Error) => {
          this.report(err);
          socket.destroy();
          reject(err);
        });
      });
      socket.on('error', (err) => {
        this.report(err);
        if (this.status === 'connecting') reject(err);
      });
      socket.once('close', () => this.onClose(socket));
    });
  }

  /** Connection errors go to 'error' listeners when there are any (the client reconnects either way). */
  private report(err: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  private async handshake(): Promise<void> {
    const direct = (args: Arg[]) => new Promise<unknown>((resolve, reject) => this.write(args, { resolve, reject }));
    const o = this.options;
    if (o.password) await direct(o.username ? ['AUTH', o.username, o.password] : ['AUTH', o.password]);
    if (o.db) await direct(['SELECT', o.db]);
    if (o.connectionName) await direct(['CLIENT', 'SETNAME', o.connectionName]);
  }

  private onData(chunk: Buffer): void {
    for (const reply of this.parser.push(chunk)) {
      const p = this.inFlight.shift();
      if (!p) continue;
      if (reply instanceof Error) p.reject(reply);
      else p.resolve(p.map ? p.map(reply) : reply);
    }
  }

  private onClose(socket: net.Socket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.parser = new ReplyParser();
    const lost = this.inFlight;
    this.inFlight = [];
    for (const p of lost) p.reject(new Error(CONNECTION_CLOSED));
    this.emit('close');
    const delay = this.closing ? null : this.options.retryStrategy ? this.options.retryStrategy(++this.attempts) : backoffDelay(this.attempts++, { initialMs: 200, maxMs: 10_000, jitter: 0.2 });
    if (typeof delay !== 'number') {
      this.end();
      return;
    }
    this.status = 'reconnecting';
    this.emit('reconnecting', delay);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.status = 'wait';
      void this.connect().catch(() => undefined);
    }, delay);
  }

  private end(): void {
    this.status = 'end';
    const waiting = this.waiting;
    this.waiting = [];
    for (const q of waiting) q.pending.reject(new Error(CONNECTION_CLOSED));
    this.emit('end');
  }

  private write(args: Arg[], pending: Pending): void {
    this.inFlight.push(pending);
    this.socket!.write(encode(args));
  }

  /** Sends one command; `map` turns the raw reply into the returned value. */
  send<T = unknown>(args: readonly unknown[], map?: (r: Reply) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = { resolve: resolve as (v: unknown) => void, reject, ...(map ? { map } : {}) };
      const flatArgs = flat(args);
      if (this.status === 'end') reject(new Error(CONNECTION_CLOSED));
      else if (this.status === 'ready' && this.socket) this.write(flatArgs, pending);
      else this.waiting.push({ args: flatArgs, pending });
    });
  }

  /** Closes after the replies in flight (QUIT); no reconnect. */
  async quit(): Promise<string> {
    this.closing = true;
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (!this.socket || this.status !== 'ready') { this.disconnect(); return 'OK'; }
    const socket = this.socket;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const r = await this.send<string>(['QUIT']).catch(() => 'OK');
    socket.end();
    await closed;
    return r;
  }

  /** Drops the connection now; with `reconnect`, opens it again. */
  disconnect(reconnect = false): void {
    this.closing = !reconnect;
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (this.socket) this.socket.destroy();
    else if (!reconnect) this.end();
  }

  /** A new client to the same server (BullMQ's blocking connections). */
  duplicate(override: Partial<RedisClientOptions> = {}): RedisClient {
    return new RedisClient({ ...this.options, ...override });
  }

  /** Registers a Lua script as command `name` (run with `runCommand`). */
  defineCommand(name: string, def: { numberOfKeys: number; lua: string }): void {
    this.scripts.set(name, { sha: createHash('sha1').update(def.lua).digest('hex'), lua: def.lua, keys: def.numberOfKeys });
    (this as unknown as Record<string, unknown>)[name] = (args: unknown[]) => this.runCommand(name, args);
  }

  /** Runs a script defined with `defineCommand` (EVALSHA, EVAL when the server lacks it) or a plain command. */
  async runCommand(name: string, args: unknown[]): Promise<unknown> {
    const s = this.scripts.get(name);
    if (!s) return this.send([name, ...args]);
    try {
      return await this.send(['EVALSHA', s.sha, s.keys, ...args]);
    } catch (err) {
      if (!(err instanceof RedisReplyError) || !err.message.startsWith('NOSCRIPT')) throw err;
      return this.send(['EVAL', s.lua, s.keys, ...args]);
    }
  }

  /** Commands queued and sent together; `exec` gives `[error, result]` per command. */
  pipeline(): RedisBatch { return new RedisBatch(this, false); }
  /** Like `pipeline`, inside MULTI … EXEC. */
  multi(): RedisBatch { return new RedisBatch(this, true); }

  /** @internal the EVALSHA arguments of a script, loading it first so a batch never meets NOSCRIPT. */
  async scriptArgs(name: string, args: unknown[]): Promise<unknown[]> {
    const s = this.scripts.get(name);
    if (!s) return [name, ...args];
    await this.send(['SCRIPT', 'LOAD', s.lua]);
    return ['EVALSHA', s.sha, s.keys, ...args];
  }

  hgetall(key: string) { return this.send(['HGETALL', key], pairs); }
  hget(key: string, field: string) { return this.send<string | null>(['HGET', key, field]); }
  hmget(key: string, ...fields: string[]) { return this.send<(string | null)[]>(['HMGET', key, ...fields]); }
  hset(key: string, data: Record<string, string | number> | string, ...rest: unknown[]) {
    return this.send<number>(typeof data === 'string' ? ['HSET', key, data, ...rest] : ['HSET', key, ...Object.entries(data).flat()]);
  }
  hdel(key: string, ...fields: string[]) { return this.send<number>(['HDEL', key, ...fields]); }
  hexists(key: string, field: string) { return this.send<number>(['HEXISTS', key, field]); }
  get(key: string) { return this.send<string | null>(['GET', key]); }
  set(key: string, value: string | number, options?: { PX?: number; EX?: number } | string, ...rest: unknown[]) {
    if (typeof options === 'string') return this.send<string | null>(['SET', key, value, options, ...rest]);
    return this.send<string | null>(['SET', key, value, ...(options?.PX != null ? ['PX', options.PX] : options?.EX != null ? ['EX', options.EX] : [])]);
  }
  del(...keys: string[]) { return this.send<number>(['DEL', ...keys]); }
  zrange(key: string, start: number, end: number, options?: { WITHSCORES?: boolean } | string) {
    return this.send<string[]>(['ZRANGE', key, start, end, ...(options === 'WITHSCORES' || (typeof options === 'object' && options?.WITHSCORES) ? ['WITHSCORES'] : [])]);
  }
  zrevrange(key: string, start: number, end: number, options?: { WITHSCORES?: boolean } | string) {
    return this.send<string[]>(['ZREVRANGE', key, start, end, ...(options === 'WITHSCORES' || (typeof options === 'object' && options?.WITHSCORES) ? ['WITHSCORES'] : [])]);
  }
  zcard(key: string) { return this.send<number>(['ZCARD', key]); }
  zscore(key: string, member: string) { return this.send<string | null>(['ZSCORE', key, member]); }
  lrange(key: string, start: number, end: number) { return this.send<string[]>(['LRANGE', key, start, end]); }
  llen(key: string) { return this.send<number>(['LLEN', key]); }
  ltrim(key: string, start: number, end: number) { return this.send<string>(['LTRIM', key, start, end]); }
  lpos(key: string, value: string) { return this.send<number | null>(['LPOS', key, value]); }
  smembers(key: string) { return this.send<string[]>(['SMEMBERS', key]); }
  xadd(key: string, id: string, fields: Record<string, string | number>, options?: { MAXLEN?: number; approximate?: boolean }) {
    const trim = options?.MAXLEN != null ? ['MAXLEN', ...(options.approximate !== false ? ['~'] : []), options.MAXLEN] : [];
    return this.send<string>(['XADD', key, ...trim, id, ...Object.entries(fields).flat()]);
  }
  xread(streams: { key: string; id: string }[], options?: { BLOCK?: number; COUNT?: number }) {
    return this.send(['XREAD', ...(options?.BLOCK != null ? ['BLOCK', options.BLOCK] : []), ...(options?.COUNT != null ? ['COUNT', options.COUNT] : []),
      'STREAMS', ...streams.map((s) => s.key), ...streams.map((s) => s.id)]);
  }
  xtrim(key: string, strategy: 'MAXLEN', threshold: number, options?: { approximate?: boolean }) {
    return this.send<number>(['XTRIM', key, strategy, ...(options?.approximate !== false ? ['~'] : []), threshold]);
  }
  bzpopmin(key: string, timeout: number) { return this.send<[string, string, string] | null>(['BZPOPMIN', key, timeout]); }
  info() { return this.send<string>(['INFO']); }
  client(...args: string[]) { return this.send(['CLIENT', ...args]); }
  clientSetName(name: string) { return this.send(['CLIENT', 'SETNAME', name]); }
  clientList() { return this.send<string>(['CLIENT', 'LIST']); }
  clientInfo() { return this.send<string>(['CLIENT', 'INFO']); }
  scan(cursor: string | number, options: { MATCH?: string; COUNT?: number } = {}) {
    return this.send<[string, string[]]>(['SCAN', cursor, ...(options.MATCH != null ? ['MATCH', options.MATCH] : []), ...(options.COUNT != null ? ['COUNT', options.COUNT] : [])]);
  }
  /** Keys matching `match`, a batch per SCAN step. */
  scanStream(options: { match: string; count?: number }): Readable {
    let cursor = '0', started = false;
    const stream: Readable = new Readable({
      objectMode: true,
      read: () => {
        if (started && cursor === '0') { stream.push(null); return; }
        started = true;
        this.scan(cursor, { MATCH: options.match, COUNT: options.count ?? 10 }).then(([next, keys]) => {
          cursor = next;
          stream.push(keys);
        }, (err: Error) => stream.destroy(err));
      },
    });
    return stream;
  }
}
