import type { Command } from 'commander';
import { globalOptions } from './global-options.js';

/** Registers `ziplime worker --queue URL`: runs sweep jobs from a BullMQ queue until Ctrl-C / SIGTERM. */
export function register(program: Command): void {
  program
    .command('worker')
    .description('run `ziplime sweep --queue` jobs from a BullMQ queue (bundles and strategy files must be present here)')
    .requiredOption('--queue <url>', 'redis://HOST:PORT[/DB] of the queue')
    .option('--queue-name <name>', 'BullMQ queue name', 'ziplime-sweep')
    .option('-j, --workers <n>', 'jobs run at once, each on its own thread (default: the number of cores)')
    .option('--lock-ms <ms>', 'job lock: a job of a worker silent this long is run again elsewhere', '30000')
    .action(async (raw: Record<string, unknown>, cmd: Command) => {
      const { workerOptionsSchema, parseOptions } = await import('./option-schemas.js');
      const options = parseOptions(workerOptionsSchema, raw);
      const global = globalOptions(cmd);
      const [{ runQueueWorker }, { createLogger }, { defaultWorkers }] = await Promise.all([
        import('../runtime/sweep-queue.js'), import('../runtime/logging.js'), import('../runtime/sweep.js'),
      ]);
      const logger = createLogger({ level: global.logLevel, file: global.logFile });
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await runQueueWorker({ url: options.queue, name: options.queueName, bundlesDir: global.bundlesDir, lockMs: options.lockMs,
        workers: options.workers ?? defaultWorkers(), logger, logLevel: global.logLevel === 'info' ? 'warn' : global.logLevel, logFile: global.logFile, signal: controller.signal,
      });
    });
}
