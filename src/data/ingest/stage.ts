import type { DuckDBConnection } from '@duckdb/node-api';
import { InputError, type InputLocation } from '../../core/errors.js';
import type { Asset } from '../../model/asset.js';
import type { Frequency } from '../../model/bar.js';
import { queryNumber, sqlString } from '../duckdb.js';
import type { SymbolField } from './sample-symbols.js';

/**
 * Staging tables of an ingest (temporary: they never reach the bundle file). File sources stage
 * no rows: they register the SELECT of their rows (`RowSource`) and the bars are read once, straight
 * into the bundle tables (see `write-bars.ts`). Bars held in memory (generated or downloaded) are
 * appended to `stage_rows` first. `ts` is the bar instant (daily bars: local midnight in the ingest
 * zone). `symbol` ties bars, assets and corporate actions together; sids are assigned before the
 * bars are written unless `stage_assets` gives them. `stage_actions` keeps the rows of `split` and
 * `dividend` columns. Line numbers are not staged: a file's query can be re-run with them when one
 * is reported.
 */
export const STAGE_DDL = `
CREATE TEMP TABLE stage_files (file_id INTEGER, path VARCHAR, frequency VARCHAR);
CREATE TEMP TABLE stage_rows (file_id INTEGER, symbol VARCHAR, ts TIMESTAMPTZ,
  open DOUBLE, high DOUBLE, low DOUBLE, "close" DOUBLE, volume DOUBLE, dividend DOUBLE, split DOUBLE);
CREATE TEMP TABLE stage_actions (file_id INTEGER, symbol VARCHAR, ts TIMESTAMPTZ, dividend DOUBLE, split DOUBLE);
CREATE TEMP TABLE stage_assets (symbol VARCHAR, sid INTEGER, name VARCHAR, exchange VARCHAR, asset_class VARCHAR, fractionable BOOLEAN);
CREATE TEMP TABLE stage_splits (symbol VARCHAR, effective_date DATE, ratio DOUBLE);
CREATE TEMP TABLE stage_dividends (symbol VARCHAR, ex_date DATE, declared_date DATE, record_date DATE, pay_date DATE, amount DOUBLE);
`;

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']);

/** Whether `tz` is UTC, where a naive time is the instant itself (no per-row zone lookup needed). */
export const isUtcZone = (tz: string): boolean => UTC_ZONES.has(tz);

/** Progress callbacks of an ingest (the CLI draws a bar on a terminal). */
export interface IngestProgress {
  /** A file is about to be read (`index` is 0-based). */
  file?(path: string, index: number, total: number): void;
  /** Rows staged or written so far. */
  rows?(total: number): void;
  /** A named phase started (validate, write, …). */
  phase?(name: string): void;
}

/** Builds the SELECT of a file's rows in `stage_rows` columns, with a `line` column when asked. */
export type FileQuery = (fileId: number, withLine: boolean) => string;

/** A file registered with the stage; `frequency` null means "infer from the timestamps". */
export interface StagedFile {
  readonly id: number;
  readonly path: string;
  /** Null until the ingest infers it from the timestamps. */
  frequency: Frequency | null;
  /** The file's rows again, with `line` when `withLine` (absent for generated data). */
  readonly select?: (withLine: boolean) => string;
}

/**
 * Rows a file source registers instead of staging them: `sql` selects `stage_rows` columns
 * (`file_id`, `symbol`, `ts`, prices, `volume`, `dividend`, `split`) of one file or of a folder read in one pass.
 */
export interface RowSource {
  readonly sql: string;
  /**
   * The same rows with `symbol` as read, not trimmed, for the bar write (a file's symbol column):
   * its sid lookup trims only a symbol that matches none as it is, which saves a trim per row.
   */
  readonly untrimmedSql?: string;
  /** Ids of the files it reads, in reading order; all of one frequency (or all null). */
  readonly fileIds: readonly number[];
  /** The symbol of each file in reading order when the files have no symbol column (undefined: a symbol column). */
  readonly symbols?: readonly string[];
  /** Whether `dividend` or `split` come from the file. */
  readonly actions: boolean;
  /** CSV read with `store_rejects` (rows DuckDB rejected are reported after reading). */
  readonly csv: boolean;
  /** Whether every timestamp is a date without a time of day (the frequency of unknown files is then daily). */
  readonly dateOnly?: boolean;
  /** A long CSV file's symbol field, sampled for the file's symbols before the rows are read (see `sampleSymbols`). */
  readonly symbolField?: SymbolField;
}

/** An asset a source gives explicitly (with its sid) in `stage_assets`. */
export type StagedAsset = Pick<Asset, 'sid' | 'symbol' | 'name' | 'exchange' | 'assetClass' | 'fractionable'>;

/** What sources write into: the staging tables of the bundle being built. */
export class Stage {
  readonly files: StagedFile[] = [];
  /** What the ingest did that the user should know (shown in the summary). */
  readonly notes: string[] = [];
  /** Data the ingest kept but doubts (shown as warnings; errors with `strict`). */
  readonly warnings: string[] = [];
  /** File sources whose rows are read when the bundle tables are written. */
  readonly sources: RowSource[] = [];
  /** Files with an id below this are written to the bundle tables. */
  writtenFiles = 0;
  /** While true, a failed read of the sources is not explained (the write is retried on the full path). */
  guessing = false;
  /** SQL of a staged row's sid from its `symbol`, once sids are assigned (NULL before). */
  sidOf = 'NULL::INTEGER';
  /**
   * SQL of a row's sid from a `symbol` that may still need trimming (`RowSource.untrimmedSql`):
   * undefined unless every known symbol is already trimmed, so a symbol that matches one as it
   * is would match it trimmed too.
   */
  sidOfUntrimmed: string | undefined;
  private staged = 0;

  constructor(
    readonly conn: DuckDBConnection,
    /** Zone naive timestamps are read in (also the session `TimeZone` of `conn`). */
    readonly tz: string,
    readonly progress: IngestProgress = {},
    /** Turns every warning into an `InputError`. */
    readonly strict = false,
  ) {}

  /** Records a note for the summary (once). */
  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** Records a warning, or throws it as an `InputError` when the ingest is strict. */
  warn(text: string, location?: InputLocation): void {
    if (this.strict) throw new InputError(text, location, 'ingest warnings are errors with --strict');
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  /** Registers a file (its id is `file_id` in `stage_rows` and the sources); `query` lets the validation re-read it for line numbers. */
  addFile(path: string, frequency: Frequency | null, query?: FileQuery): StagedFile {
    const id = this.files.length;
    const file: StagedFile = { id, path, frequency, select: query && ((withLine: boolean) => query(id, withLine)) };
    this.files.push(file);
    return file;
  }

  /**
   * Appends the rows of `select` (columns named as `stage_rows`' — `dividend` and `split` may be
   * left out) and returns how many there were: bars held in memory.
   */
  async insertBars(select: string): Promise<number> {
    const result = await this.conn.run(`INSERT INTO stage_rows BY NAME ${select}`);
    const n = Number(result.rowsChanged);
    this.addRows(n);
    return n;
  }

  /** Registers the rows of file sources, read when the bundle tables are written. */
  addSource(source: RowSource): void {
    this.sources.push(source);
  }

  /** Counts rows written straight into the bundle tables. */
  addRows(n: number): void {
    this.staged += n;
    this.progress.rows?.(this.staged);
  }

  /** Appends `assets` to `stage_assets` (their sids are kept). */
  async insertAssets(assets: readonly StagedAsset[]): Promise<void> {
    if (assets.length === 0) return;
    const values = assets.map((a) =>
      `(${a.sid}, ${sqlString(a.symbol)}, ${sqlString(a.name)}, ${sqlString(a.exchange)}, ${sqlString(a.assetClass)}, ${a.fractionable ? 'true' : 'false'})`);
    await this.conn.run(`INSERT INTO stage_assets (sid, symbol, name, exchange, asset_class, fractionable) VALUES ${values.join(', ')}`);
  }

  /** Rows staged or written so far. */
  get rows(): number {
    return this.staged;
  }

  /** Writes the file list into `stage_files` (called once all sources have loaded). */
  async writeFiles(): Promise<void> {
    const app = await this.conn.createAppender('stage_files', 'main', 'temp');
    for (const f of this.files) {
      app.appendInteger(f.id);
      app.appendVarchar(f.path);
      if (f.frequency) app.appendVarchar(f.frequency);
      else app.appendNull();
      app.endRow();
    }
    app.closeSync();
  }

  /** Number of rows in a staging table. */
  count(table: string): Promise<number> {
    return queryNumber(this.conn, `SELECT count(*) FROM ${table}`);
  }
}
