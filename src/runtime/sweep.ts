import type { SweepReportData } from '../report/sweep-data.js';
import { threadPool, type PointExecutor } from '../sweep/thread-pool.js';
import { runParameterSweep, type SweepOptions } from '../sweep/run-sweep.js';
import { runSweepPoint } from './sweep-point.js';
import type { SweepWorkerData } from './sweep-worker.js';

export { parseGridFlags, readSpaceFile } from '../sweep/space.js';
export { defaultWorkers } from '../sweep/thread-pool.js';
export { readSweepReport, SweepInterrupted, type ExecutorFactory, type SweepOptions } from '../sweep/run-sweep.js';

/** The worker-thread module of a local sweep (always the built file, also when running from source). */
export const SWEEP_WORKER = new URL('../../dist/runtime/sweep-worker.js', import.meta.url);

/** A local pool of `workers` threads, each running points through `sweep-worker.ts`. */
export function localPool(workers: number, data: SweepWorkerData): PointExecutor {
  return threadPool(SWEEP_WORKER, workers, data);
}

/**
 * `ziplime sweep` (see `runParameterSweep`): points run on a local worker-thread pool unless
 * `options.executor` (a job queue) is given; the best point is re-run here.
 */
export function runSweep(options: SweepOptions): Promise<SweepReportData> {
  return runParameterSweep(options, {
    runPoint: runSweepPoint,
    localPool: async ({ bars, strategy, options: run }) => localPool(options.workers, { bars, strategy, options: run, logLevel: options.logLevel, logFile: options.logFile }),
  });
}
