import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { isoUtc } from '../core/time.js';
import { count } from '../report/format.js';
import { textTable } from '../report/text-table.js';
import type { BundleContents, BundleSummary } from '../runtime/ingest.js';
import { globalOptions } from './global-options.js';

const day = (ms: number | null) => (ms === null ? '' : isoUtc(ms).slice(0, 10));

function size(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

/** 1,234 → `1,234`; 76,489 → `76.5k`; 2,000,000 → `2.0M` (the table's bar counts). */
function compact(n: number): string {
  if (n < 10_000) return count(n);
  return n < 1_000_000 ? `${(n / 1000).toFixed(1)}k` : `${(n / 1_000_000).toFixed(1)}M`;
}

/** The `ziplime bundles` table: one line per bundle, at most 100 columns wide. */
export function bundlesTable(rows: readonly BundleSummary[]): string {
  return textTable(
    [{ head: 'name', max: 24 }, { head: 'ver', right: true }, { head: 'source', max: 6 }, { head: 'calendar' }, { head: 'assets', right: true },
      { head: 'first…last' }, { head: 'bars', right: true }, { head: 'size', right: true }],
    rows.map((r) => [r.name, String(r.versions), r.source.split(' ')[0]!, r.calendar, count(r.assets),
      r.firstBar === null ? '' : `${day(r.firstBar)}…${day(r.lastBar)}`, compact(r.dailyRows + r.minuteRows), size(r.sizeBytes)]),
  );
}

/** `ziplime bundles NAME`: the table line, then the details the table leaves out. */
function bundleDetails(r: BundleSummary): string {
  const sizes = Object.entries(r.barSizes).map(([f, s]) => `${f} ${s}`).join(', ');
  return [
    bundlesTable([r]), '',
    `source       ${r.source}`,
    `bars         ${count(r.dailyRows)} daily, ${count(r.minuteRows)} minute${sizes ? ` (bar size: ${sizes})` : ''}`,
    `actions      ${count(r.splits)} split${r.splits === 1 ? '' : 's'}, ${count(r.dividends)} dividend${r.dividends === 1 ? '' : 's'}`,
    ...(r.volumeUnknown.length > 0 ? [`no volume    ${r.volumeUnknown.join(', ')} (orders not volume-capped)`] : []),
    `file         ${r.path}`,
    `list         ziplime bundles ${r.name} --assets | --splits | --dividends`,
  ].join('\n');
}

/** The `--assets`, `--splits` or `--dividends` listing of a bundle. */
export function contentsTable(c: BundleContents): string {
  if (c.kind === 'assets') {
    return textTable([{ head: 'sid', right: true }, { head: 'symbol' }, { head: 'class' }, { head: 'first' }, { head: 'last' }, { head: 'volume' }, { head: 'name', max: 30 }],
      c.assets.map((a) => [String(a.sid), a.symbol, a.assetClass, a.startDate, a.endDate, a.volumeKnown ? '' : 'none', a.name]));
  }
  if (c.kind === 'splits') {
    return textTable([{ head: 'symbol' }, { head: 'effective' }, { head: 'ratio', right: true }],
      c.splits.map((s) => [s.symbol, s.effectiveDate, `${+s.ratio.toFixed(6)} for 1`]));
  }
  return textTable([{ head: 'symbol' }, { head: 'ex date' }, { head: 'pay date' }, { head: 'amount', right: true }],
    c.dividends.map((d) => [d.symbol, d.exDate, d.payDate ?? '', String(d.amount)]));
}

/** Registers `ziplime bundles`. */
export function register(program: Command): void {
  program
    .command('bundles')
    .description('list bundles (versions, source, calendar, assets, first and last bar, bars, size), or one bundle\'s assets, splits or dividends')
    .argument('[name]', 'only this bundle, with details')
    .option('--assets', 'list the bundle\'s assets (symbols, dates, volume)')
    .option('--splits', 'list the bundle\'s splits')
    .option('--dividends', 'list the bundle\'s dividends')
    .action(async (name: string | undefined, opts: { assets?: boolean; splits?: boolean; dividends?: boolean }, cmd: Command) => {
      const { listBundleSummaries, listBundleContents } = await import('../runtime/ingest.js');
      const dir = globalOptions(cmd).bundlesDir;
      const kinds = (['assets', 'splits', 'dividends'] as const).filter((k) => opts[k]);
      if (kinds.length > 0) {
        if (!name) throw new UsageError(`--${kinds[0]} lists one bundle's contents: give its name, e.g. ziplime bundles demo --${kinds[0]}`);
        if (kinds.length > 1) throw new UsageError(`give one of --assets, --splits, --dividends (got ${kinds.map((k) => `--${k}`).join(', ')})`);
        const contents = await listBundleContents(dir, name, kinds[0]!);
        const n = contents.kind === 'assets' ? contents.assets.length : contents.kind === 'splits' ? contents.splits.length : contents.dividends.length;
        process.stdout.write(n === 0 ? `bundle '${name}' has no ${kinds[0]}\n` : `${contentsTable(contents)}\n`);
        return;
      }
      const summaries = await listBundleSummaries(dir, name);
      if (summaries.length === 0) {
        process.stdout.write(`no bundles in ${dir}; run \`ziplime ingest\` to build the demo bundle\n`);
        return;
      }
      process.stdout.write(`${name ? bundleDetails(summaries[0]!) : bundlesTable(summaries)}\n`);
    });
}
