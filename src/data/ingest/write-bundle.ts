import type { Frequency } from '../../model/bar.js';
import type { TradingCalendar } from '../../ports/calendar.js';
import { BARS_DDL, SCHEMA_VERSION, type MetaKey } from '../bundle-schema.js';
import { createBarsView, SYMBOL_ENUM } from './write-bars.js';
import { queryJson, sqlString } from '../duckdb.js';
import type { BarSizes } from './bar-size.js';
import { STAGED_SPLITS } from './data-checks.js';
import { errorAt, locateInFile, rowTime, sourceRows, type LocatedRow } from './locate.js';
import type { Stage } from './stage.js';

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

const DUPLICATE_KEYS = [
  { table: 'daily_bars', key: 'day', text: "strftime(day, '%Y-%m-%d')", match: (k: string) => `ts::DATE = DATE ${sqlString(k)}` },
  { table: 'minute_bars', key: 'ts', text: 'epoch_ms(ts)::VARCHAR', match: (k: string) => `epoch_ms(ts) = ${Number(k)}` },
] as const;

/**
 * Counts, in stored order, bars out of (sid, time) order, bars out of strict (time, sid) order and
 * bars repeating the previous bar's sid and time.
 */
async function storedOrder(stage: Stage, table: string, key: string): Promise<{ bySid: number; byTime: number; repeated: number }> {
  const [r] = await queryJson(stage.conn, `SELECT count(*) FILTER (WHERE sid < ps OR (sid = ps AND ${key} < pk)) AS by_sid,
    count(*) FILTER (WHERE ${key} < pk OR (${key} = pk AND sid <= ps)) AS by_time,
    count(*) FILTER (WHERE sid = ps AND ${key} = pk) AS repeated
    FROM (SELECT sid, ${key}, lag(sid) OVER () AS ps, lag(${key}) OVER () AS pk FROM ${table})`);
  return { bySid: Number(r?.by_sid ?? 0), byTime: Number(r?.by_time ?? 0), repeated: Number(r?.repeated ?? 0) };
}

/**
 * Makes sure each bars table is stored in an order readers can take each sid's bars by time from:
 * (sid, time) — files of one symbol each, a long file grouped by symbol — or strictly (time, sid) —
 * a long file of all symbols per instant. One streaming pass checks it; a table in neither order
 * (files not in time order, a benchmark file appended) is sorted by (sid, time). Throws
 * `InputError` at the second of two bars of one symbol with the same date (daily) or instant (minute).
 */
async function checkOrderAndDuplicates(stage: Stage): Promise<void> {
  for (const { table, key, text, match } of DUPLICATE_KEYS) {
    let order = await storedOrder(stage, table, key);
    if (order.bySid > 0 && order.byTime > 0) {
      await stage.conn.run(`CREATE TEMP TABLE stage_sorted AS SELECT * FROM ${table} ORDER BY sid, ${key}`);
      await stage.conn.run(`DROP VIEW stage_bars; DROP TABLE ${table}; ${BARS_DDL[table]}`);
      await stage.conn.run(`INSERT INTO ${table} SELECT * FROM stage_sorted`);
      await stage.conn.run('DROP TABLE stage_sorted');
      await createBarsView(stage);
      order = await storedOrder(stage, table, key);
    }
    if (order.repeated === 0) continue;
    const [dup] = await queryJson(stage.conn, `SELECT s.symbol, ${text} AS k FROM (
      SELECT sid, ${key}, lag(${key}) OVER (PARTITION BY sid ORDER BY ${key}) AS prev FROM ${table}) JOIN syms s USING (sid)
      WHERE ${key} = prev LIMIT 1`);
    if (!dup) continue;
    const cond = `symbol = ${sqlString(String(dup.symbol))} AND ${match(String(dup.k))}`;
    const files = await queryJson(stage.conn, `SELECT DISTINCT file_id FROM (${sourceRows(stage)}) WHERE ${cond} ORDER BY file_id`);
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
      UNION ALL SELECT symbol, ts::DATE, NULL, NULL, NULL, dividend FROM stage_actions WHERE dividend > 0
    ) x JOIN syms s USING (symbol) ORDER BY 2, 1`);
}

/** Assets with their first/last bar dates; auto-close on the session after the last bar (zipline). */
async function writeAssets(stage: Stage, calendar: TradingCalendar): Promise<void> {
  const rows = await queryJson(stage.conn, `SELECT s.sid, s.symbol, a.name, a.exchange, a.asset_class, a.fractionable,
      strftime(min(r.d0), '%Y-%m-%d') AS start_date, strftime(max(r.d1), '%Y-%m-%d') AS end_date
    FROM stage_sid_spans r
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
 * Completes the bundle tables around the written bars (checking their order and duplicates on
 * the way; assets' dates from `stage_sid_spans`, see `summariseSids`) and drops the staging
 * tables. Returns the row counts.
 */
export async function writeBundle(stage: Stage, calendar: TradingCalendar, meta: BundleMetaInput): Promise<WrittenCounts> {
  await checkOrderAndDuplicates(stage);
  await writeCorporateActions(stage);
  await writeAssets(stage, calendar);
  await writeMeta(stage, meta);
  const [span] = await queryJson(stage.conn, 'SELECT min(t0) AS first, max(t1) AS last FROM stage_sid_spans');
  const ms = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const counts: WrittenCounts = {
    assets: await stage.count('assets'), dailyRows: await stage.count('daily_bars'), minuteRows: await stage.count('minute_bars'),
    splits: await stage.count('splits'), dividends: await stage.count('dividends'), firstBar: ms(span?.first), lastBar: ms(span?.last),
  };
  await stage.conn.run('DROP VIEW IF EXISTS temp.stage_bars');
  await stage.conn.run(`DROP TYPE IF EXISTS ${SYMBOL_ENUM}`);
  for (const t of ['stage_times', 'stage_sid_spans', 'syms', 'stage_symbols', 'stage_rows', 'stage_actions', 'stage_files', 'stage_assets', 'stage_splits', 'stage_dividends']) {
    await stage.conn.run(`DROP TABLE IF EXISTS temp.${t}`);
  }
  return counts;
}
