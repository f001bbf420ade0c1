/** One line of a benchmark table (printed by `npm run bench` and written to the README). */
export interface BenchRow {
  /** What was measured, e.g. "ingest 10M-row minute CSV". */
  benchmark: string;
  /** The figure, e.g. 2_400_000. */
  value: number;
  /** Its unit, e.g. "rows/s", "bars/s", "ms". */
  unit: string;
  /** A ratio measured in the same run against the practical limit, e.g. "0.62× DuckDB read_csv". */
  ratio?: string;
  /** The target from the issue, e.g. "≥ 2,000,000 rows/s". */
  target?: string;
}

/** A benchmark module: `test/bench/<name>.bench.ts` exports `run`. */
export type BenchModule = { run: () => Promise<BenchRow[]> };
