import type { Command } from 'commander';
import { globalOptions } from './global-options.js';
import { addRunOptions } from './run-options.js';

const repeat = (v: string, acc: string[]) => [...acc, v];

/** Registers `ziplime sweep STRATEGY`. */
export function register(program: Command): void {
  const sweep = program
    .command('sweep')
    .description('run a strategy over a parameter space on every core (or a Redis job queue) into a DuckDB file')
    .argument('<strategy>', 'strategy file (.ts or .js)')
    .option('-b, --bundle <name>', 'bundle to read', 'demo')
    .option('-s, --start <date>', 'first session YYYY-MM-DD (default: first day of the bundle)')
    .option('-e, --end <date>', 'last session YYYY-MM-DD (default: last day of the bundle)');
  addRunOptions(sweep, 'capital', 'frequency', 'fill', 'benchmark', 'param', 'config')
    .option('--grid <name=spec>', 'swept parameter: FROM..TO[:STEP] or a,b,c (repeatable)', repeat, [] as string[])
    .option('--random <n>', 'run N points drawn from the space (seeded) instead of all')
    .option('--seed <n>', 'seed of --random', '1')
    .option('--where <expr>', "constraint over params, e.g. 'fast < slow && slow - fast >= 10'")
    .option('--space <file>', 'JSON space file {"grid": {...}, "where"?, "random"?, "seed"?} (instead of --grid)')
    .option('--objective <metric>', 'sharpe | sortino | calmar | totalReturn | annualReturn | endingValue | maxDrawdown | alpha | annualVolatility | beta', 'sharpe')
    .option('-j, --workers <n>', 'worker threads (default: the number of cores)')
    .option('-o, --output <file>', 'DuckDB file of results, one row per point', 'sweep.duckdb')
    .option('--keep-daily', "also store each run's daily returns and values", false)
    .option('--resume', 'skip points already stored in --output (same strategy, bundle and options)', false)
    .option('--walk-forward <spec>', 'train=2y,test=6m[,step=6m]: optimise on each training window, test the best on the next')
    .option('--queue <url>', 'run the points as BullMQ jobs on redis://HOST:PORT[/DB] (start `ziplime worker --queue` on each machine)')
    .option('--queue-name <name>', 'BullMQ queue name', 'ziplime-sweep')
    .option('--top <n>', 'rows of the top-points table', '10')
    .option('--html <file>', 'write the sweep report as a self-contained HTML page')
    .option('--heatmap <x,y>', 'the two params of the first heatmap (default: the first two swept)')
    .action(async (strategyFile: string, raw: Record<string, unknown>, cmd: Command) => {
      const { sweepOptionsSchema, parseOptions } = await import('./option-schemas.js');
      const global = globalOptions(cmd);
      const options = parseOptions(sweepOptionsSchema, { ...raw, quiet: global.quiet });
      // The report modules are loaded only when something is shown or written.
      const [space, { createLogger }, report] = await Promise.all([
        import('../runtime/sweep.js'), import('../runtime/logging.js'), options.quiet && !options.html ? undefined : import('../report/index.js'),
      ]);
      const { runSweep, defaultWorkers } = space;
      const spec = options.space ? space.readSpaceFile(options.space) : { axes: [] };
      const axes = [...spec.axes, ...space.parseGridFlags(options.grid)];
      const heatmap = options.heatmap?.split(',').map((s) => s.trim());
      if (heatmap && (heatmap.length !== 2 || heatmap.some((p) => !axes.some((a) => a.name === p)))) {
        const { UsageError } = await import('../core/errors.js');
        throw new UsageError(`--heatmap '${options.heatmap}': name two swept params, e.g. --heatmap ${axes.slice(0, 2).map((a) => a.name).join(',') || 'fast,slow'}`);
      }
      const logLevel = global.logLevel === 'info' && !global.logFile ? 'warn' : global.logLevel;
      const logger = createLogger({ level: logLevel, file: global.logFile });
      const progress = options.quiet ? undefined : report!.createSweepProgress();
      const executor = options.queue
        ? (await import('../runtime/sweep-queue.js')).queueExecutorFactory({ url: options.queue, name: options.queueName, strategyFile })
        : undefined;
      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130);
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        const data = await runSweep({
          strategyFile, bundlesDir: global.bundlesDir, bundle: options.bundle, start: options.start, end: options.end,
          capital: options.capital, frequency: options.frequency, fill: options.fill, benchmark: options.benchmark,
          params: options.param, config: options.config,
          space: { axes, where: options.where ?? spec.where, random: options.random ?? spec.random, seed: options.random !== undefined ? options.seed : spec.seed ?? options.seed },
          objective: options.objective, workers: options.workers ?? defaultWorkers(), output: options.output,
          resume: options.resume, keepDaily: options.keepDaily, walkForward: options.walkForward,
          logger, logLevel, logFile: global.logFile, signal: controller.signal,
          ...(executor ? { executor } : {}),
          ...(progress ? { onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
        }).finally(() => progress?.stop());
        if (!options.quiet) process.stdout.write(report!.renderSweepTerminal(data, options.top));
        if (options.html) await report!.writeSweepHtml(data, options.html, heatmap ? { heatmap: heatmap as [string, string] } : {});
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
