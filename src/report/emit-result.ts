import type { RunResult } from '../model/results.js';
import { reportData } from './report-data.js';
import type { MaybeTty } from './terminal-style.js';

/** What to do with a finished run's result (the `backtest` and `report` options). */
export interface EmitOptions {
  /** `-o/--output`: write the result by extension (.json, .csv, .parquet, .duckdb). */
  output?: string;
  /** `--html`: write the tear sheet. */
  html?: string;
  /** `--monthly`: add monthly returns (terminal table, or the `monthly` key with `--json`). */
  monthly?: boolean;
  /** `--json`: print the summary as JSON instead of the tables. */
  json?: boolean;
  /** Draw the equity chart under the tables (default true; it is only ever drawn on a terminal). */
  chart?: boolean;
  /** Add the run's settings to the terminal report (`ziplime report`). */
  settings?: boolean;
  /** Print the report at all (default true; `backtest --quiet` passes false and only files are written). */
  print?: boolean;
  /** Where the report is printed (default `process.stdout`). */
  stdout?: NodeJS.WritableStream & MaybeTty;
  env?: NodeJS.ProcessEnv;
}

/**
 * Writes the result file and the HTML tear sheet when asked, then prints the terminal report
 * (or the JSON summary with `json`). Colour and the equity chart only on a terminal; colour
 * never with `NO_COLOR`. The report's figures, and the modules of each output, are only loaded
 * when that output is asked for.
 */
export async function emitResult(result: RunResult, options: EmitOptions = {}): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  if (options.output) await (await import('./write-result.js')).writeResult(result, options.output);
  if (!options.html && options.print === false) return;
  const data = reportData(result);
  if (options.html) await (await import('./html/tear-sheet.js')).writeHtmlReport(data, options.html);
  if (options.print === false) return;
  if (options.json) {
    const [{ toJson }, { reportSummary }] = await Promise.all([import('./json-result.js'), import('./summary-json.js')]);
    stdout.write(toJson(reportSummary(data, { monthly: options.monthly })));
    return;
  }
  const [{ renderTerminalReport }, { colorEnabled }] = await Promise.all([import('./terminal-report.js'), import('./terminal-style.js')]);
  const tty = stdout.isTTY === true;
  stdout.write(renderTerminalReport(data, {
    color: colorEnabled(stdout, options.env),
    monthly: options.monthly,
    settings: options.settings,
    chart: tty && options.chart !== false,
    width: Math.min(tty && 'columns' in stdout && typeof stdout.columns === 'number' && stdout.columns > 0 ? stdout.columns : 80, 80),
  }));
}
