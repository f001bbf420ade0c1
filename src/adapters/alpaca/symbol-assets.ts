import type { Asset } from '../../model/asset.js';

/** Maps a broker symbol to the run's `Asset` (e.g. a bundle lookup); undefined when unknown. */
export type AssetResolver = (symbol: string) => Asset | undefined;

/** A stable positive 31-bit id for a symbol (FNV-1a), for assets the run does not know. */
export function symbolSid(symbol: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) {
    h ^= symbol.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 1) | 0x40000000;
}

/**
 * An asset the run knows only by its broker symbol: crypto when the symbol is a pair (`BTC/USD`),
 * else an equity; listed 1970–2099, tick 0.01, sid from `symbolSid` unless given.
 */
export function placeholderAsset(symbol: string, sid = symbolSid(symbol)): Asset {
  const crypto = symbol.includes('/');
  return {
    sid, symbol, name: symbol, exchange: crypto ? 'CRYPTO' : 'ALPACA', assetClass: crypto ? 'crypto' : 'equity', currency: 'USD',
    startDate: '1970-01-01', endDate: '2099-12-31', autoCloseDate: null, tickSize: 0.01, multiplier: 1, fractionable: crypto,
  };
}

/**
 * Interns assets by symbol: the resolver's asset when it knows the symbol, otherwise one
 * `placeholderAsset` per symbol, so the same symbol is always the same object.
 */
export class SymbolAssets {
  private readonly bySymbol = new Map<string, Asset>();
  constructor(private readonly resolver?: AssetResolver) {}

  /** Remembers an asset the run already holds (e.g. from an order request). */
  remember(asset: Asset): void {
    this.bySymbol.set(asset.symbol.toUpperCase(), asset);
  }

  /** The asset for `symbol`. */
  get(symbol: string): Asset {
    const key = symbol.toUpperCase();
    const asset = this.bySymbol.get(key) ?? this.resolver?.(symbol) ?? placeholderAsset(key);
    this.bySymbol.set(key, asset);
    return asset;
  }
}
