import type { Frequency } from '../../model/bar.js';
import type { Stage } from '../ingest/stage.js';

/**
 * Where bars come from. A source loads everything into the stage (DuckDB staging tables); the
 * ingest then validates the staged rows against the calendar and writes the bundle.
 */
export interface IngestSource {
  /** What `meta.source` records, e.g. `csv /data/AAPL.csv` or `demo (synthetic data)`. */
  readonly description: string;
  /** Symbol of the benchmark asset, when the source has one (read after `load`). */
  readonly benchmark?: string | undefined;
  /** The folder the source reads, when it is one (files in it nothing read are listed in the summary). */
  readonly folder?: string | undefined;
  /** The calendar its bars follow when `--calendar` is not given (default XNYS), e.g. `ALWAYS_OPEN` for crypto. */
  readonly calendar?: string;
  load(stage: Stage): Promise<void>;
}

/** Bar fields a file column can map to. */
export type ColumnField = 'date' | 'time' | 'symbol' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'dividend' | 'split';

/** `--columns field=Header,…`: explicit header for a field (`#N`: the N-th field; '' : none). */
export type ColumnOverrides = Partial<Record<ColumnField, string>>;

/** Options shared by the file sources (what `ziplime ingest` passes through). */
export interface FileSourceOptions {
  /** A file or a folder of files. */
  path: string;
  /** Symbol of a one-symbol file (default: the file name without extension). */
  symbol?: string;
  columns?: ColumnOverrides;
  /** Frequency of every file; inferred from the timestamps when absent. */
  frequency?: Frequency;
  /** `--adjust-with HEADER`: scale prices by HEADER / close (e.g. `Adj Close`). */
  adjustWith?: string;
}
