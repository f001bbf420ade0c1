import { existsSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BundleNotFoundError, UsageError } from '../core/errors.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import { openBundleFile } from './bundle-reader.js';
import { removeStaleTemps } from './ingest/temp-files.js';

/** One ingested version of a bundle: a DuckDB file named by its UTC creation time. */
export interface BundleVersion {
  /** File name, e.g. `2026-11-21T09-50-12-345Z.duckdb`. */
  readonly file: string;
  readonly path: string;
  readonly sizeBytes: number;
}

/** A bundle: a folder of versions, newest last. */
export interface BundleEntry {
  readonly name: string;
  readonly dir: string;
  /** Ascending by creation time; the last one is the bundle. */
  readonly versions: readonly BundleVersion[];
}

const VERSION_FILE = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.duckdb$/;
const BUNDLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Throws `UsageError` unless `name` can be a bundle folder name (letters, digits, `.`, `_`, `-`). */
export function checkBundleName(name: string): string {
  if (!BUNDLE_NAME.test(name)) {
    throw new UsageError(`invalid bundle name '${name}'; use letters, digits, '.', '_' or '-' (e.g. -b my-data)`);
  }
  return name;
}

/** The version file name for an instant: a sortable UTC timestamp. */
export function versionFileName(ms: number): string {
  return `${new Date(ms).toISOString().replaceAll(':', '-').replace('.', '-')}.duckdb`;
}

/**
 * A version file name in `dir` for now that no existing version has and that sorts after all of
 * them (two ingests in the same millisecond, or a clock that stepped back, still get a newer name).
 */
export async function nextVersionFileName(dir: string, now = Date.now()): Promise<string> {
  const existing = existsSync(dir) ? (await versionsIn(dir)).map((v) => v.file) : [];
  const last = existing.at(-1);
  let ms = now;
  if (last) ms = Math.max(ms, Date.parse(versionInstant(last)) + 1);
  return versionFileName(ms);
}

function versionInstant(file: string): string {
  const [date, time] = file.replace('.duckdb', '').split('T') as [string, string];
  const [h, m, s, ms] = time.replace('Z', '').split('-');
  return `${date}T${h}:${m}:${s}.${ms}Z`;
}

async function versionsIn(dir: string): Promise<BundleVersion[]> {
  const files = (await readdir(dir)).filter((f) => VERSION_FILE.test(f)).sort();
  return Promise.all(files.map(async (file) => {
    const p = path.join(dir, file);
    return { file, path: p, sizeBytes: (await stat(p)).size };
  }));
}

/** Every bundle in `bundlesDir` that has at least one version, by name. Temp files are ignored. */
export async function listBundles(bundlesDir: string): Promise<BundleEntry[]> {
  if (!existsSync(bundlesDir)) return [];
  const entries = await readdir(bundlesDir, { withFileTypes: true });
  const bundles: BundleEntry[] = [];
  for (const e of entries.filter((d) => d.isDirectory() && !d.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = path.join(bundlesDir, e.name);
    const versions = await versionsIn(dir);
    if (versions.length > 0) bundles.push({ name: e.name, dir, versions });
  }
  return bundles;
}

/** The bundle called `name`, or throws `BundleNotFoundError` when it has no version. */
export async function findBundle(bundlesDir: string, name: string): Promise<BundleEntry> {
  const dir = path.join(bundlesDir, name);
  const versions = existsSync(dir) ? await versionsIn(dir) : [];
  if (versions.length === 0) throw new BundleNotFoundError(name, bundlesDir);
  return { name, dir, versions };
}

/** Path of the newest version of bundle `name` (throws `BundleNotFoundError`). */
export async function newestVersionPath(bundlesDir: string, name: string): Promise<string> {
  return (await findBundle(bundlesDir, name)).versions.at(-1)!.path;
}

/**
 * Opens the newest version of bundle `name` read-only (several readers and processes can share
 * it). Throws `BundleNotFoundError` when the bundle does not exist.
 */
export async function openBundle(bundlesDir: string, name: string): Promise<BundleReader> {
  return openBundleFile(await newestVersionPath(bundlesDir, name));
}

/**
 * Opens version `version` (its file name without `.duckdb`, as results record it) of bundle
 * `name` read-only, or the newest version when that one is gone; says which it opened.
 */
export async function openBundleVersion(bundlesDir: string, name: string, version: string): Promise<{ reader: BundleReader; found: boolean }> {
  const file = path.join(bundlesDir, name, `${version}.duckdb`);
  if (VERSION_FILE.test(`${version}.duckdb`) && existsSync(file)) return { reader: await openBundleFile(file), found: true };
  return { reader: await openBundle(bundlesDir, name), found: false };
}

/**
 * Removes all but the newest `keepLast` versions of bundle `name` (at least one is always
 * kept) and temp files that killed ingests left behind (their process is gone). Returns the removed file paths.
 */
export async function cleanBundle(bundlesDir: string, name: string, keepLast = 1): Promise<string[]> {
  if (!Number.isInteger(keepLast) || keepLast < 1) throw new UsageError(`--keep-last must be a whole number ≥ 1 (got '${keepLast}')`);
  const bundle = await findBundle(bundlesDir, name);
  const doomed = bundle.versions.slice(0, Math.max(0, bundle.versions.length - keepLast)).map((v) => v.path);
  for (const p of doomed) await rm(p, { recursive: true, force: true });
  await removeStaleTemps(bundle.dir);
  return doomed;
}
