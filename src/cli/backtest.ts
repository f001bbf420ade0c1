import type { Command } from 'commander';
import { globalOptions } from './global-options.js';
import { addRunOptions } from './run-options.js';

/** Registers `ziplime backtest`. */
export function register(program: Command): void {
  const backtest = program
    .command('backtest')
    .description('run a strategy file over a bundle and print its results')
    .argument('<strategy>', 'strategy file (.ts or .js)')
    .option('-b, --bundle <name>', 'bundle to read', 'demo')
    .option('-s, --start <date>', 'first session YYYY-MM-DD (default: first day of the bundle)')
    .option('-e, --end <date>', 'last session YYYY-MM-DD (default: last day of the bundle)');
  addRunOptions(backtest, 'capital', 'frequency', 'fill', 'benchmark', 'param', 'config')
    .option('-o, --output <file>', 'write the results (.json, .csv, .parquet or .duckdb)')
    .option('--html <file>', 'write a self-contained HTML tear sheet')
    .option('--monthly', 'add a monthly-returns table to the report', false)
    .option('--json', 'print the summary as JSON instead of tables', false)
    .option('--quiet', 'print nothing but errors', false)
    .action(async (strategyFile: string, raw: Record<string, unknown>, cmd: Command) => {
      const { backtestOptionsSchema, parseOptions } = await import('./option-schemas.js');
      const options = parseOptions(backtestOptionsSchema, raw);
      const global = globalOptions(cmd);
      // `--quiet` with nothing to write needs no report code and no progress.
      const report = options.output || options.html || !options.quiet ? await import('../report/index.js') : undefined;
      if (options.output) report?.resultFormat(options.output);
      const [{ runBacktest }, { createLogger }] = await Promise.all([import('../runtime/backtest.js'), import('../runtime/logging.js')]);
      const logger = createLogger({ level: options.quiet && !global.logFile ? 'warn' : global.logLevel, file: global.logFile });
      const progress = options.quiet || options.json ? undefined : report?.createProgressReporter();
      let started = false;
      const run = await runBacktest({
        strategyFile, bundlesDir: global.bundlesDir, bundle: options.bundle, start: options.start, end: options.end,
        capital: options.capital, frequency: options.frequency, fill: options.fill, benchmark: options.benchmark,
        params: options.param, config: options.config, logger,
        onProgress: progress && ((done, total, session, bars) => {
          if (!started) { progress.start(total); started = true; }
          progress.update(done, session, bars);
        }),
      }).finally(() => progress?.stop());
      if (run.error) {
        if (options.output) await report?.writeResult(run.result, options.output);
        throw run.error;
      }
      await report?.emitResult(run.result, {
        output: options.output, html: options.html, monthly: options.monthly, json: options.json, print: !options.quiet,
      });
    });
}
