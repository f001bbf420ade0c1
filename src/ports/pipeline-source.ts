/**
 * What the pipeline engine reads (implemented over a bundle by `data/pipeline-source.ts`, over
 * arrays by `pipeline/array-source.ts`): raw dataset columns as sessions × assets blocks and the
 * adjustments that become known on each session.
 */
import type { Asset } from '../model/asset.js';

/** A dataset column: `EquityPricing.close`, or a custom dataset's column. */
export interface ColumnRef {
  readonly dataset: string;
  readonly name: string;
  /** `dataset.name`. */
  readonly key: string;
}

/**
 * Multiply the values of asset column `col` on sessions before session index `session` by
 * `ratio`; known from `session` on (a split or dividend's effective/ex date).
 */
export interface Adjustment {
  readonly session: number;
  readonly col: number;
  readonly ratio: number;
}

/** Column data for a pipeline. */
export interface PipelineSource {
  /** All sessions the source knows, ascending `YYYY-MM-DD`; data rows and outputs are indexed by them. */
  readonly sessions: readonly string[];
  /** The asset columns, by sid. */
  readonly assets: readonly Asset[];
  /**
   * Raw values of each of `columns` on sessions `from…to` (indices, inclusive), row-major
   * (to − from + 1) × assets, NaN where there is no value. The arrays may be views of the
   * source's own data, valid until the next call: the caller copies what it keeps.
   */
  load(columns: readonly ColumnRef[], from: number, to: number): Promise<Float64Array[]>;
  /** Adjustments of `column` whose session lies in `from…to`, by session. */
  adjustments(column: ColumnRef, from: number, to: number): Promise<readonly Adjustment[]>;
}
