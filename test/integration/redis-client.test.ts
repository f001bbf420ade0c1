import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisClient } from '../../src/net/redis-client.js';
import { describeWith, needs } from '../helpers/requires.js';
import { redisServerPath, startRedis, type TestRedis } from '../helpers/redis-server.js';

const REDIS = redisServerPath();

describeWith([needs.redis()], 'RedisClient against a real redis-server', () => {
  let redis: TestRedis;
  let client: RedisClient;
  beforeAll(async () => {
    redis = await startRedis(REDIS!);
    client = new RedisClient({ port: redis.port, db: 2 });
  });
  afterAll(async () => {
    await client?.quit();
    await redis?.stop();
  });

  it('commands and reply shapes', async () => {
    expect(await client.set('k', 'v', { PX: 60_000 })).toBe('OK');
    expect(await client.get('k')).toBe('v');
    expect(await client.get('missing')).toBeNull();
    expect(await client.hset('h', { a: 1, b: 'x y' })).toBe(2);
    expect(await client.hgetall('h')).toEqual({ a: '1', b: 'x y' });
    expect(await client.hmget('h', 'a', 'c')).toEqual(['1', null]);
    expect(await client.del('h', 'k')).toBe(2);
    await expect(client.send(['LPUSH', 'k2'])).rejects.toThrow(/wrong number of arguments/);
    // a value with CR LF and bytes outside ASCII survives the round trip
    await client.set('bin', 'a\r\nb é');
    expect(await client.get('bin')).toBe('a\r\nb é');
  });

  it('the connection selects the database of its options', async () => {
    await client.set('where', 'db2');
    const other = new RedisClient({ port: redis.port, db: 0 });
    try {
      expect(await other.get('where')).toBeNull();
    } finally {
      await other.quit();
    }
  });

  it('scripts: EVAL when the server does not know the script, EVALSHA after', async () => {
    await client.send(['SCRIPT', 'FLUSH']);
    client.defineCommand('addTwo', { numberOfKeys: 1, lua: "return redis.call('INCRBY', KEYS[1], ARGV[1]) + 0" });
    expect(await client.runCommand('addTwo', ['n', 2])).toBe(2);
    expect(await client.runCommand('addTwo', ['n', 3])).toBe(5);
  });

  it('pipelines and transactions give [error, result] per command', async () => {
    const p = await client.pipeline().hset('p', { f: 'v' }).hgetall('p').llen('nope').exec();
    expect(p).toEqual([[null, 1], [null, { f: 'v' }], [null, 0]]);
    const m = await client.multi().del('p').hgetall('p').exec();
    expect(m).toEqual([[null, 1], [null, {}]]);
  });

  it('reconnects after the server restarts: a command sent while it is down waits and succeeds', async () => {
    const events: string[] = [];
    const c = new RedisClient({ port: redis.port, retryStrategy: () => 100 });
    c.on('reconnecting', () => events.push('reconnecting'));
    c.on('error', () => undefined);
    try {
      await c.connect();
      await redis.stop();
      await new Promise((r) => setTimeout(r, 300));
      const pending = c.send(['PING']);
      redis = await startRedis(REDIS!, redis.port);
      expect(await pending).toBe('PONG');
      expect(events).toContain('reconnecting');
    } finally {
      await c.quit();
    }
    client = new RedisClient({ port: redis.port, db: 2 });
  }, 30_000);

  it('after quit, commands fail with a closed-connection error', async () => {
    const c = new RedisClient({ port: redis.port });
    await c.connect();
    await c.quit();
    expect(c.status).toBe('end');
    await expect(c.send(['PING'])).rejects.toThrow('Connection is closed.');
  });
});
