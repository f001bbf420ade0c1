import type { Asset } from '../model/asset.js';
import type { BarColumns, Frequency, OhlcvField } from '../model/bar.js';
import type { Dividend, Split } from '../model/corporate-actions.js';

/** The `meta` table of a bundle (DESIGN.md §4). */
export interface BundleMeta {
  readonly name: string;
  readonly source: string;
  /** `XNYS`, `ALWAYS_OPEN` or `data`. */
  readonly calendar: string;
  readonly frequencies: readonly Frequency[];
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  readonly schemaVersion: number;
  /** Symbol of the benchmark asset, or null. */
  readonly benchmark: string | null;
  /** Absolute path of the DuckDB file. */
  readonly path: string;
  /** Sids whose volume the data does not give (absent or 0 on every bar); absent = none. */
  readonly volumeUnknown?: readonly number[];
  /** Bar size per frequency found at ingest (`daily: '1w'`, `minute: '5m'`, or `irregular`); absent = not recorded. */
  readonly barSizes?: Readonly<Partial<Record<Frequency, string>>>;
}

/** First and last bar of a frequency in a bundle, as epoch ms (`ts` convention of `Bar`). */
export interface BarRange {
  readonly first: number;
  readonly last: number;
  readonly rows: number;
}

/**
 * Read access to one bundle version. Raw (unadjusted) bars come back as columns per sid,
 * sorted by time; the caller asks in time chunks to keep memory bounded.
 */
export interface BundleReader {
  readonly meta: BundleMeta;
  /** All assets, ordered by sid; the same objects on every call. */
  assets(): Promise<readonly Asset[]>;
  /** The asset with this symbol (case-insensitive), or undefined. */
  lookupSymbol(symbol: string): Promise<Asset | undefined>;
  /** Session dates present in the daily bars (for the `data` calendar), ascending `YYYY-MM-DD`. */
  dataSessions(): Promise<readonly string[]>;
  /** Optional: the same sessions as day numbers (days since 1970-01-01), cheaper for long histories. */
  dataSessionDays?(): Promise<Int32Array>;
  /** Daily bars of `sids` with `startDay ≤ day ≤ endDay` (`YYYY-MM-DD`). Missing sids are absent. */
  dailyBars(sids: readonly number[], startDay: string, endDay: string): Promise<Map<number, BarColumns>>;
  /** Minute bars of `sids` with `startMs ≤ ts < endMs`. */
  minuteBars(sids: readonly number[], startMs: number, endMs: number): Promise<Map<number, BarColumns>>;
  /**
   * Optional: the same bars as `dailyBars` / `minuteBars`, streamed in the order stored (per sid
   * by time, as ingested) to `sink` a batch at a time, read once with no copy in between. With
   * `fields`, the sink receives those fields only, in that order.
   */
  scanBars?(frequency: Frequency, sids: readonly number[], range: BarScanRange, sink: BarSink, fields?: readonly OhlcvField[]): Promise<void>;
  /** Bar range of a frequency, or null when the bundle has none. */
  range(frequency: Frequency): Promise<BarRange | null>;
  /** Splits (all, or of `sids`), by effective date. */
  splits(sids?: readonly number[]): Promise<readonly Split[]>;
  /** Dividends (all, or of `sids`), by ex date. */
  dividends(sids?: readonly number[]): Promise<readonly Dividend[]>;
  /**
   * Optional: the rows of custom dataset `name` (made by `ziplime ingest --dataset`), by sid and
   * `asof` day, with its numeric columns (NaN for empty cells); null when the bundle has none.
   */
  dataset?(name: string): Promise<DatasetRows | null>;
  close(): Promise<void>;
}

/** A custom dataset's rows, sorted by sid then `asof` (`YYYY-MM-DD`). */
export interface DatasetRows {
  readonly columns: readonly string[];
  readonly sid: Int32Array;
  readonly asof: readonly string[];
  /** One array per column. */
  readonly values: readonly Float64Array[];
}

/** What `scanBars` reads: days `startDay … endDay` (daily) or instants `startMs ≤ ts < endMs` (minute). */
export type BarScanRange =
  | { readonly startDay: string; readonly endDay: string }
  | { readonly startMs: number; readonly endMs: number };

/**
 * Receives a batch of `n` bars as columns (`sid`, `ts` as in `BarColumns`, then open, high, low,
 * close, volume); the arrays are only valid during the call.
 */
export type BarSink = (sid: Float64Array, ts: Float64Array, fields: readonly Float64Array[], n: number) => void;

