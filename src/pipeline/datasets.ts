/**
 * Datasets: `EquityPricing` (daily OHLCV from the bundle, adjusted point in time) and custom
 * per-asset, per-date datasets ingested into a bundle (`Dataset('fundamentals').column('pe')`).
 */
import { BoundColumn } from './terms.js';

/** The bundle's daily bars. Prices follow splits and dividends; volume follows splits inversely. */
export const EquityPricing = {
  open: new BoundColumn('EquityPricing', 'open', 'price'),
  high: new BoundColumn('EquityPricing', 'high', 'price'),
  low: new BoundColumn('EquityPricing', 'low', 'price'),
  close: new BoundColumn('EquityPricing', 'close', 'price'),
  volume: new BoundColumn('EquityPricing', 'volume', 'volume'),
} as const;

/** A custom dataset of a bundle (made by `ziplime ingest --dataset NAME --path FILE`). */
export interface CustomDataset {
  readonly name: string;
  /** A numeric column of the dataset; a value is visible from the session after its `asof_date`. */
  column(name: string): BoundColumn;
}

const columns = new Map<string, BoundColumn>();

/** The custom dataset `name`; the same column objects on every call. */
export function Dataset(name: string): CustomDataset {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new RangeError(`dataset name '${name}' must be letters, digits and _`);
  return {
    name,
    column(col: string): BoundColumn {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(col)) throw new RangeError(`column name '${col}' must be letters, digits and _`);
      const key = `${name}.${col}`;
      let c = columns.get(key);
      if (!c) columns.set(key, (c = new BoundColumn(name, col, 'none')));
      return c;
    },
  };
}
