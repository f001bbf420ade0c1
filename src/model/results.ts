/**
 * The result of a run, exactly the JSON shape of DESIGN.md §6 (camelCase). Every result writer
 * (json, csv, parquet, duckdb) holds these same tables.
 */
export interface RunSummary {
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
}
