import type { Command } from 'commander';
import { globalOptions } from './global-options.js';
import { checkWritableFile } from './writable-path.js';

/** Options of `ziplime report`. */
interface ReportOptions {
  html?: string;
  monthly?: boolean;
  json?: boolean;
  top?: string;
  /** `--no-chart`. */
  chart?: boolean;
}

/** Registers `ziplime report RESULTS`: re-renders a results file written by `backtest -o` or a sweep file. */
export function register(program: Command): void {
  program
    .command('report')
    .description('print the report of a results file (.json, .csv, .parquet, .duckdb) or a sweep file and optionally write the HTML page')
    .argument('<results>', 'results file written by `ziplime backtest -o` or `ziplime sweep -o`')
    .option('--html <file>', 'write a self-contained HTML tear sheet (or sweep report)')
    .option('--monthly', 'add the monthly returns table', false)
    .option('--json', 'print the summary as JSON instead of tables', false)
    .option('--no-chart', 'no equity chart')
    .option('--top <n>', 'rows of the top-points table of a sweep', '10')
    .action(async (results: string, opts: ReportOptions, cmd: Command) => {
      const quiet = globalOptions(cmd).quiet;
      if (opts.html) checkWritableFile(opts.html, '--html');
      const report = await import('../report/index.js');
      if (/\.(duckdb|db)$/i.test(results)) {
        const sweep = await (await import('../runtime/sweep.js')).readSweepReport(results).catch(() => null);
        if (sweep) {
          if (!quiet) process.stdout.write(report.renderSweepTerminal(sweep, Math.max(1, Number(opts.top) || 10)));
          if (opts.html) await report.writeSweepHtml(sweep, opts.html);
          return;
        }
      }
      await report.emitResult(await report.readResult(results), {
        html: opts.html, monthly: opts.monthly, json: opts.json, chart: opts.chart !== false, print: !quiet, settings: true,
      });
    });
}
