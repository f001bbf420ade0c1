import os from 'node:os';
import Tinypool from 'tinypool';
import type { PointResult, PointTask } from './point-task.js';

/** Something that runs sweep points: a local thread pool or a job queue. */
export interface PointExecutor {
  run(task: PointTask): Promise<PointResult>;
  close(): Promise<void>;
}

/** The default number of workers: the cores Node may use. */
export const defaultWorkers = (): number => os.availableParallelism();

/** Points per task at most: a task carries several points, so results cross threads in blocks. */
const MAX_BATCH = 16;

interface Waiting {
  readonly task: PointTask;
  readonly resolve: (result: PointResult) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * A tinypool worker-thread pool of `workers` threads running `workerFile`'s default export, which
 * takes an array of points and returns their results in order. `workerData` is posted to each
 * thread once: `SharedArrayBuffer`s in it are shared. Points submitted together are sent in
 * batches of up to 16 that shrink as the queue drains (so the threads finish together), with two
 * batches per thread in flight (one running, one ready).
 */
export function threadPool(workerFile: URL, workers: number, workerData: unknown): PointExecutor {
  const pool = new Tinypool({
    filename: workerFile.href,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    workerData,
  });
  const waiting: Waiting[] = [];
  const slots = workers * 2;
  let inFlight = 0, scheduled = false;
  const pump = () => {
    scheduled = false;
    while (inFlight < slots && waiting.length > 0) {
      const batch = waiting.splice(0, Math.min(MAX_BATCH, Math.ceil(waiting.length / slots)));
      inFlight++;
      (pool.run(batch.map((w) => w.task)) as Promise<PointResult[]>).then(
        (results) => batch.forEach((w, i) => w.resolve(results[i]!)),
        (err: unknown) => batch.forEach((w) => w.reject(err)),
      ).finally(() => {
        inFlight--;
        pump();
      });
    }
  };
  return {
    run: (task) => new Promise<PointResult>((resolve, reject) => {
      waiting.push({ task, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(pump);
      }
    }),
    close: () => pool.destroy(),
  };
}
