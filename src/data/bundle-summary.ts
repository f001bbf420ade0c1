import { openBundleFile } from './bundle-reader.js';
import { findBundle, listBundles, type BundleEntry } from './registry.js';

/** One line of `ziplime bundles`: the newest version of a bundle described. */
export interface BundleSummary {
  name: string;
  versions: number;
  source: string;
  calendar: string;
  assets: number;
  /** First and last bar (epoch ms, `Bar.ts` convention) over both frequencies; null when empty. */
  firstBar: number | null;
  lastBar: number | null;
  dailyRows: number;
  minuteRows: number;
  splits: number;
  dividends: number;
  /** Bytes of all versions on disk. */
  sizeBytes: number;
  /** Path of the newest version. */
  path: string;
}

async function summarize(entry: BundleEntry): Promise<BundleSummary> {
  const newest = entry.versions.at(-1)!;
  const reader = await openBundleFile(newest.path);
  try {
    const [daily, minute] = [await reader.range('daily'), await reader.range('minute')];
    const firsts = [daily?.first, minute?.first].filter((x): x is number => x !== undefined);
    const lasts = [daily?.last, minute?.last].filter((x): x is number => x !== undefined);
    return {
      name: entry.name, versions: entry.versions.length, source: reader.meta.source, calendar: reader.meta.calendar,
      assets: (await reader.assets()).length,
      firstBar: firsts.length ? Math.min(...firsts) : null, lastBar: lasts.length ? Math.max(...lasts) : null,
      dailyRows: daily?.rows ?? 0, minuteRows: minute?.rows ?? 0,
      splits: await reader.count('splits'), dividends: await reader.count('dividends'),
      sizeBytes: entry.versions.reduce((s, v) => s + v.sizeBytes, 0), path: newest.path,
    };
  } finally {
    await reader.close();
  }
}

/** Summaries of every bundle in `bundlesDir` (or only of `name`), by name. */
export async function bundleSummaries(bundlesDir: string, name?: string): Promise<BundleSummary[]> {
  const entries = name ? [await findBundle(bundlesDir, name)] : await listBundles(bundlesDir);
  const out: BundleSummary[] = [];
  for (const e of entries) out.push(await summarize(e));
  return out;
}
