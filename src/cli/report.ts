import type { Command } from 'commander';

/** Options of `ziplime report`. */
interface ReportOptions {
  html?: string;
  monthly?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** Registers `ziplime report RESULTS`: re-renders a results file written by `backtest -o`. */
export function register(program: Command): void {
  program
    .command('report')
    .description('print the report of a results file (.json, .csv, .parquet, .duckdb) and optionally write the HTML tear sheet')
    .argument('<results>', 'results file written by `ziplime backtest -o`')
    .option('--html <file>', 'write a self-contained HTML tear sheet')
    .option('--monthly', 'add the monthly returns table', false)
    .option('--json', 'print the summary as JSON instead of tables', false)
    .option('-q, --quiet', 'no equity chart', false)
    .action(async (results: string, opts: ReportOptions) => {
      const { readResult, emitResult } = await import('../report/index.js');
      await emitResult(await readResult(results), { html: opts.html, monthly: opts.monthly, json: opts.json, chart: !opts.quiet });
    });
}
