import type { Command } from 'commander';
import { globalOptions } from './global-options.js';

/** Registers `ziplime clean`. */
export function register(program: Command): void {
  program
    .command('clean')
    .description('remove old versions of a bundle, keeping the newest')
    .requiredOption('-b, --bundle <name>', 'bundle to clean')
    .option('--keep-last <n>', 'versions to keep', '1')
    .action(async (opts: { bundle: string; keepLast: string }, cmd: Command) => {
      const keep = Number(opts.keepLast);
      const { cleanBundleVersions } = await import('../runtime/ingest.js');
      const global = globalOptions(cmd);
      const removed = await cleanBundleVersions(global.bundlesDir, opts.bundle, keep);
      if (!global.quiet) process.stdout.write(`${opts.bundle}: removed ${removed.length} old version${removed.length === 1 ? '' : 's'}, kept ${keep}\n`);
    });
}
