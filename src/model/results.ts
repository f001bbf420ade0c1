/**
 * The result of a run, exactly the JSON shape of DESIGN.md §6 (camelCase). Every result writer
 * (json, csv, parquet, duckdb) holds these same tables.
 */

/** How a run ended: it ran to its last session, a strategy or runtime error stopped it, or the user did (Ctrl-C). */
export type RunStatus = 'complete' | 'failed' | 'interrupted';

/** How a run ended, part of its summary: a `failed` or `interrupted` result is partial. */
export interface RunOutcome {
  status: RunStatus;
  /** When the run stopped early (ISO instant of the simulation time), else null. */
  stoppedAt: string | null;
  /** The failure's one-line message (or `interrupted at <session>`), else null. */
  message: string | null;
}

/** The statistics of a run's summary (computed by the metrics layer). */
export interface RunMetrics {
  startingCash: number;
  endingCash: number;
  endingValue: number;
  totalReturn: number;
  annualReturn: number;
  annualVolatility: number;
  sharpe: number;
  sortino: number;
  maxDrawdown: number;
  alpha: number;
  beta: number;
  benchmarkReturn: number;
  tradingDays: number;
  orders: number;
  transactions: number;
}

/** The summary of a run: its statistics and how it ended. */
export interface RunSummary extends RunMetrics, RunOutcome {}

/** The outcome of a run that went to its end. */
export const COMPLETE: Readonly<RunOutcome> = { status: 'complete', stoppedAt: null, message: null };

/**
 * Everything needed to run a result again (`ziplime backtest --rerun FILE`): the strategy file and
 * the hash of its contents, the params after defaults, the bundle version, the calendar, the
 * execution models and controls the strategy ran with, the benchmark and ziplime's version.
 * Models and controls are described as `name(options)`, e.g. `perShare({"cost":0.001,"minTradeCost":0})`.
 */
export interface RunSettings {
  strategyFile: string | null;
  /** sha256 of the strategy file's contents. */
  strategyHash: string | null;
  params: Record<string, unknown>;
  bundleVersion: string | null;
  calendar: string;
  commission: string | null;
  slippage: string | null;
  cancelPolicy: string | null;
  controls: string[];
  /** The benchmark's symbol, or null for none. */
  benchmark: string | null;
  ziplimeVersion: string;
}

/** What a run's summary statistics are computed from; `benchmarkReturns` is null without a benchmark. */
export interface SummaryInput {
  startingCash: number;
  endingCash: number;
  endingValue: number;
  /** Daily returns, one per session. */
  returns: ArrayLike<number>;
  /** Benchmark daily returns aligned with `returns`. */
  benchmarkReturns: ArrayLike<number> | null;
  orders: number;
  transactions: number;
  /** Return periods a year, to annualise (default 252 sessions; 52 for weekly bars, 12 for monthly; NaN: not annualised). */
  periodsPerYear?: number;
}

/** One row per session; recorded variables are extra keys. */
export interface DailyRow {
  date: string;
  portfolioValue: number;
  cash: number;
  positionsValue: number;
  returns: number;
  benchmarkReturns: number;
  grossLeverage: number;
  [recorded: string]: number | string;
}

export interface TransactionRow {
  dt: string;
  symbol: string;
  sid: number;
  amount: number;
  price: number;
  commission: number;
  orderId: string;
}

export interface OrderRow {
  id: string;
  createdAt: string;
  symbol: string;
  amount: number;
  filled: number;
  status: string;
  style: string;
  limitPrice: number | null;
  stopPrice: number | null;
}

export interface PositionRow {
  symbol: string;
  sid: number;
  amount: number;
  costBasis: number;
  lastPrice: number;
}

/**
 * A split that took effect during the run in an asset the strategy traded: from `date` (the
 * session it was applied at the open of) one share became `ratio` shares. Transactions keep the
 * raw prices and amounts of their day, so round trips spanning a split use these to compare them.
 */
export interface SplitRow {
  date: string;
  symbol: string;
  sid: number;
  /** Shares after / shares before (2 for a 2-for-1 split, 0.1 for a 1-for-10 reverse split). */
  ratio: number;
}

/** A position's signed market value at a session's close (one row per held asset and session). */
export interface ExposureRow {
  date: string;
  symbol: string;
  sid: number;
  /** amount × close × multiplier: positive long, negative short. */
  value: number;
}

export type RunMode = 'backtest' | 'paper' | 'live';
export type FillPolicy = 'next-close' | 'next-open' | 'same-close';

export interface RunResult {
  strategy: string;
  bundle: string;
  mode: RunMode;
  frequency: 'daily' | 'minute';
  fill: FillPolicy;
  start: string;
  end: string;
  capital: number;
  summary: RunSummary;
  daily: DailyRow[];
  transactions: TransactionRow[];
  orders: OrderRow[];
  positions: PositionRow[];
  /** Splits in traded assets, in date order (files written before this field read back as `[]`). */
  splits: SplitRow[];
  /** What the run could not do faithfully (e.g. orders that never filled, and why); absent when none. */
  warnings?: string[];
  /** How to run it again (absent in files written before it was recorded). */
  settings?: RunSettings;
  /** Positions' values at each session's close (absent in files written before they were recorded). */
  exposures?: ExposureRow[];
}
