/** A pipeline source over in-memory arrays (tests, research on data already loaded). */
import type { Asset } from '../model/asset.js';
import type { Adjustment, ColumnRef, PipelineSource } from '../ports/pipeline-source.js';

/** Per column key (`EquityPricing.close`): sessions × assets values, row-major. */
export type ArrayColumns = Record<string, Float64Array>;

/** Serves `columns` and `adjustments` (by column key) for `sessions` × `assets`. */
export class ArraySource implements PipelineSource {
  constructor(
    readonly sessions: readonly string[],
    readonly assets: readonly Asset[],
    private readonly columns: ArrayColumns,
    private readonly adjustmentsByColumn: Record<string, readonly Adjustment[]> = {},
  ) {
    for (const [key, data] of Object.entries(columns)) {
      if (data.length !== sessions.length * assets.length) {
        throw new RangeError(`column ${key} has ${data.length} values; expected ${sessions.length} sessions × ${assets.length} assets`);
      }
    }
  }

  async load(columns: readonly ColumnRef[], from: number, to: number): Promise<Float64Array[]> {
    const w = this.assets.length;
    return columns.map((column) => {
      const data = this.columns[column.key];
      if (!data) throw new Error(`no data for ${column.key}; have ${Object.keys(this.columns).join(', ') || 'none'}`);
      return data.subarray(from * w, (to + 1) * w);
    });
  }

  async adjustments(column: ColumnRef, from: number, to: number): Promise<readonly Adjustment[]> {
    return (this.adjustmentsByColumn[column.key] ?? []).filter((a) => a.session >= from && a.session <= to).sort((x, y) => x.session - y.session);
  }
}
