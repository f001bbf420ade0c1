import type { Frequency } from '../../model/bar.js';
import type { TradingCalendar } from '../../ports/calendar.js';
import { SCHEMA_VERSION, type MetaKey } from '../bundle-schema.js';
import { queryJson, sqlString } from '../duckdb.js';
import type { BarSizes } from './bar-size.js';
import { STAGED_SPLITS } from './data-checks.js';
import { errorAt, locateInFile, rowTime, type LocatedRow } from './locate.js';
import { isUtcZone, type Stage } from './stage.js';

/** What goes into `meta` besides what the stage knows. */
export interface BundleMetaInput {
  name: string;
  source: string;
  calendar: string;
  frequencies: readonly Frequency[];
  benchmark: string | undefined;
  createdAt: string;
  /** Symbols without volume (absent or 0 on every bar). */
  volumeUnknown: readonly string[];
  barSizes: BarSizes;
}

/**
 * `syms(symbol, sid)`: the sids the source gave; symbols it gave none (all of them for file
 * sources; a benchmark file's index) are numbered after them in symbol order.
 */
async function assignSids(stage: Stage): Promise<void> {
  await stage.conn.run(`CREATE TEMP TABLE syms AS
    WITH given AS (SELECT symbol, sid FROM stage_assets WHERE sid IS NOT NULL),
    rest AS (SELECT DISTINCT symbol FROM stage_bars WHERE symbol NOT IN (SELECT symbol FROM given))
    SELECT symbol, sid FROM given
    UNION ALL SELECT symbol, ((SELECT coalesce(max(sid) + 1, 0) FROM given) + row_number() OVER (ORDER BY symbol) - 1)::INTEGER FROM rest`);
}

/** A bar's local session date: in a UTC ingest zone taken from the epoch (no per-row zone lookup), else `ts::DATE`. */
const dayOf = (tz: string, ts: string) => (isUtcZone(tz) ? `make_timestamp(epoch_us(${ts}))::DATE` : `${ts}::DATE`);

/** Writes the bars sorted by (sid, time), daily keyed by the local session date. */
async function writeBars(stage: Stage): Promise<void> {
  const files = await queryJson(stage.conn, 'SELECT file_id, frequency FROM stage_files');
  const ids = (f: string) => files.filter((r) => r.frequency === f).map((r) => Number(r.file_id)).join(', ') || 'NULL';
  const from = (f: string) => `FROM stage_bars b JOIN syms s USING (symbol) WHERE b.file_id IN (${ids(f)})`;
  await stage.conn.run(`INSERT INTO daily_bars SELECT s.sid, ${dayOf(stage.tz, 'b.ts')} AS day, b.open, b.high, b.low, b."close", b.volume
    ${from('daily')} ORDER BY s.sid, day`);
  await stage.conn.run(`INSERT INTO minute_bars SELECT s.sid, b.ts, b.open, b.high, b.low, b."close", b.volume
    ${from('minute')} ORDER BY s.sid, b.ts`);
}

const DUPLICATE_KEYS = [
  { table: 'daily_bars', key: 'day', text: "strftime(day, '%Y-%m-%d')", match: (k: string) => `ts::DATE = DATE ${sqlString(k)}` },
  { table: 'minute_bars', key: 'ts', text: 'epoch_ms(ts)::VARCHAR', match: (k: string) => `epoch_ms(ts) = ${Number(k)}` },
] as const;

/** Throws `InputError` at the second of two bars of one symbol with the same date (daily) or instant (minute). */
async function checkDuplicates(stage: Stage): Promise<void> {
  for (const { table, key, text, match } of DUPLICATE_KEYS) {
    const [dup] = await queryJson(stage.conn, `SELECT s.symbol, ${text} AS k FROM (
      SELECT sid, ${key}, lag(${key}) OVER (PARTITION BY sid ORDER BY ${key}) AS prev FROM ${table}) JOIN syms s USING (sid)
      WHERE ${key} = prev LIMIT 1`);
    if (!dup) continue;
    const cond = `symbol = ${sqlString(String(dup.symbol))} AND ${match(String(dup.k))}`;
    const files = await queryJson(stage.conn, `SELECT DISTINCT file_id FROM stage_bars WHERE ${cond} ORDER BY file_id`);
    const rows: LocatedRow[] = [];
    for (const f of files) rows.push(...(await locateInFile(stage, Number(f.file_id), cond, 2)));
    const [first, second] = rows;
    const also = first!.file === second!.file ? `line ${first!.line}` : `${first!.file}:${first!.line}`;
    throw errorAt(second!, `duplicate ${second!.symbol} bar at ${rowTime(second!, table === 'daily_bars')} (also at ${also})`,
      'keep one bar per symbol and timestamp');
  }
}

/** Splits and dividends from the source's tables and from `split`/`dividend` columns (ex date = the bar's date). */
async function writeCorporateActions(stage: Stage): Promise<void> {
  await stage.conn.run(`INSERT INTO splits SELECT DISTINCT s.sid, x.effective_date, x.ratio FROM (${STAGED_SPLITS}
    ) x JOIN syms s USING (symbol) ORDER BY 2, 1`);
  await stage.conn.run(`INSERT INTO dividends SELECT DISTINCT s.sid, x.ex_date, x.declared_date, x.record_date, x.pay_date, x.amount FROM (
      SELECT symbol, ex_date, declared_date, record_date, pay_date, amount FROM stage_dividends
      UNION ALL SELECT symbol, ts::DATE, NULL, NULL, NULL, dividend FROM stage_bars WHERE dividend > 0
    ) x JOIN syms s USING (symbol) ORDER BY 2, 1`);
}

/** Assets with their first/last bar dates; auto-close on the session after the last bar (zipline). */
async function writeAssets(stage: Stage, calendar: TradingCalendar): Promise<void> {
  const rows = await queryJson(stage.conn, `SELECT s.sid, s.symbol, a.name, a.exchange, a.asset_class, a.fractionable,
      strftime(min(r.d0), '%Y-%m-%d') AS start_date, strftime(max(r.d1), '%Y-%m-%d') AS end_date
    FROM (SELECT sid, min(day) AS d0, max(day) AS d1 FROM daily_bars GROUP BY sid
          UNION ALL SELECT sid, min(ts)::DATE, max(ts)::DATE FROM minute_bars GROUP BY sid) r
    JOIN syms s USING (sid) LEFT JOIN stage_assets a USING (symbol)
    GROUP BY ALL ORDER BY s.sid`);
  const date = (d: string | undefined) => (d ? `DATE ${sqlString(d)}` : 'NULL');
  const text = (v: unknown, fallback: string) => sqlString(v === null || v === undefined ? fallback : String(v));
  const values = rows.map((r) => {
    const end = String(r.end_date);
    const next = calendar.sessions[calendar.sessionOnOrBefore(end) + 1];
    return `(${Number(r.sid)}, ${text(r.symbol, '')}, ${text(r.name, String(r.symbol))}, ${text(r.exchange, calendar.name)},
      ${text(r.asset_class, 'equity')}, 'USD', ${date(String(r.start_date))}, ${date(end)}, ${date(next)}, 0.01, 1, ${r.fractionable === true})`;
  });
  for (let i = 0; i < values.length; i += 500) await stage.conn.run(`INSERT INTO assets VALUES ${values.slice(i, i + 500).join(', ')}`);
}

async function writeMeta(stage: Stage, meta: BundleMetaInput): Promise<void> {
  const sids = meta.volumeUnknown.length === 0 ? [] : await queryJson(stage.conn,
    `SELECT sid FROM syms WHERE symbol IN (${meta.volumeUnknown.map(sqlString).join(', ')}) ORDER BY sid`);
  const entries: [MetaKey, string | undefined][] = [
    ['volume_unknown', sids.map((r) => Number(r.sid)).join(',')],
    ['bar_size', Object.entries(meta.barSizes).map(([f, size]) => `${f}=${size}`).join(',')],
    ['name', meta.name], ['source', meta.source], ['calendar', meta.calendar], ['frequencies', meta.frequencies.join(',')],
    ['created_at', meta.createdAt], ['schema_version', String(SCHEMA_VERSION)], ['benchmark', meta.benchmark], ['tz', stage.tz],
  ];
  const values = entries.map(([k, v]) => `(${sqlString(k)}, ${v === undefined ? 'NULL' : sqlString(v)})`);
  await stage.conn.run(`INSERT INTO meta VALUES ${values.join(', ')}`);
}

/** Row counts of a written bundle. */
export interface WrittenCounts {
  assets: number;
  dailyRows: number;
  minuteRows: number;
  splits: number;
  dividends: number;
  /** First and last bar over both frequencies (epoch ms, `Bar.ts` convention), null when none. */
  firstBar: number | null;
  lastBar: number | null;
}

/**
 * Moves the validated stage into the bundle tables (checking duplicates on the way) and drops
 * the staging tables. Returns the row counts.
 */
export async function writeBundle(stage: Stage, calendar: TradingCalendar, meta: BundleMetaInput): Promise<WrittenCounts> {
  await assignSids(stage);
  await writeBars(stage);
  await checkDuplicates(stage);
  await writeCorporateActions(stage);
  await writeAssets(stage, calendar);
  await writeMeta(stage, meta);
  const [span] = await queryJson(stage.conn, `SELECT min(t0) AS first, max(t1) AS last FROM (
    SELECT epoch_ms(min(day)::TIMESTAMP) AS t0, epoch_ms(max(day)::TIMESTAMP) AS t1 FROM daily_bars
    UNION ALL SELECT epoch_ms(min(ts)), epoch_ms(max(ts)) FROM minute_bars)`);
  const ms = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const counts: WrittenCounts = {
    assets: await stage.count('assets'), dailyRows: await stage.count('daily_bars'), minuteRows: await stage.count('minute_bars'),
    splits: await stage.count('splits'), dividends: await stage.count('dividends'), firstBar: ms(span?.first), lastBar: ms(span?.last),
  };
  for (const t of ['stage_times', 'syms', 'stage_bars', 'stage_files', 'stage_assets', 'stage_splits', 'stage_dividends']) {
    await stage.conn.run(`DROP TABLE IF EXISTS temp.${t}`);
  }
  return counts;
}
