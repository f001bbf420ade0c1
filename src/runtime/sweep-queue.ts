import { serveQueue, type QueueWorkerSetup } from '../sweep/queue-worker.js';
import { localPool } from './sweep.js';

export { queueExecutorFactory } from '../sweep/queue-worker.js';

/** `ziplime worker --queue URL` (see `serveQueue`): each strategy × bundle × options runs on its own local thread pool. */
export function runQueueWorker(setup: QueueWorkerSetup): Promise<void> {
  return serveQueue({
    ...setup,
    pool: (strategy, bars, options) => localPool(setup.workers, { bars, strategy, options, logLevel: setup.logLevel, logFile: setup.logFile }),
  });
}
