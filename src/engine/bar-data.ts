import { isThenable } from '../core/promise.js';
import type { Asset } from '../model/asset.js';
import { BAR_FIELDS, isBarField, type BarField, type HistoryFrequency } from '../model/bar.js';
import type { MarketData } from '../ports/market-data.js';
import type { Data } from '../strategy/context.js';

/**
 * `data` (DESIGN.md §3.2) over a `MarketData` port: everything is as of the market data's
 * current instant, which the engine advances; `current` is raw, `history` adjusted as of now.
 */
export class BarData implements Data {
  constructor(private readonly market: MarketData) {}

  current(asset: Asset, field: BarField): Promise<number>;
  current(assets: readonly Asset[], field: BarField): Promise<Map<Asset, number>>;
  current(assetOrAssets: Asset | readonly Asset[], field: BarField): Promise<number | Map<Asset, number>> {
    checkField('current', field);
    if (!isAssetList(assetOrAssets)) return Promise.resolve(this.market.current(assetOrAssets, field));
    const out = new Map<Asset, number>();
    for (const a of assetOrAssets) out.set(a, this.market.current(a, field));
    return Promise.resolve(out);
  }

  history(asset: Asset, field: BarField, barCount: number, frequency?: HistoryFrequency): Promise<Float64Array>;
  history(assets: readonly Asset[], field: BarField, barCount: number, frequency?: HistoryFrequency): Promise<Map<Asset, Float64Array>>;
  history<F extends BarField>(asset: Asset, fields: readonly F[], barCount: number, frequency?: HistoryFrequency): Promise<Record<F, Float64Array>>;
  history(
    target: Asset | readonly Asset[],
    fieldOrFields: BarField | readonly BarField[],
    barCount: number,
    frequency: HistoryFrequency = '1d',
  ): Promise<Float64Array | Map<Asset, Float64Array> | Record<string, Float64Array>> {
    checkBarCount(barCount);
    for (const f of typeof fieldOrFields === 'string' || !Array.isArray(fieldOrFields) ? [fieldOrFields as BarField] : fieldOrFields) checkField('history', f);
    if (isAssetList(target)) {
      if (typeof fieldOrFields !== 'string') throw new TypeError('data.history: ask for one field when passing a list of assets');
      return this.collect(target, (a) => this.market.history(a, fieldOrFields, barCount, frequency), () => new Map<Asset, Float64Array>(), (m, a, v) => m.set(a, v));
    }
    if (typeof fieldOrFields === 'string') {
      const v = this.market.history(target, fieldOrFields, barCount, frequency);
      return Promise.resolve(v);
    }
    return this.collect(fieldOrFields, (f) => this.market.history(target, f, barCount, frequency), () => ({}) as Record<string, Float64Array>, (r, f, v) => { r[f] = v; });
  }

  canTrade(asset: Asset): boolean {
    return this.market.canTrade(asset);
  }

  isStale(asset: Asset): boolean {
    return this.market.isStale(asset);
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

function checkField(method: string, field: unknown): void {
  if (!isBarField(field)) throw new RangeError(`data.${method}: unknown field ${JSON.stringify(field)}; use one of ${BAR_FIELDS.join(', ')}`);
}

function checkBarCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`data.history: barCount must be a whole number ≥ 1 (got ${n})`);
}
