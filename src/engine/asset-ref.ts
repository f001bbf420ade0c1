import { SymbolNotFoundError } from '../core/errors.js';
import type { Asset } from '../model/asset.js';
import type { AssetFinder } from '../ports/asset-finder.js';
import type { AssetRef } from '../strategy/context.js';

/** True for an `Asset` object (what `ctx.symbol` returns). */
export function isAsset(x: unknown): x is Asset {
  return typeof x === 'object' && x !== null && typeof (x as Asset).sid === 'number' && typeof (x as Asset).symbol === 'string';
}

function describe(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === 'object') return Array.isArray(x) ? 'a list' : 'an object without sid and symbol';
  return `${typeof x} ${JSON.stringify(x)}`;
}

/** The error for a value that is neither an Asset nor a symbol, naming the method and argument. */
export function notAnAsset(method: string, argument: string, value: unknown): TypeError {
  return new TypeError(`${method}: ${argument} must be an Asset (from ctx.symbol('AAPL')) or a symbol string, not ${describe(value)}`);
}

/**
 * Resolves an asset given as an Asset or a symbol: an Asset is returned as it is (no wait), a
 * symbol is looked up (unknown → `SymbolNotFoundError` naming `method`), anything else is a
 * TypeError naming `method` and `argument`.
 */
export function resolveAsset(finder: AssetFinder, ref: AssetRef, method: string, argument = 'the asset'): Asset | Promise<Asset> {
  if (isAsset(ref)) return ref;
  if (typeof ref !== 'string') throw notAnAsset(method, argument, ref);
  return finder.lookupSymbol(ref).then((asset) => {
    if (!asset) throw new SymbolNotFoundError(ref, method, finder.bundle);
    return asset;
  });
}
