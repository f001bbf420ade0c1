import type { RedisClient } from './redis-client.js';
import { pairs, type Reply } from './resp.js';

/** A pipeline or MULTI transaction of `RedisClient` (BullMQ's `IRedisTransaction`). */
export class RedisBatch {
  private readonly commands: { args: Promise<unknown[]> | unknown[]; map?: (r: Reply) => unknown }[] = [];
  constructor(private readonly client: RedisClient, private readonly transaction: boolean) {}

  private add(args: unknown[], map?: (r: Reply) => unknown): this {
    this.commands.push({ args, ...(map ? { map } : {}) });
    return this;
  }
  hgetall(key: string) { return this.add(['HGETALL', key], pairs); }
  hset(key: string, data: Record<string, string | number>) { return this.add(['HSET', key, ...Object.entries(data).flat()]); }
  hscan(key: string, cursor: string | number, options?: { COUNT?: number }) { return this.add(['HSCAN', key, cursor, ...(options?.COUNT != null ? ['COUNT', options.COUNT] : [])]); }
  smembers(key: string) { return this.add(['SMEMBERS', key]); }
  sscan(key: string, cursor: string | number, options?: { COUNT?: number }) { return this.add(['SSCAN', key, cursor, ...(options?.COUNT != null ? ['COUNT', options.COUNT] : [])]); }
  zrange(key: string, start: number, end: number) { return this.add(['ZRANGE', key, start, end]); }
  lrange(key: string, start: number, end: number) { return this.add(['LRANGE', key, start, end]); }
  llen(key: string) { return this.add(['LLEN', key]); }
  del(...keys: string[]) { return this.add(['DEL', ...keys]); }
  runCommand(name: string, args: unknown[]) {
    this.commands.push({ args: this.client.scriptArgs(name, args) });
    return this;
  }

  /** Sends every command; `[error, result]` per command (null when a transaction was aborted). */
  async exec(): Promise<[Error | null, unknown][] | null> {
    const all = await Promise.all(this.commands.map((c) => c.args));
    const settle = (p: Promise<unknown>) => p.then((v): [Error | null, unknown] => [null, v], (e: Error): [Error | null, unknown] => [e, null]);
    if (!this.transaction) {
      return Promise.all(all.map((args, i) => settle(this.client.send(args, this.commands[i]!.map))));
    }
    void this.client.send(['MULTI']).catch(() => undefined);
    for (const args of all) void this.client.send(args).catch(() => undefined);
    const replies = await this.client.send<Reply[] | null>(['EXEC']);
    if (replies === null) return null;
    return replies.map((r, i): [Error | null, unknown] => (r instanceof Error ? [r, null] : [null, this.commands[i]!.map ? this.commands[i]!.map!(r) : r]));
  }
}
