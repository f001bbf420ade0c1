/** What a sweep report shows, as read back from a sweep's DuckDB file (plain data). */

/** A swept parameter value. */
export type SweepParamValue = number | string | boolean;

/** One stored point. */
export interface SweepRow {
  readonly key: string;
  readonly fold: number;
  readonly phase: 'full' | 'train' | 'test';
  readonly start: string;
  readonly end: string;
  /** The swept values. */
  readonly point: Record<string, SweepParamValue>;
  /** Summary metrics and the Calmar ratio (NaN when the run failed). */
  readonly metrics: Record<string, number>;
  readonly error: string | null;
}

/** The overfitting guard of the best point. */
export interface SweepDeflatedSharpe {
  readonly trials: number;
  /** Per-period Sharpe ratio of the best point and the expected maximum of `trials` unskilled ones. */
  readonly sharpe: number;
  readonly expectedMaxSharpe: number;
  /** Probability that the best point's true Sharpe ratio exceeds the expected maximum. */
  readonly probability: number;
}

/** One walk-forward fold: the point chosen in sample and how it did out of sample. */
export interface SweepFold {
  readonly fold: number;
  readonly trainStart: string;
  readonly trainEnd: string;
  readonly testStart: string;
  readonly testEnd: string;
  readonly point: Record<string, SweepParamValue>;
  readonly inSample: Record<string, number>;
  readonly outOfSample: Record<string, number>;
}

/** A daily equity curve. */
export interface EquityCurve {
  readonly dates: readonly string[];
  readonly values: readonly number[];
}

/** Everything `ziplime report sweep.duckdb` renders. */
export interface SweepReportData {
  readonly strategy: string;
  readonly bundle: string;
  readonly objective: string;
  /** Whether larger objective values are better. */
  readonly maximize: boolean;
  readonly start: string;
  readonly end: string;
  /** The swept parameter names, in axis order. */
  readonly params: readonly string[];
  /** Points over the whole range (walk-forward: the last fold's training runs). */
  readonly rows: readonly SweepRow[];
  readonly best: SweepRow | null;
  readonly bestEquity: EquityCurve | null;
  readonly deflatedSharpe: SweepDeflatedSharpe | null;
  readonly walkForward: {
    readonly folds: readonly SweepFold[];
    readonly outOfSample: EquityCurve;
    /** Probability of backtest overfitting (CSCV over the out-of-sample returns of every point), or null. */
    readonly pbo: number | null;
  } | null;
}
