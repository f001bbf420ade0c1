import { UsageError } from '../core/errors.js';
import { localDay } from '../core/time.js';
import type { Asset } from '../model/asset.js';
import type { Frequency } from '../model/bar.js';
import type { AssetFinder } from '../ports/asset-finder.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { TradingCalendar } from '../ports/calendar.js';
import { requireBarRange } from './market-data/create-bundle-market-data.js';

/** Session indices of the run: the bundle's bar range of `frequency`, narrowed by `start`/`end`. */
export async function sessionRange(
  reader: BundleReader, calendar: TradingCalendar, frequency: Frequency, start?: string, end?: string,
): Promise<{ startIndex: number; endIndex: number }> {
  const range = await requireBarRange(reader, frequency);
  const day = (ms: number) => (frequency === 'daily' ? localDay('UTC', ms) : localDay(calendar.tz, ms));
  const first = day(range.first), last = day(range.last);
  for (const [flag, value] of [['--start', start], ['--end', end]] as const) {
    if (value !== undefined && (value < first || value > last)) {
      throw new UsageError(`${flag} ${value} is outside the ${frequency} data of bundle '${reader.meta.name}' (${first} … ${last})`);
    }
  }
  const startIndex = calendar.sessionOnOrAfter(start ?? first);
  const endIndex = calendar.sessionOnOrBefore(end ?? last);
  if (startIndex > endIndex) throw new UsageError(`no trading session between ${start ?? first} and ${end ?? last} on calendar ${calendar.name}`);
  return { startIndex, endIndex };
}

/** An `AssetFinder` over a bundle. */
export function bundleAssetFinder(reader: BundleReader): AssetFinder {
  let bySid: Map<number, Asset> | undefined;
  return {
    bundle: reader.meta.name,
    lookupSymbol: (symbol) => reader.lookupSymbol(symbol),
    async lookupSid(sid) {
      bySid ??= new Map((await reader.assets()).map((a) => [a.sid, a]));
      return bySid.get(sid);
    },
  };
}

/** The run's benchmark asset: `wanted` (a symbol, or `none`), else the bundle's own; an unknown symbol is a usage error. */
export async function resolveBenchmark(reader: BundleReader, wanted: string | undefined): Promise<Asset | null> {
  if (wanted === 'none') return null;
  const symbol = wanted ?? reader.meta.benchmark;
  if (!symbol) return null;
  const asset = await reader.lookupSymbol(symbol);
  if (!asset && wanted !== undefined) throw new UsageError(`benchmark symbol '${wanted}' is not in bundle '${reader.meta.name}'; pick another or use --benchmark none`);
  return asset ?? null;
}

/** The report's note on assets without volume (indexes aside): their orders are not volume-capped. */
export async function volumeWarnings(reader: BundleReader, sids: readonly number[]): Promise<string[]> {
  if (sids.length === 0) return [];
  const wanted = new Set(sids);
  const symbols = (await reader.assets()).filter((a) => wanted.has(a.sid) && a.assetClass !== 'index').map((a) => a.symbol);
  if (symbols.length === 0) return [];
  const shown = symbols.length > 5 ? `${symbols.slice(0, 5).join(', ')} and ${symbols.length - 5} more` : symbols.join(', ');
  return [`no volume in the data for ${shown}: orders on ${symbols.length === 1 ? 'it' : 'them'} fill without a volume cap`];
}
