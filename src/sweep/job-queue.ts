import net from 'node:net';
import { Job, Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { UsageError, ZiplimeError } from '../core/errors.js';
import { metricsFromJson, type PointResult, type PointTask, type SweepRunOptions } from './point-task.js';
import type { PointExecutor } from './thread-pool.js';

/** Where the Redis server of a queue is (from `redis://[user:password@]host:port[/db]`). */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
}

/** Parses `--queue redis://HOST:PORT/DB`. */
export function parseRedisUrl(url: string): RedisAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--queue '${url}': expected redis://HOST:PORT[/DB]`);
  }
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (u.protocol !== 'redis:' || !u.hostname || !Number.isInteger(db) || db < 0) throw new UsageError(`--queue '${url}': expected redis://HOST:PORT[/DB]`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : 6379, db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}), ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

/** Resolves when a TCP connection to the server opens within `timeoutMs`; otherwise a one-line error saying what to do. */
export function checkReachable(a: RedisAddress, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: a.host, port: a.port });
    const fail = (why: string) => {
      socket.destroy();
      reject(new ZiplimeError(`cannot reach Redis at ${a.host}:${a.port} (${why}); start redis-server there or fix --queue`));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer in ${timeoutMs} ms`));
    socket.once('error', (err) => fail(err.message));
    socket.once('connect', () => { socket.end(); resolve(); });
  });
}

/** What one job of a sweep carries: a point and what the worker must have to run it. */
export interface SweepJobData {
  readonly task: PointTask;
  /** The strategy file as the submitter named it (a worker resolves it from its working folder) and the hash of its text. */
  readonly strategy: { readonly path: string; readonly hash: string };
  readonly bundleVersion: string;
  readonly options: SweepRunOptions;
}

/**
 * An ioredis client for BullMQ (its ESM build needs a constructed client, not options): commands
 * wait through a reconnect instead of failing after a fixed number of retries, and reconnects back
 * off up to 5 s. BullMQ does not close a client it was given; its owner does.
 */
const connectionOf = (a: RedisAddress): Redis => new Redis({
  host: a.host, port: a.port, db: a.db, username: a.username, password: a.password,
  maxRetriesPerRequest: null,
  retryStrategy: (attempt: number) => Math.min(5000, 100 * 2 ** Math.min(attempt, 6)),
});

/** A point result back from its JSON form (NaN became null). */
function fromJson(value: unknown): PointResult {
  const r = (typeof value === 'string' ? JSON.parse(value) : value) as PointResult & { metrics: Record<string, number | null> | null };
  return { ...r, metrics: metricsFromJson(r.metrics) };
}

/**
 * Runs points as BullMQ jobs: one job per point with the point's key as job id (a point already
 * queued, running or done is not added again; a failed one is retried), results taken from the
 * queue's completion events or, for jobs that finished earlier, from the job itself. Jobs are
 * kept after they finish so a resumed sweep collects them.
 */
export async function queueExecutor(setup: {
  address: RedisAddress; name: string; strategy: SweepJobData['strategy']; bundleVersion: string; options: SweepRunOptions;
}): Promise<PointExecutor> {
  await checkReachable(setup.address);
  const connection = connectionOf(setup.address);
  const eventsConnection = connectionOf(setup.address);
  const queue = new Queue(setup.name, { connection });
  queue.setMaxListeners(0);
  const events = new QueueEvents(setup.name, { connection: eventsConnection });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  const waiting = new Map<string, { resolve(r: PointResult): void; reject(e: Error): void }>();
  const settle = (id: string, fn: (w: { resolve(r: PointResult): void; reject(e: Error): void }) => void) => {
    const w = waiting.get(id);
    if (!w) return;
    waiting.delete(id);
    fn(w);
  };
  const failed = (id: string, reason: string) => new ZiplimeError(`job ${id} of the queue failed: ${reason}`);
  events.on('completed', ({ jobId, returnvalue }) => settle(jobId, (w) => w.resolve(fromJson(returnvalue))));
  events.on('failed', ({ jobId, failedReason }) => settle(jobId, (w) => w.reject(failed(jobId, failedReason))));
  let batch: PointTask[] = [];
  const flush = async () => {
    const tasks = batch;
    batch = [];
    try {
      for (const t of tasks) {
        const old = await queue.getJob(t.key);
        if (old && (await old.isFailed())) await old.retry('failed');
      }
      await queue.addBulk(tasks.map((task) => ({
        name: 'point',
        data: { task, strategy: setup.strategy, bundleVersion: setup.bundleVersion, options: setup.options } satisfies SweepJobData,
        opts: { jobId: task.key, removeOnComplete: false, removeOnFail: false },
      })));
      for (const t of tasks) {
        const job = await Job.fromId(queue, t.key);
        if (job?.finishedOn === undefined) continue;
        if (job.failedReason) settle(t.key, (w) => w.reject(failed(t.key, job.failedReason)));
        else settle(t.key, (w) => w.resolve(fromJson(job.returnvalue)));
      }
    } catch (err) {
      for (const t of tasks) settle(t.key, (w) => w.reject(err as Error));
    }
  };
  return {
    run(task) {
      return new Promise<PointResult>((resolve, reject) => {
        waiting.set(task.key, { resolve, reject });
        batch.push(task);
        if (batch.length === 1) setImmediate(() => void flush());
      });
    },
    async close() {
      await events.close();
      await queue.close();
      connection.disconnect();
      eventsConnection.disconnect();
    },
  };
}

/** A job a worker must refuse, with the reason shown on the job (not retried). */
export class RefusedJob extends UnrecoverableError {}

/**
 * A BullMQ worker running `concurrency` sweep jobs at a time with `handle`. A job whose worker dies is
 * found stalled once its lock (`lockMs`) expires and is run again by another worker; a refused
 * job (`RefusedJob`) fails at once with its reason. Connection problems are reported to `onError`
 * while the client reconnects with backoff.
 */
export function startQueueWorker(setup: {
  address: RedisAddress; name: string; lockMs: number; concurrency: number; handle: (data: SweepJobData, jobId: string) => Promise<PointResult>;
  onError: (err: Error) => void;
}): { close(): Promise<void>; running: Promise<void> } {
  const connection = connectionOf(setup.address);
  const worker = new Worker<SweepJobData, PointResult>(setup.name, (job) => setup.handle(job.data, job.id!), {
    connection,
    concurrency: setup.concurrency,
    lockDuration: setup.lockMs,
    stalledInterval: Math.max(500, Math.floor(setup.lockMs / 2)),
    maxStalledCount: 3,
  });
  worker.on('error', setup.onError);
  const running = new Promise<void>((resolve) => worker.once('closed', () => resolve()));
  connection.on('error', () => {}); // reported through the worker's 'error' event
  const close = async () => {
    // with Redis unreachable, pending commands would wait for it forever: drop them
    const closing = worker.close(connection.status !== 'ready');
    if (connection.status !== 'ready') connection.disconnect();
    await closing;
    connection.disconnect();
  };
  return { close, running };
}
