import type { Command } from 'commander';
import { globalOptions } from './global-options.js';
import { addRunOptions } from './run-options.js';
import { checkWritableFile } from './writable-path.js';
import { UsageError } from '../core/errors.js';
import { dayString } from '../core/time.js';

/** Registers `ziplime backtest`. */
export function register(program: Command): void {
  const backtest = program
    .command('backtest')
    .description('run a strategy file over a bundle and print its results')
    .argument('[strategy]', 'strategy file (.ts or .js); not with --rerun')
    .option('-b, --bundle <name>', 'bundle to read', 'demo')
    .option('-s, --start <date>', 'first session YYYY-MM-DD (default: first day of the bundle)')
    .option('-e, --end <date>', 'last session YYYY-MM-DD (default: last day of the bundle)');
  addRunOptions(backtest, 'capital', 'frequency', 'fill', 'benchmark', 'param', 'config', 'venueRules')
    .option('-o, --output <file>', 'write the results (.json, .csv, .parquet or .duckdb)')
    .option('--html <file>', 'write a self-contained HTML tear sheet')
    .option('--rerun <results>', 'run again with the settings a results file recorded (strategy, params, bundle version, period, capital, frequency, fill, benchmark)')
    .option('--monthly', 'add a monthly-returns table to the report', false)
    .option('--json', 'print the summary as JSON instead of tables', false)
    .action(async (strategyArg: string | undefined, raw: Record<string, unknown>, cmd: Command) => {
      const { backtestOptionsSchema, parseOptions } = await import('./option-schemas.js');
      const global = globalOptions(cmd);
      const options = parseOptions(backtestOptionsSchema, { ...raw, quiet: global.quiet });
      // `--quiet` with nothing to write needs no report code and no progress.
      const report = options.output || options.html || !options.quiet ? await import('../report/index.js') : undefined;
      if (options.output) {
        checkWritableFile(options.output, '-o');
        report?.resultFormat(options.output);
      }
      if (options.html) checkWritableFile(options.html, '--html');
      if (options.rerun && strategyArg) throw new UsageError('give a strategy file or --rerun RESULTS, not both');
      if (!options.rerun && !strategyArg) throw new UsageError('give the strategy file to run (or --rerun RESULTS)');
      const warn = (message: string) => process.stderr.write(`warning: ${message}\n`);
      const runSettings = options.rerun
        ? await (await import('./rerun.js')).rerunOptions(options.rerun, cmd, warn)
        : {
          strategyFile: strategyArg!, bundle: options.bundle, start: options.start, end: options.end, capital: options.capital,
          frequency: options.frequency, fill: options.fill, benchmark: options.benchmark, venueRules: options.venueRules,
        };
      const [{ runBacktest }, { createLogger }] = await Promise.all([import('../runtime/backtest.js'), import('../runtime/logging.js')]);
      const logger = createLogger({ level: options.quiet && !global.logFile ? 'warn' : global.logLevel, file: global.logFile, deferred: true });
      const progress = options.quiet || options.json ? undefined : report?.createProgressReporter();
      const interrupt = onInterrupt(() => progress?.stop());
      let started = false;
      const run = await runBacktest({
        ...runSettings, bundlesDir: global.bundlesDir, params: options.param, config: options.config, onWarning: warn,
        logger, signal: interrupt.signal, watchProcess: true,
        onProgress: progress && ((done, total, day, bars) => {
          if (!started) { progress.start(total); started = true; }
          progress.update(done, dayString(day), bars);
        }),
      }).finally(() => {
        progress?.stop();
        interrupt.dispose();
      });
      const { status, message } = run.result.summary;
      if (run.error && global.logFile) logger.error({ err: run.error.message }, 'strategy failed');
      await report?.emitResult(run.result, {
        output: options.output, html: options.html, monthly: options.monthly, json: options.json, print: !options.quiet,
      });
      if (run.error) throw run.error;
      if (status === 'interrupted') {
        process.stderr.write(`ziplime: ${message}\n`);
        process.exitCode = INTERRUPTED_EXIT;
      }
    });
}

/** The exit code of a run stopped by Ctrl-C (128 + SIGINT). */
const INTERRUPTED_EXIT = 130;

/**
 * Ctrl-C while a run goes: the first one aborts `signal` (the run stops at the next session end
 * and its partial result is written); a second one restores the terminal and exits at once.
 */
function onInterrupt(restoreTerminal: () => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = (): void => {
    if (!controller.signal.aborted) {
      controller.abort();
      return;
    }
    restoreTerminal();
    process.stderr.write('ziplime: interrupted again; exiting without writing results\n');
    process.exit(INTERRUPTED_EXIT);
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', handler) };
}
