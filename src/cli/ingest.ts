import type { Command } from 'commander';
import { isoUtc } from '../core/time.js';
import { count } from '../report/format.js';
import type { IngestProgress, IngestResult } from '../runtime/ingest.js';
import { globalOptions } from './global-options.js';
import { checkWritableDir } from './writable-path.js';
import { addCredentialsOption } from './run-options.js';

/** A progress bar on stderr (files and rows) when it is a terminal; silent when piped. */
async function terminalProgress(): Promise<{ callbacks: IngestProgress; stop: () => void }> {
  if (!process.stderr.isTTY) return { callbacks: {}, stop: () => {} };
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({
    stream: process.stderr, hideCursor: true, clearOnComplete: true,
    format: 'ingest {bar} {value}/{total} files | {rows} rows | {phase}',
  }, Presets.shades_classic);
  let started = false;
  const start = (total: number) => {
    if (!started) bar.start(total, 0, { rows: 0, phase: 'read' });
    started = true;
  };
  return {
    callbacks: {
      file: (_path, index, total) => { start(total); bar.setTotal(total); bar.update(index, { phase: 'read' }); },
      rows: (rows) => { start(1); bar.update({ rows: count(rows) }); },
      phase: (phase) => { start(1); bar.update(bar.getTotal(), { phase }); },
    },
    stop: () => { if (started) bar.stop(); started = false; },
  };
}

const day = (ms: number) => isoUtc(ms).slice(0, 10);

function describe(r: IngestResult): string {
  const rows = [r.dailyRows ? `${count(r.dailyRows)} daily` : '', r.minuteRows ? `${count(r.minuteRows)} minute` : '']
    .filter(Boolean).join(' + ');
  return `ingested bundle '${r.name}' from ${r.source} on ${r.calendar}: ${r.assets} asset${r.assets === 1 ? '' : 's'}, ${rows} bars`
    + (r.firstBar !== null && r.lastBar !== null ? ` ${day(r.firstBar)} … ${day(r.lastBar)}` : '')
    + `, ${r.splits} split${r.splits === 1 ? '' : 's'}, ${r.dividends} dividend${r.dividends === 1 ? '' : 's'}\n  → ${r.path}`
    + r.notes.map((n) => `\n  note: ${n}`).join('');
}

/** Registers `ziplime ingest`. */
export function register(program: Command): void {
  const ingest = program
    .command('ingest')
    .description('build a bundle from the demo market, your files (CSV, csvdir, parquet), Alpaca\'s historical bars or a crypto exchange through ccxt')
    .option('-b, --bundle <name>', 'bundle name (default: demo, or the file/folder name)')
    .option('--source <source>', 'demo | demo-crypto | csvdir | csv | parquet | alpaca | ccxt (default: demo, or inferred from --path)')
    .option('--path <path>', 'file or folder to read')
    .option('--symbol <symbol>', 'symbol of a one-symbol file (default: the file name)')
    .option('--columns <mapping>', 'map fields to headers, e.g. "close=Adj Close,volume=Vol"; time=#2 maps by position; split= (empty) skips a column')
    .option('--adjust-with <header>', 'adjusted bars: scale open/high/low/close by HEADER / close (e.g. "Adj Close"); no splits or dividends')
    .option('--strict', 'ingest warnings (split not in the prices, no volume, …) are errors')
    .option('--bar-label <label>', 'start | end: what a minute bar\'s time labels (zipline\'s minute files: end, 09:31 … 16:00)', 'start')
    .option('--skip-placeholders', 'drop bars on days that are not sessions when they have volume 0 and one flat price (holiday filler rows)')
    .option('--splits <file>', 'splits beside the bars: symbol, effective_date, ratio (zipline\'s 0.5 = 2-for-1 is recognised)')
    .option('--dividends <file>', 'dividends beside the bars: symbol, ex_date, amount [, declared_date, record_date, pay_date]')
    .option('--benchmark-file <file>', 'benchmark as a date,return series (e.g. zipline\'s SPY_benchmark.csv)')
    .option('--calendar <name>', 'XNYS | ALWAYS_OPEN | data (sessions = the dates in the data); default XNYS, ALWAYS_OPEN for demo-crypto')
    .option('--frequency <frequency>', 'daily | minute (default: inferred from the timestamps)')
    .option('--tz <zone>', "zone of timestamps without an offset (default: the calendar's; UTC for data)")
    .option('--symbols <list>', 'alpaca, ccxt: symbols to fetch, e.g. AAPL,MSFT or BTC/USDT,ETH/USDT')
    .option('--start <day>', 'alpaca, ccxt: first day, YYYY-MM-DD')
    .option('--end <day>', 'alpaca, ccxt: last day, YYYY-MM-DD (inclusive)')
    .option('--timeframe <timeframe>', 'alpaca: 1Day | 1Min (default: 1Day); ccxt: 1d | 1h | 1m (default: 1d)')
    .option('--exchange <id>', 'ccxt: the exchange, e.g. binance')
    .option('--api-url <url>', 'ccxt: send every REST request to this base URL (default: ZIPLIME_CCXT_API_URL or <EXCHANGE>_API_URL, e.g. from `ziplime sim --protocol binance`)')
    .option('--adjustment <adjustment>', 'alpaca: raw | split | dividend | all (default: raw)')
    .option('--dataset <name>', 'add a custom dataset to the bundle from --path (CSV: symbol, asof_date, numeric columns)');
  addCredentialsOption(ingest)
    .action(async (opts: Record<string, string | undefined> & { strict?: boolean; skipPlaceholders?: boolean }, cmd: Command) => {
      const global = globalOptions(cmd);
      const { checkTimeZone } = await import('./option-schemas.js');
      checkTimeZone(opts.tz);
      checkWritableDir(global.bundlesDir, '--bundles-dir');
      if (opts.dataset) {
        const { runDatasetIngest } = await import('../runtime/dataset.js');
        const d = await runDatasetIngest({ bundlesDir: global.bundlesDir, bundle: opts.bundle, name: opts.dataset, path: opts.path });
        if (!global.quiet) process.stdout.write(`added dataset '${d.dataset}' to bundle '${d.bundle}': ${count(d.rows)} rows, columns ${d.columns.join(', ')}\n  → ${d.path}\n`);
        return;
      }
      const { runIngest } = await import('../runtime/ingest.js');
      const progress = await terminalProgress();
      let result: IngestResult;
      try {
        result = await runIngest({
          bundlesDir: global.bundlesDir, bundle: opts.bundle, source: opts.source, path: opts.path,
          symbol: opts.symbol, columns: opts.columns, calendar: opts.calendar, frequency: opts.frequency, tz: opts.tz,
          adjustWith: opts.adjustWith, strict: opts.strict === true,
          skipPlaceholders: opts.skipPlaceholders === true, barLabel: opts.barLabel, splits: opts.splits, dividends: opts.dividends, benchmarkFile: opts.benchmarkFile,
          extra: { symbols: opts.symbols, start: opts.start, end: opts.end, timeframe: opts.timeframe, adjustment: opts.adjustment, credentials: opts.credentials, exchange: opts.exchange, apiUrl: opts.apiUrl },
          progress: progress.callbacks,
        });
      } finally {
        progress.stop();
      }
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      if (!global.quiet) process.stdout.write(`${describe(result)}\n`);
    });
}
