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

/**
 * A tinypool worker-thread pool of `workers` threads running `workerFile`'s default export per
 * task. `workerData` is posted to each thread once: `SharedArrayBuffer`s in it are shared.
 */
export function threadPool(workerFile: URL, workers: number, workerData: unknown): PointExecutor {
  const pool = new Tinypool({
    filename: workerFile.href,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    workerData,
  });
  return {
    run: (task) => pool.run(task) as Promise<PointResult>,
    close: () => pool.destroy(),
  };
}
