import type { Asset } from '../model/asset.js';
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
  /** Bar size per frequency found at ingest (empty for bundles written before it was recorded). */
  barSizes: Readonly<Record<string, string>>;
  /** Symbols without volume. */
  volumeUnknown: string[];
}

/** One bundle's assets, splits or dividends (by symbol), for `ziplime bundles NAME --assets|--splits|--dividends`. */
export type BundleContents =
  | { kind: 'assets'; assets: (Asset & { volumeKnown: boolean })[] }
  | { kind: 'splits'; splits: { symbol: string; effectiveDate: string; ratio: number }[] }
  | { kind: 'dividends'; dividends: { symbol: string; exDate: string; payDate: string | null; amount: number }[] };

/** The assets, splits or dividends of the newest version of bundle `name`. */
export async function bundleContents(bundlesDir: string, name: string, kind: BundleContents['kind']): Promise<BundleContents> {
  const reader = await openBundleFile((await findBundle(bundlesDir, name)).versions.at(-1)!.path);
  try {
    const assets = await reader.assets();
    const symbol = new Map(assets.map((a) => [a.sid, a.symbol]));
    const sym = (sid: number) => symbol.get(sid) ?? `sid ${sid}`;
    if (kind === 'assets') {
      const unknown = new Set(reader.meta.volumeUnknown ?? []);
      return { kind, assets: assets.map((a) => ({ ...a, volumeKnown: !unknown.has(a.sid) })) };
    }
    if (kind === 'splits') return { kind, splits: (await reader.splits()).map((s) => ({ symbol: sym(s.sid), effectiveDate: s.effectiveDate, ratio: s.ratio })) };
    return { kind, dividends: (await reader.dividends()).map((d) => ({ symbol: sym(d.sid), exDate: d.exDate, payDate: d.payDate, amount: d.amount })) };
  } finally {
    await reader.close();
  }
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
      barSizes: reader.meta.barSizes ?? {},
      volumeUnknown: (await reader.assets()).filter((a) => (reader.meta.volumeUnknown ?? []).includes(a.sid)).map((a) => a.symbol),
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
