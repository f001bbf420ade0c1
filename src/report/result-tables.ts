import { InputError } from '../core/errors.js';
import type { Cell, Column, Table as TableData } from '../data/table-io.js';
import { COMPLETE, type DailyRow, type ExposureRow, type OrderRow, type PositionRow, type RunMetrics, type RunResult, type RunSettings, type RunStatus, type RunSummary, type SplitRow, type TransactionRow } from '../model/results.js';

export type { Cell, Column, ColumnKind } from '../data/table-io.js';

/** The tables every tabular result file holds (DESIGN.md §6, plus `splits`). */
export const TABLE_NAMES = ['summary', 'daily', 'transactions', 'orders', 'positions', 'splits', 'exposures'] as const;
/** Tables added after the first files were written: a file without one reads back with no rows. */
export const OPTIONAL_TABLES: ReadonlySet<TableName> = new Set(['splits', 'exposures']);
/** One of {@link TABLE_NAMES}. */
export type TableName = (typeof TABLE_NAMES)[number];

/** A result table ready to be written. */
export interface Table extends TableData {
  name: TableName;
}

const num = (name: string): Column => ({ name, kind: 'number' });
const int = (name: string): Column => ({ name, kind: 'integer' });
const text = (name: string): Column => ({ name, kind: 'text' });

const RUN_COLUMNS: Column[] = ['strategy', 'bundle', 'mode', 'frequency', 'fill', 'start', 'end'].map(text).concat(num('capital'));
const SUMMARY_INTEGERS = new Set<keyof RunSummary>(['tradingDays', 'orders', 'transactions']);
const SUMMARY_KEYS: (keyof RunMetrics)[] = [
  'startingCash', 'endingCash', 'endingValue', 'totalReturn', 'annualReturn', 'annualVolatility', 'sharpe', 'sortino',
  'maxDrawdown', 'alpha', 'beta', 'benchmarkReturn', 'tradingDays', 'orders', 'transactions',
];

/**
 * Summary columns added after the first files were written (a file without them reads back as a
 * complete run without settings): how the run ended, and its settings as JSON text.
 */
const OUTCOME_COLUMNS: Column[] = [text('status'), { name: 'stoppedAt', kind: 'text', nullable: true }, { name: 'message', kind: 'text', nullable: true }];
const SETTINGS_COLUMN: Column = { name: 'settings', kind: 'text', nullable: true };

/** The fixed columns of each table (daily rows add one column per recorded variable). */
export const BASE_COLUMNS: Record<TableName, Column[]> = {
  summary: [...RUN_COLUMNS, ...SUMMARY_KEYS.map((k) => (SUMMARY_INTEGERS.has(k) ? int(k) : num(k)))],
  daily: [text('date'), ...['portfolioValue', 'cash', 'positionsValue', 'returns', 'benchmarkReturns', 'grossLeverage'].map(num)],
  transactions: [text('dt'), text('symbol'), int('sid'), num('amount'), num('price'), num('commission'), text('orderId')],
  orders: [
    text('id'), text('createdAt'), text('symbol'), num('amount'), num('filled'), text('status'), text('style'),
    { name: 'limitPrice', kind: 'number', nullable: true }, { name: 'stopPrice', kind: 'number', nullable: true },
  ],
  positions: [text('symbol'), int('sid'), num('amount'), num('costBasis'), num('lastPrice')],
  splits: [text('date'), text('symbol'), int('sid'), num('ratio')],
  exposures: [text('date'), text('symbol'), int('sid'), num('value')],
};

const SUMMARY_COLUMNS = [...BASE_COLUMNS.summary, ...OUTCOME_COLUMNS, SETTINGS_COLUMN];

const DAILY_BASE = new Set(BASE_COLUMNS.daily.map((c) => c.name));

/** Names of recorded variables in daily rows, in order of first appearance. */
export function recordedNames(daily: readonly DailyRow[]): string[] {
  const names = new Set<string>();
  for (const row of daily) for (const k of Object.keys(row)) if (!DAILY_BASE.has(k)) names.add(k);
  return [...names];
}

/** A recorded column is numeric when every value it has is a number, text otherwise. */
function recordedColumn(name: string, daily: readonly DailyRow[]): Column {
  return { name, kind: daily.every((r) => r[name] === undefined || typeof r[name] === 'number') ? 'number' : 'text' };
}

function cells(row: object, columns: readonly Column[]): Record<string, Cell> {
  const src = row as Record<string, unknown>;
  const out: Record<string, Cell> = {};
  for (const c of columns) {
    const v = src[c.name];
    out[c.name] = v === undefined || v === null ? null : c.kind === 'text' ? String(v) : (v as number);
  }
  return out;
}

/** The tables of a result; recorded variables become extra daily columns. */
export function resultTables(result: RunResult): Table[] {
  const daily = [...BASE_COLUMNS.daily, ...recordedNames(result.daily).map((n) => recordedColumn(n, result.daily))];
  return [
    { name: 'summary', columns: SUMMARY_COLUMNS, rows: [cells({ ...result, ...result.summary, settings: result.settings ? JSON.stringify(result.settings) : null }, SUMMARY_COLUMNS)] },
    { name: 'daily', columns: daily, rows: result.daily.map((r) => cells(r, daily)) },
    { name: 'transactions', columns: BASE_COLUMNS.transactions, rows: result.transactions.map((r) => cells(r, BASE_COLUMNS.transactions)) },
    { name: 'orders', columns: BASE_COLUMNS.orders, rows: result.orders.map((r) => cells(r, BASE_COLUMNS.orders)) },
    { name: 'positions', columns: BASE_COLUMNS.positions, rows: result.positions.map((r) => cells(r, BASE_COLUMNS.positions)) },
    { name: 'splits', columns: BASE_COLUMNS.splits, rows: result.splits.map((r) => cells(r, BASE_COLUMNS.splits)) },
    ...(result.exposures ? [{ name: 'exposures' as const, columns: BASE_COLUMNS.exposures, rows: result.exposures.map((r) => cells(r, BASE_COLUMNS.exposures)) }] : []),
  ];
}

/** Reads the fixed columns of a row back; a NULL number is NaN unless the column is nullable. */
function fixed<T>(row: Record<string, Cell>, columns: readonly Column[], where: string): T {
  const out: Record<string, Cell> = {};
  for (const c of columns) {
    if (!(c.name in row)) throw new InputError(`column '${c.name}' is missing`, { file: where }, 'the file was not written by `ziplime backtest -o`');
    const v = row[c.name]!;
    out[c.name] = c.kind === 'text' ? v : v === null ? (c.nullable ? null : NaN) : v;
  }
  return out as T;
}

/**
 * Rebuilds a RunResult from table rows whose cells are already typed (numbers as numbers).
 * `where` names the file (or table) for error messages; a missing optional table has no rows.
 */
export function resultFromTables(tables: Partial<Record<TableName, Record<string, Cell>[]>>, where: string): RunResult {
  const rows = (name: TableName): Record<string, Cell>[] => tables[name] ?? [];
  const [head] = rows('summary');
  if (!head) throw new InputError('the summary table has no row', { file: where }, 'write the results again');
  const run = fixed<Record<string, Cell>>(head, BASE_COLUMNS.summary, `${where} (summary)`);
  const metrics = Object.fromEntries(SUMMARY_KEYS.map((k) => [k, run[k]])) as unknown as RunMetrics;
  const summary: RunSummary = typeof head.status === 'string'
    ? { ...metrics, status: head.status as RunStatus, stoppedAt: (head.stoppedAt ?? null) as string | null, message: (head.message ?? null) as string | null }
    : { ...metrics, ...COMPLETE };
  const settings = typeof head.settings === 'string' ? (JSON.parse(head.settings) as RunSettings) : undefined;
  const daily = rows('daily').map((row) => {
    const out = fixed<DailyRow>(row, BASE_COLUMNS.daily, `${where} (daily)`);
    for (const [k, v] of Object.entries(row)) if (!DAILY_BASE.has(k) && v !== null) out[k] = v;
    return out;
  });
  return {
    ...(Object.fromEntries(RUN_COLUMNS.map((c) => [c.name, run[c.name]])) as Pick<RunResult, 'strategy' | 'bundle' | 'mode' | 'frequency' | 'fill' | 'start' | 'end' | 'capital'>),
    summary,
    daily,
    transactions: rows('transactions').map((r) => fixed<TransactionRow>(r, BASE_COLUMNS.transactions, `${where} (transactions)`)),
    orders: rows('orders').map((r) => fixed<OrderRow>(r, BASE_COLUMNS.orders, `${where} (orders)`)),
    positions: rows('positions').map((r) => fixed<PositionRow>(r, BASE_COLUMNS.positions, `${where} (positions)`)),
    splits: rows('splits').map((r) => fixed<SplitRow>(r, BASE_COLUMNS.splits, `${where} (splits)`)),
    ...(settings ? { settings } : {}),
    ...(tables.exposures ? { exposures: rows('exposures').map((r) => fixed<ExposureRow>(r, BASE_COLUMNS.exposures, `${where} (exposures)`)) } : {}),
  };
}
