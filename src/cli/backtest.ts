import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { isDayString } from '../core/time.js';
import type { RunResult } from '../model/results.js';
import { globalOptions } from './global-options.js';

const optionsSchema = z.object({
  bundle: z.string().min(1),
  start: z.string().refine(isDayString, 'expected a date YYYY-MM-DD').optional(),
  end: z.string().refine(isDayString, 'expected a date YYYY-MM-DD').optional(),
  capital: z.coerce.number().positive('must be a positive amount').finite(),
  frequency: z.enum(['daily', 'minute']),
  fill: z.enum(['next-close', 'next-open', 'same-close']),
  benchmark: z.string().min(1).optional(),
  param: z.array(z.string()),
  config: z.string().optional(),
  output: z.string().optional(),
  quiet: z.boolean(),
}).refine((o) => !o.start || !o.end || o.start <= o.end, { message: 'the start date is after the end date', path: ['start'] });

/** Validated `ziplime backtest` options. */
export type BacktestCliOptions = z.infer<typeof optionsSchema>;

/** Parses commander's raw options; a bad value is a `UsageError` naming the option. */
export function parseBacktestOptions(raw: Record<string, unknown>): BacktestCliOptions {
  const parsed = optionsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = String(issue.path[0] ?? 'options');
  const value = raw[key];
  throw new UsageError(`--${key}${value !== undefined ? ` '${String(value)}'` : ''}: ${issue.message}`);
}

/** Checks that a result file can be written (by its extension) before the run starts. */
export function checkOutputPath(file: string): void {
  if (path.extname(file).toLowerCase() !== '.json') throw new UsageError(`--output ${file}: this build writes .json results only`);
}

/** Writes a result file by extension; `.json` is the DESIGN.md §6 shape. */
export function writeResult(result: RunResult, file: string): void {
  checkOutputPath(file);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : 'n/a');
const num = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

/** A short summary table of a result: period, returns, risk, trading. */
export function formatSummary(result: RunResult): string {
  const s = result.summary;
  const table = new Table({ head: ['backtest', result.strategy], style: { head: [], border: [] } });
  table.push(
    ['bundle / fill', `${result.bundle} · ${result.frequency} · ${result.fill}${result.fill === 'same-close' ? ' (optimistic)' : ''}`],
    ['period', `${result.start} → ${result.end} (${s.tradingDays} sessions)`],
    ['starting → ending value', `${num(s.startingCash)} → ${num(s.endingValue)}`],
    ['total return', pct(s.totalReturn)],
    ['annual return / volatility', `${pct(s.annualReturn)} / ${pct(s.annualVolatility)}`],
    ['sharpe / sortino', `${num(s.sharpe)} / ${num(s.sortino)}`],
    ['max drawdown', pct(s.maxDrawdown)],
    ['benchmark return', pct(s.benchmarkReturn)],
    ['orders / trades', `${s.orders} / ${s.transactions}`],
  );
  return table.toString();
}

/** Registers `ziplime backtest`. */
export function register(program: Command): void {
  program
    .command('backtest')
    .description('run a strategy file over a bundle and print its results')
    .argument('<strategy>', 'strategy file (.ts or .js)')
    .option('-b, --bundle <name>', 'bundle to read', 'demo')
    .option('-s, --start <date>', 'first session YYYY-MM-DD (default: first day of the bundle)')
    .option('-e, --end <date>', 'last session YYYY-MM-DD (default: last day of the bundle)')
    .option('--capital <amount>', 'starting cash', '100000')
    .option('--frequency <f>', 'daily | minute', 'daily')
    .option('--fill <policy>', 'next-close | next-open | same-close', 'next-close')
    .option('--benchmark <symbol>', "benchmark symbol, or 'none' (default: the bundle's)")
    .option('--param <k=v>', 'strategy parameter (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--config <file>', 'JSON file of strategy parameters')
    .option('-o, --output <file>', 'write the results (.json)')
    .option('--quiet', 'print nothing but errors', false)
    .action(async (strategyFile: string, raw: Record<string, unknown>, cmd: Command) => {
      const options = parseBacktestOptions(raw);
      const global = globalOptions(cmd);
      if (options.output) checkOutputPath(options.output);
      const [{ runBacktest }, { createLogger }] = await Promise.all([import('../runtime/backtest.js'), import('../runtime/logging.js')]);
      const logger = createLogger({ level: options.quiet && !global.logFile ? 'warn' : global.logLevel, file: global.logFile });
      const progress = !options.quiet && process.stderr.isTTY ? await progressBar() : undefined;
      const run = await runBacktest({
        strategyFile, bundlesDir: global.bundlesDir, bundle: options.bundle, start: options.start, end: options.end,
        capital: options.capital, frequency: options.frequency, fill: options.fill, benchmark: options.benchmark,
        params: options.param, config: options.config, logger, onProgress: progress?.update,
      }).finally(() => progress?.stop());
      if (options.output) writeResult(run.result, options.output);
      if (run.error) throw run.error;
      if (!options.quiet) process.stdout.write(`${formatSummary(run.result)}\n`);
    });
}

async function progressBar(): Promise<{ update: (done: number, total: number) => void; stop: () => void }> {
  const { SingleBar } = await import('cli-progress');
  const bar = new SingleBar({ stream: process.stderr, clearOnComplete: true, hideCursor: true, format: 'backtest [{bar}] {value}/{total} sessions' });
  let started = false;
  return {
    update(done, total) {
      if (!started) { bar.start(total, 0); started = true; }
      if (done % 20 === 0 || done === total) bar.update(done);
    },
    stop: () => { if (started) bar.stop(); },
  };
}
