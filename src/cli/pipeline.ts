import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { isDayString } from '../core/time.js';
import { globalOptions } from './global-options.js';
import { checkWritableFile } from './writable-path.js';

/** Registers `ziplime pipeline`. */
export function register(program: Command): void {
  program
    .command('pipeline')
    .description("compute a file's exported Pipeline over a bundle and write one row per (session, asset)")
    .argument('<file>', 'file exporting a Pipeline (.ts or .js)')
    .option('-b, --bundle <name>', 'bundle to read', 'demo')
    .option('-s, --start <date>', 'first session YYYY-MM-DD (default: first day of the bundle)')
    .option('-e, --end <date>', 'last session YYYY-MM-DD (default: last day of the bundle)')
    .requiredOption('-o, --output <file>', 'where to write the rows (.csv, .parquet or .duckdb)')
    .option('--chunk <sessions>', 'sessions computed per chunk', '252')
    .action(async (file: string, raw: { bundle: string; start?: string; end?: string; output: string; chunk: string }, cmd: Command) => {
      for (const [flag, v] of [['--start', raw.start], ['--end', raw.end]] as const) {
        if (v !== undefined && !isDayString(v)) throw new UsageError(`${flag} ${v}: expected a date YYYY-MM-DD`);
      }
      const chunkSize = Number(raw.chunk);
      if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new UsageError(`--chunk ${raw.chunk}: expected a positive whole number of sessions`);
      const { tableFormat } = await import('../report/write-table.js');
      tableFormat(raw.output);
      checkWritableFile(raw.output, '-o');
      const global = globalOptions(cmd);
      const [{ runPipelineFile }, { createProgressReporter }] = await Promise.all([import('../runtime/pipeline.js'), import('../report/progress.js')]);
      const progress = createProgressReporter();
      let started = false;
      const out = await runPipelineFile({
        file, bundlesDir: global.bundlesDir, bundle: raw.bundle, start: raw.start, end: raw.end, output: raw.output, chunkSize,
        onProgress: (done, total, session, rows) => {
          if (!started) { progress.start(total); started = true; }
          progress.update(done, session, rows);
        },
      }).finally(() => progress.stop());
      if (!global.quiet) process.stdout.write(`pipeline ${file} · bundle ${raw.bundle} · ${out.start} → ${out.end}: ${out.rows.toLocaleString('en-US')} rows over ${out.sessions.toLocaleString('en-US')} sessions → ${raw.output}\n`);
    });
}
