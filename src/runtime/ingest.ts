import { UsageError } from '../core/errors.js';
import type { Frequency } from '../model/bar.js';
import { bundleContents, bundleSummaries, type BundleContents, type BundleSummary } from '../data/bundle-summary.js';
import { ingestBundle, type IngestResult } from '../data/ingest/ingest-bundle.js';
import type { IngestProgress } from '../data/ingest/stage.js';
import { cleanBundle } from '../data/registry.js';
import { createSource, sourceNames } from '../data/sources/index.js';
import { parseColumnOverrides } from '../data/sources/column-mapping.js';
import { bundleNameFromPath, inferSource, sideTableFiles } from '../data/sources/source-choice.js';
import { VENUE_NAMES, venueNamed } from './venues.js';

let venueSources: Promise<void> | undefined;

/** Registers every venue's history as an ingest source (once per process). */
function registerVenueSources(): Promise<void> {
  venueSources ??= (async () => {
    for (const name of VENUE_NAMES) await (await venueNamed(name)).registerIngestSource?.();
  })();
  return venueSources;
}

/** `ziplime ingest` options as given on the command line. */
export interface IngestCommand {
  bundlesDir: string;
  bundle?: string;
  source?: string;
  path?: string;
  symbol?: string;
  /** `field=Header,…` */
  columns?: string;
  calendar?: string;
  frequency?: string;
  tz?: string;
  /** `--adjust-with HEADER`: adjusted bars from the file's adjusted close. */
  adjustWith?: string;
  /** `--strict`: ingest warnings are errors. */
  strict?: boolean;
  /** `--bar-label start|end`: what a minute bar's time labels. */
  barLabel?: string;
  /** `--skip-placeholders`: drop zero-volume flat bars on days that are not sessions. */
  skipPlaceholders?: boolean;
  /** `--splits FILE`, `--dividends FILE`, `--benchmark-file FILE`. */
  splits?: string;
  dividends?: string;
  benchmarkFile?: string;
  /** Flags of one source (e.g. `symbols`, `start`, `end`, `timeframe`, `adjustment` for alpaca). */
  extra?: Readonly<Record<string, string | undefined>>;
  progress?: IngestProgress;
}

function checkFrequency(f: string | undefined): Frequency | undefined {
  if (f === undefined || f === 'daily' || f === 'minute') return f;
  throw new UsageError(`--frequency must be daily or minute (got '${f}')`);
}

function checkBarLabel(label: string | undefined): 'start' | 'end' | undefined {
  if (label === undefined || label === 'start' || label === 'end') return label;
  throw new UsageError(`--bar-label must be start or end (got '${label}')`);
}

/**
 * Runs `ziplime ingest`: with no options, the synthetic demo market into bundle `demo`;
 * otherwise the given source (inferred from `--path` when absent) into `-b NAME` (default:
 * named after the path).
 */
export async function runIngest(cmd: IngestCommand): Promise<IngestResult> {
  const sourceName = cmd.source ?? (cmd.path ? inferSource(cmd.path) : 'demo');
  const frequency = checkFrequency(cmd.frequency);
  // a built-in source without venue options does not load the venue adapters (ccxt alone takes ~0.5 s to import)
  if (!sourceNames().includes(sourceName) || Object.values(cmd.extra ?? {}).some((v) => v !== undefined)) await registerVenueSources();
  const source = createSource(sourceName, {
    path: cmd.path, symbol: cmd.symbol, columns: parseColumnOverrides(cmd.columns), frequency, adjustWith: cmd.adjustWith,
    extra: cmd.extra,
  });
  const name = cmd.bundle ?? (sourceName === 'demo' ? 'demo' : cmd.path ? bundleNameFromPath(cmd.path) : sourceName);
  return ingestBundle({
    bundlesDir: cmd.bundlesDir, name, source, calendar: cmd.calendar ?? source.calendar ?? 'XNYS', tz: cmd.tz,
    frequency, progress: cmd.progress, strict: cmd.strict, barLabel: checkBarLabel(cmd.barLabel), skipPlaceholders: cmd.skipPlaceholders, sideTables: sideTableFiles(sourceName, { splits: cmd.splits, dividends: cmd.dividends, benchmark: cmd.benchmarkFile }),
  });
}

/** `ziplime bundles`: a summary per bundle. */
export function listBundleSummaries(bundlesDir: string, name?: string): Promise<BundleSummary[]> {
  return bundleSummaries(bundlesDir, name);
}

/** `ziplime bundles NAME --assets|--splits|--dividends`. */
export function listBundleContents(bundlesDir: string, name: string, kind: BundleContents['kind']): Promise<BundleContents> {
  return bundleContents(bundlesDir, name, kind);
}

/** `ziplime clean`: keeps the newest `keepLast` versions of `name`; returns the removed files. */
export function cleanBundleVersions(bundlesDir: string, name: string, keepLast = 1): Promise<string[]> {
  return cleanBundle(bundlesDir, name, keepLast);
}

export type { IngestResult, BundleSummary, BundleContents, IngestProgress };
