import { isThenable } from '../core/promise.js';
import type { Asset } from '../model/asset.js';
import { BAR_FIELDS, isBarField, type BarField, type HistoryFrequency } from '../model/bar.js';
import { HistoryMatrix } from '../model/history-matrix.js';
import type { MarketData } from '../ports/market-data.js';
import type { AssetFinder } from '../ports/asset-finder.js';
import type { AssetRef, Data } from '../strategy/context.js';
import { isAsset, notAnAsset, resolveAsset } from './asset-ref.js';

/**
 * `data` (DESIGN.md §3.2) over a `MarketData` port: everything is as of the market data's
 * current instant, which the engine advances; `current` is raw, `history` adjusted as of now.
 */
export class BarData implements Data {
  /** `finder` looks up assets given by symbol (without one, a symbol is an error naming the argument). */
  constructor(private readonly market: MarketData, private readonly finder?: AssetFinder) {}

  current(asset: AssetRef, field: BarField): Promise<number>;
  current(assets: readonly AssetRef[], field: BarField): Promise<Map<Asset, number>>;
  current(assetOrAssets: AssetRef | readonly AssetRef[], field: BarField): Promise<number | Map<Asset, number>> {
    checkField('current', field);
    if (!isResolved(assetOrAssets)) return this.resolve(assetOrAssets, 'data.current').then((a) => this.current(a as Asset, field));
    if (!isAssetList(assetOrAssets)) return Promise.resolve(this.market.current(assetOrAssets, field));
    const out = new Map<Asset, number>();
    for (const a of assetOrAssets) out.set(a, this.market.current(a, field));
    return Promise.resolve(out);
  }

  history(asset: AssetRef, field: BarField, barCount: number, frequency?: HistoryFrequency): Promise<Float64Array>;
  history(assets: readonly AssetRef[], field: BarField, barCount: number, frequency?: HistoryFrequency): Promise<HistoryMatrix>;
  history<F extends BarField>(asset: AssetRef, fields: readonly F[], barCount: number, frequency?: HistoryFrequency): Promise<Record<F, Float64Array>>;
  history(
    target: AssetRef | readonly AssetRef[],
    fieldOrFields: BarField | readonly BarField[],
    barCount: number,
    frequency: HistoryFrequency = '1d',
  ): Promise<Float64Array | HistoryMatrix | Record<string, Float64Array>> {
    checkBarCount(barCount);
    // The common call (an Asset, one field) first, with no other checks in its way.
    if (typeof fieldOrFields === 'string' && isAsset(target)) {
      checkField('history', fieldOrFields);
      return Promise.resolve(this.market.history(target, fieldOrFields, barCount, frequency));
    }
    if (!isResolved(target)) {
      return this.resolve(target, 'data.history').then((a) => this.history(a as Asset, fieldOrFields as BarField, barCount, frequency));
    }
    if (Array.isArray(fieldOrFields)) for (const f of fieldOrFields as readonly BarField[]) checkField('history', f);
    else checkField('history', fieldOrFields);
    if (isAssetList(target)) {
      if (typeof fieldOrFields !== 'string') throw new TypeError('data.history: ask for one field when passing a list of assets');
      if (this.market.historyMatrix) return Promise.resolve(this.market.historyMatrix(target, fieldOrFields, barCount, frequency));
      const windows: Float64Array[] = [];
      return this.collect(target, (a) => this.market.history(a, fieldOrFields, barCount, frequency), () => windows, (w, _a, v) => { w.push(v); })
        .then((w) => HistoryMatrix.fromColumns(target, barCount, w));
    }
    if (typeof fieldOrFields === 'string') {
      const v = this.market.history(target, fieldOrFields, barCount, frequency);
      return Promise.resolve(v);
    }
    return this.collect(fieldOrFields, (f) => this.market.history(target, f, barCount, frequency), () => ({}) as Record<string, Float64Array>, (r, f, v) => { r[f] = v; });
  }

  canTrade(asset: Asset): boolean {
    if (!isAsset(asset)) throw notAnAsset('data.canTrade', 'the asset', asset);
    return this.market.canTrade(asset);
  }

  isStale(asset: Asset): boolean {
    if (!isAsset(asset)) throw notAnAsset('data.isStale', 'the asset', asset);
    return this.market.isStale(asset);
  }

  /** The assets `refs` names (one, or a list), looked up by symbol where given as one. */
  private async resolve(refs: AssetRef | readonly AssetRef[], method: string): Promise<Asset | Asset[]> {
    const one = (ref: AssetRef): Asset | Promise<Asset> => {
      if (isAsset(ref) || !this.finder) {
        if (!isAsset(ref)) throw notAnAsset(method, 'the asset', ref);
        return ref;
      }
      return resolveAsset(this.finder, ref, method);
    };
    return Array.isArray(refs) ? Promise.all(refs.map(one)) : one(refs as AssetRef);
  }

  /** `put`s `get(k)` for every key into `make()`; waits only when some value is a promise. */
  private collect<K, R>(
    keys: readonly K[],
    get: (k: K) => Float64Array | Promise<Float64Array>,
    make: () => R,
    put: (r: R, k: K, v: Float64Array) => void,
  ): Promise<R> {
    const r = make();
    for (let i = 0; i < keys.length; i++) {
      const v = get(keys[i]!);
      if (isThenable(v)) return this.collectAsync(keys, i, v, get, r, put);
      put(r, keys[i]!, v);
    }
    return Promise.resolve(r);
  }

  /** `collect` from key `from` on, whose value `pending` is a promise. */
  private async collectAsync<K, R>(
    keys: readonly K[],
    from: number,
    pending: Promise<Float64Array>,
    get: (k: K) => Float64Array | Promise<Float64Array>,
    r: R,
    put: (r: R, k: K, v: Float64Array) => void,
  ): Promise<R> {
    const rest = [pending];
    for (let i = from + 1; i < keys.length; i++) rest.push(Promise.resolve(get(keys[i]!)));
    const values = await Promise.all(rest);
    for (let i = 0; i < values.length; i++) put(r, keys[from + i]!, values[i]!);
    return r;
  }
}

function isAssetList(x: Asset | readonly Asset[]): x is readonly Asset[] {
  return Array.isArray(x);
}

/** True when `x` is an Asset or a list of them (nothing to look up). */
function isResolved(x: AssetRef | readonly AssetRef[]): x is Asset | readonly Asset[] {
  if (!Array.isArray(x)) return isAsset(x);
  for (let i = 0; i < x.length; i++) if (!isAsset(x[i])) return false;
  return true;
}

function checkField(method: string, field: unknown): void {
  if (!isBarField(field)) throw new RangeError(`data.${method}: unknown field ${JSON.stringify(field)}; use one of ${BAR_FIELDS.join(', ')}`);
}

function checkBarCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`data.history: barCount must be a whole number ≥ 1 (got ${n})`);
}
