import path from 'node:path';
import { InputError } from '../../core/errors.js';
import { queryJson, sqlIdent, sqlString } from '../duckdb.js';
import type { Stage } from '../ingest/stage.js';

/** Corporate actions and a benchmark kept beside the bars, as zipline-style data does. */
export interface SideTables {
  /** `--splits FILE`: symbol, effective date, ratio. */
  splits?: string;
  /** `--dividends FILE`: symbol, ex date, amount (declared/record/pay dates optional). */
  dividends?: string;
  /** `--benchmark-file FILE`: date, daily return. */
  benchmark?: string;
}

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

const ALIASES = {
  symbol: ['symbol', 'ticker', 'sym'],
  splitDate: ['effectivedate', 'date', 'exdate', 'day'],
  ratio: ['ratio', 'splitratio', 'split', 'splitfactor'],
  exDate: ['exdate', 'date', 'exdividenddate', 'day'],
  declared: ['declareddate'],
  record: ['recorddate'],
  pay: ['paydate', 'paymentdate'],
  amount: ['amount', 'dividend', 'cashamount', 'dividends'],
  date: ['date', 'datetime', 'timestamp', 'day', 'dt'],
  ret: ['return', 'returns', 'ret'],
} as const;

type Alias = keyof typeof ALIASES;

async function headersOf(stage: Stage, file: string): Promise<string[]> {
  try {
    const rows = await queryJson(stage.conn, `DESCRIBE SELECT * FROM read_csv(${sqlString(file)}, header = true, all_varchar = true)`);
    return rows.map((r) => String(r.column_name));
  } catch (err) {
    throw new InputError(`cannot read as CSV: ${(err as Error).message.split('\n')[0]}`, { file });
  }
}

/** Finds the column of each wanted field; throws naming the file when a required one is missing. */
function pick<K extends Alias>(headers: readonly string[], file: string, what: string, required: readonly K[], optional: readonly K[] = []): Record<K, string | undefined> {
  const out = {} as Record<K, string | undefined>;
  for (const k of [...required, ...optional]) out[k] = headers.find((h) => (ALIASES[k] as readonly string[]).includes(norm(h)));
  const missing = required.filter((k) => !out[k]);
  if (missing.length > 0) {
    throw new InputError(`${what} file needs columns ${required.map((k) => ALIASES[k][0]).join(', ')} (missing ${missing.map((k) => ALIASES[k][0]).join(', ')}; header: ${headers.join(', ')})`, { file, line: 1 });
  }
  return out;
}

const text = (col: string) => `trim(${sqlIdent(col)})`;
/** A date from ISO text (`2004-05-06` or `1993-02-01 00:00:00+00:00`: the date as written). */
const dateOf = (col: string) => `TRY_CAST(left(${text(col)}, 10) AS DATE)`;
const numberOf = (col: string) => `TRY_CAST(${text(col)} AS DOUBLE)`;
const reader = (file: string) => `(SELECT *, row_number() OVER () + 1 AS line FROM read_csv(${sqlString(file)}, header = true, all_varchar = true))`;

/** Throws at the first row where `bad` holds. */
async function checkRows(stage: Stage, file: string, from: string, checks: readonly [string, string][]): Promise<void> {
  for (const [bad, rule] of checks) {
    const [row] = await queryJson(stage.conn, `SELECT line FROM ${from} WHERE ${bad} ORDER BY line LIMIT 1`);
    if (row) throw new InputError(rule, { file, line: Number(row.line) });
  }
}

/**
 * `--splits FILE`. A ratio is shares after / shares before (2 = 2-for-1), except in zipline's
 * own `splits.csv` layout (`effective_date`, `ratio`), where it is the price factor (0.5 =
 * 2-for-1) and is inverted.
 */
export async function stageSplitsFile(stage: Stage, file: string): Promise<void> {
  const headers = await headersOf(stage, file);
  const c = pick(headers, file, 'splits', ['symbol', 'splitDate', 'ratio']);
  const zipline = norm(c.splitDate!) === 'effectivedate' && norm(c.ratio!) === 'ratio';
  const from = reader(file);
  await checkRows(stage, file, from, [
    [`${dateOf(c.splitDate!)} IS NULL`, `unparsable split date '${c.splitDate}'`],
    [`NOT (${numberOf(c.ratio!)} > 0)`, `split ratio must be a number > 0`],
  ]);
  const ratio = zipline ? `1 / ${numberOf(c.ratio!)}` : numberOf(c.ratio!);
  await stage.conn.run(`INSERT INTO stage_splits SELECT ${text(c.symbol!)}, ${dateOf(c.splitDate!)}, ${ratio} FROM ${from}`);
  if (zipline) stage.note(`${path.basename(file)}: ratios read in zipline's convention (0.5 = 2-for-1) and stored as shares after / before (2)`);
}

/** `--dividends FILE`: cash amounts per share going ex on `ex_date` (paid on `pay_date`, or the ex date when absent). */
export async function stageDividendsFile(stage: Stage, file: string): Promise<void> {
  const headers = await headersOf(stage, file);
  const c = pick(headers, file, 'dividends', ['symbol', 'exDate', 'amount'], ['declared', 'record', 'pay']);
  const from = reader(file);
  await checkRows(stage, file, from, [
    [`${dateOf(c.exDate!)} IS NULL`, `unparsable ex date '${c.exDate}'`],
    [`NOT (${numberOf(c.amount!)} >= 0)`, 'dividend amount must be a number ≥ 0'],
  ]);
  const optional = (col: string | undefined) => (col ? dateOf(col) : 'NULL');
  await stage.conn.run(`INSERT INTO stage_dividends SELECT ${text(c.symbol!)}, ${dateOf(c.exDate!)}, ${optional(c.declared)}, ${optional(c.record)},
    ${optional(c.pay)}, ${numberOf(c.amount!)} FROM ${from}`);
}

/**
 * `--benchmark-file FILE` (zipline's `SPY_benchmark.csv`: date, daily return): staged as an
 * index whose closes compound the returns (1 on the day before the first return), over the
 * dates of the bars — on the `data` calendar only on dates the bars have, so it adds no
 * sessions (a skipped day's return is compounded into the next kept day). Returns its symbol.
 */
export async function stageBenchmarkFile(stage: Stage, file: string, dataCalendar: boolean): Promise<string> {
  const headers = await headersOf(stage, file);
  const c = pick(headers, file, 'benchmark', ['date', 'ret']);
  const from = reader(file);
  await checkRows(stage, file, from, [
    [`${dateOf(c.date!)} IS NULL`, `unparsable date '${c.date}'`],
    [`NOT isfinite(${numberOf(c.ret!)}) OR ${numberOf(c.ret!)} IS NULL OR ${numberOf(c.ret!)} <= -1`, 'return must be a number > -1'],
  ]);
  const symbol = path.basename(file, path.extname(file));
  const [range] = await queryJson(stage.conn, 'SELECT min(ts)::DATE AS d0, max(ts)::DATE AS d1 FROM stage_bars');
  if (range?.d0 === null || range?.d0 === undefined) throw new InputError('no bars to compare the benchmark with', { file });
  const keep = dataCalendar ? 'AND d IN (SELECT DISTINCT ts::DATE FROM stage_bars)' : '';
  const series = `SELECT ${dateOf(c.date!)} AS d, exp(sum(ln(1 + ${numberOf(c.ret!)})) OVER (ORDER BY ${dateOf(c.date!)})) AS px, line FROM ${from}`;
  const staged = stage.addFile(file, 'daily', (id, withLine) => `SELECT ${id} AS file_id, ${withLine ? 'line, ' : ''}${sqlString(symbol)} AS symbol,
      timezone(${sqlString(stage.tz)}, d::TIMESTAMP) AS ts, px AS open, px AS high, px AS low, px AS "close", 0 AS volume
    FROM (${series}) WHERE d BETWEEN DATE '${String(range.d0).slice(0, 10)}' AND DATE '${String(range.d1).slice(0, 10)}' ${keep}`);
  const rows = await stage.insertBars(staged.select!(false));
  if (rows === 0) throw new InputError(`no benchmark return between ${String(range.d0).slice(0, 10)} and ${String(range.d1).slice(0, 10)}, the dates of the bars`, { file });
  await stage.conn.run(`INSERT INTO stage_assets (symbol, name, exchange, asset_class, fractionable)
    VALUES (${sqlString(symbol)}, ${sqlString(`benchmark returns from ${path.basename(file)}`)}, 'benchmark', 'index', true)`);
  stage.note(`benchmark ${symbol}: ${rows} daily returns from ${path.basename(file)} (an index compounding them)`);
  return symbol;
}

/** Rows of the side tables whose symbol has no bars: reported in the summary, not stored. */
export async function noteUnmatchedActions(stage: Stage): Promise<void> {
  for (const [table, what] of [['stage_splits', 'splits'], ['stage_dividends', 'dividends']] as const) {
    const rows = await queryJson(stage.conn, `SELECT symbol, count(*) AS n FROM ${table}
      WHERE symbol NOT IN (SELECT DISTINCT symbol FROM stage_bars) GROUP BY symbol ORDER BY symbol`);
    if (rows.length === 0) continue;
    const n = rows.reduce((s, r) => s + Number(r.n), 0);
    stage.note(`${n} ${what} of symbols without bars not stored (${rows.map((r) => String(r.symbol)).join(', ')})`);
  }
}
