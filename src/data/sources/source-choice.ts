/** What `ziplime ingest` reads from a path: the source it implies, the bundle's name, the side tables. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { SideTables } from './side-tables.js';

/** The source a `--path` implies: a folder with daily/ or minute/ → csvdir; else by extension. */
export function inferSource(target: string): string {
  if (existsSync(target) && statSync(target).isDirectory()) {
    if (existsSync(path.join(target, 'daily')) || existsSync(path.join(target, 'minute'))) return 'csvdir';
    return 'csv';
  }
  return /\.(parquet|pq)$/i.test(target) ? 'parquet' : 'csv';
}

/** A bundle name from a path: the file or folder name without extension, made safe. */
export function bundleNameFromPath(target: string): string {
  const base = path.basename(path.resolve(target)).replace(/\.[^.]+$/, '');
  const safe = base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  if (!safe) throw new UsageError(`cannot name a bundle after '${target}'; give one with -b NAME`);
  return safe;
}

/** The side-table files given (`--splits`, `--dividends`, `--benchmark-file`), checked to exist; only the file sources take them. */
export function sideTableFiles(sourceName: string, files: { splits?: string; dividends?: string; benchmark?: string }): SideTables {
  const flags = { splits: '--splits', dividends: '--dividends', benchmark: '--benchmark-file' } as const;
  const out: SideTables = {};
  for (const k of ['splits', 'dividends', 'benchmark'] as const) {
    const f = files[k];
    if (f === undefined) continue;
    if (!['csv', 'csvdir', 'parquet'].includes(sourceName)) throw new UsageError(`${flags[k]} is used with --source csv, csvdir or parquet, not ${sourceName}`);
    if (!existsSync(f) || statSync(f).isDirectory()) throw new UsageError(`${flags[k]} ${f}: no such file`);
    out[k] = path.resolve(f);
  }
  return out;
}
