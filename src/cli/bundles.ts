import type { Command } from 'commander';
import { isoUtc } from '../core/time.js';
import { count } from '../report/format.js';
import { colorEnabled } from '../report/terminal-style.js';
import type { BundleSummary } from '../runtime/ingest.js';
import { globalOptions } from './global-options.js';

const when = (ms: number | null, minute: boolean) =>
  ms === null ? '' : minute ? isoUtc(ms).slice(0, 16).replace('T', ' ') : isoUtc(ms).slice(0, 10);

function size(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

/** The `ziplime bundles` table. */
async function bundlesTable(rows: readonly BundleSummary[]): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: ['name', 'versions', 'source', 'calendar', 'assets', 'first bar', 'last bar', 'daily rows', 'minute rows', 'size'],
    style: colorEnabled(process.stdout) ? { head: ['cyan'] } : { head: [], border: [] },
  });
  for (const r of rows) {
    const minuteOnly = r.dailyRows === 0 && r.minuteRows > 0;
    table.push([r.name, r.versions, r.source, r.calendar, count(r.assets), when(r.firstBar, minuteOnly), when(r.lastBar, minuteOnly),
      count(r.dailyRows), count(r.minuteRows), size(r.sizeBytes)]);
  }
  return table.toString();
}

/** Registers `ziplime bundles`. */
export function register(program: Command): void {
  program
    .command('bundles')
    .description('list bundles: versions, source, calendar, assets, first and last bar, rows, size on disk')
    .argument('[name]', 'only this bundle')
    .action(async (name: string | undefined, _opts: unknown, cmd: Command) => {
      const { listBundleSummaries } = await import('../runtime/ingest.js');
      const dir = globalOptions(cmd).bundlesDir;
      const summaries = await listBundleSummaries(dir, name);
      if (summaries.length === 0) {
        process.stdout.write(`no bundles in ${dir}; run \`ziplime ingest\` to build the demo bundle\n`);
        return;
      }
      process.stdout.write(`${await bundlesTable(summaries)}\n`);
    });
}
