import path from 'node:path';
import type { Logger } from 'pino';
import { openBundle } from '../data/registry.js';
import { shareBundleBars } from '../data/market-data/index.js';
import type { LevelWithSilent } from 'pino';
import type { SharedBars } from '../data/market-data/index.js';
import type { Frequency } from '../model/bar.js';
import { compileStrategy, type CompiledStrategy } from '../strategy/load/compile-strategy.js';
import { parseRedisUrl, queueExecutor, RefusedJob, startQueueWorker, type SweepJobData } from './job-queue.js';
import type { ExecutorFactory } from './run-sweep.js';
import type { PointExecutor } from './thread-pool.js';

/** `ziplime sweep --queue URL`: points become BullMQ jobs on queue `name`. */
export function queueExecutorFactory(setup: { url: string; name: string; strategyFile: string }): ExecutorFactory {
  const address = parseRedisUrl(setup.url);
  return ({ strategy, identity, options }) => queueExecutor({
    address, name: setup.name, options, bundleVersion: identity.bundleVersion,
    strategy: { path: path.relative(process.cwd(), strategy.file) || strategy.file, hash: strategy.hash },
  });
}

/** What `ziplime worker --queue URL` asks for. */
export interface QueueWorkerSetup {
  url: string; name: string; bundlesDir: string; lockMs: number; workers: number; logger: Logger; logLevel: LevelWithSilent; logFile?: string; signal: AbortSignal;
}

/**
 * `ziplime worker --queue URL`: runs sweep jobs from the queue until stopped, `workers` at a time
 * on a worker-thread pool (the main thread keeps the jobs' locks alive). Strategies are compiled
 * and bundles loaded once each (from this machine's working folder and bundles folder); a job
 * whose strategy or bundle here hashes differently is refused with the reason.
 */
export async function serveQueue(setup: QueueWorkerSetup & {
  /** A local worker-thread pool running points of `strategy` over `bars`. */
  pool: (strategy: CompiledStrategy, bars: SharedBars, options: SweepJobData['options']) => PointExecutor;
}): Promise<void> {
  const address = parseRedisUrl(setup.url);
  const strategies = new Map<string, Promise<CompiledStrategy>>();
  const bundles = new Map<string, Promise<SharedBars>>();
  const pools = new Map<string, PointExecutor>();
  const strategyOf = (file: string) => {
    let s = strategies.get(file);
    if (!s) {
      s = compileStrategy(file);
      strategies.set(file, s);
    }
    return s;
  };
  const poolOf = (compiled: CompiledStrategy, bars: SharedBars, options: SweepJobData['options']) => {
    const key = `${compiled.hash}\0${bars.version}\0${JSON.stringify(options)}`;
    let pool = pools.get(key);
    if (!pool) {
      pool = setup.pool(compiled, bars, options);
      pools.set(key, pool);
    }
    return pool;
  };
  const bundleOf = (name: string, frequency: Frequency) => {
    const key = `${name}\0${frequency}`;
    let b = bundles.get(key);
    if (!b) {
      b = openBundle(setup.bundlesDir, name).then(async (duck) => {
        try {
          return await shareBundleBars(duck, frequency);
        } finally {
          await duck.close();
        }
      });
      b.catch(() => bundles.delete(key));
      bundles.set(key, b);
    }
    return b;
  };
  const log = setup.logger;
  let lastError = '';
  const worker = startQueueWorker({
    address, name: setup.name, lockMs: setup.lockMs, concurrency: setup.workers,
    onError: (err) => {
      if (err.message !== lastError) log.warn({ err: err.message }, `Redis at ${address.host}:${address.port}: ${err.message}; reconnecting with backoff`);
      lastError = err.message;
    },
    async handle(data: SweepJobData, jobId: string) {
      lastError = '';
      const file = path.resolve(data.strategy.path);
      const compiled = await strategyOf(file).catch((err: Error) => { strategies.delete(file); throw new RefusedJob(err.message); });
      if (compiled.hash !== data.strategy.hash) {
        throw new RefusedJob(`strategy ${data.strategy.path} on this worker (hash ${compiled.hash.slice(0, 12)}) differs from the sweep's (${data.strategy.hash.slice(0, 12)}); copy the same strategy file and the files it imports here`);
      }
      const bars = await bundleOf(data.options.bundle, data.options.frequency).catch((err: Error) => { throw new RefusedJob(err.message); });
      if (bars.version !== data.bundleVersion) {
        throw new RefusedJob(`bundle '${data.options.bundle}' on this worker (version ${bars.version.slice(0, 12)}) differs from the sweep's (${data.bundleVersion.slice(0, 12)}); ingest the same data here`);
      }
      log.info({ job: jobId, point: data.task.point }, 'job started');
      const result = await poolOf(compiled, bars, data.options).run(data.task);
      log.info({ job: jobId }, 'job done');
      return result;
    },
  });
  log.info(`worker waiting for jobs on queue '${setup.name}' at ${address.host}:${address.port}/${address.db}`);
  const stop = () => void worker.close();
  setup.signal.addEventListener('abort', stop, { once: true });
  if (setup.signal.aborted) stop();
  await worker.running;
  await Promise.all([...pools.values()].map((p) => p.close()));
}
