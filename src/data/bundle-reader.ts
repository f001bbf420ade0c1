import type { Asset, AssetClass } from '../model/asset.js';
import type { BarColumns, Frequency, OhlcvField } from '../model/bar.js';
import type { Dividend, Split } from '../model/corporate-actions.js';
import type { BarRange, BarScanRange, BarSink, BundleMeta, BundleReader, DatasetRows } from '../ports/bundle-reader.js';
import { ZiplimeError } from '../core/errors.js';
import { DAY_MS, dayNumber } from '../core/time.js';
import { openDatabase, queryJson, queryNumber, readIntoSegments, readNumericColumns, readSmallNumericColumns, sqlString, streamNumericChunks, type Database } from './duckdb.js';

const DAY_MS_SQL = `(day - DATE '1970-01-01')::DOUBLE * ${DAY_MS}`;
const PRICE_COLUMNS = 'open, high, low, "close", volume::DOUBLE';

/** Per-frequency table, time column (as epoch ms) and range filter. */
interface BarTable {
  readonly table: string;
  readonly key: string;
  readonly tsMs: string;
}
const TABLES: Record<Frequency, BarTable> = {
  daily: { table: 'daily_bars', key: 'day', tsMs: DAY_MS_SQL },
  minute: { table: 'minute_bars', key: 'ts', tsMs: 'epoch_ms(ts)::DOUBLE' },
};

/** DuckDB's memory limit for a bundle opened for reading. */
const READER_MEMORY_LIMIT = '128MB';

const str = (v: unknown): string => String(v);

/** The table of custom dataset `name` (checked to be an identifier). */
export function datasetTable(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ZiplimeError(`dataset name '${name}' must be letters, digits and _`);
  return `dataset_${name.toLowerCase()}`;
}
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function sidFilter(sids: readonly number[] | undefined): string {
  if (sids === undefined) return 'TRUE';
  const ints = sids.filter((s) => Number.isInteger(s));
  return ints.length === 0 ? 'FALSE' : `sid IN (${ints.join(',')})`;
}

/** A `YYYY-MM-DD` day as a SQL DATE literal (throws on a bad day). */
function dateLiteral(day: string): string {
  if (Number.isNaN(dayNumber(day))) throw new ZiplimeError(`invalid day '${day}'; expected YYYY-MM-DD`);
  return `DATE '${day}'`;
}

function instantLiteral(ms: number): string {
  if (!Number.isFinite(ms)) throw new ZiplimeError(`invalid instant ${ms}`);
  return `timezone('UTC', make_timestamp(${Math.round(ms) * 1000}::BIGINT))`;
}

/** Days per word of the day bitmap `distinctDays` has DuckDB build (`n >> 5`, `n & 31`: each word is exact as a DOUBLE). */
const DAYS_PER_WORD = 32;

/**
 * The days set in a day bitmap, ascending: word `words[i]` (a whole number below 2³²) has bit `b`
 * set when day `groups[i] · 32 + b` is present; the words come in any order.
 */
function daysOfBitmap(groups: Float64Array, words: Float64Array): Int32Array {
  let ascending = true;
  for (let i = 1; i < groups.length && ascending; i++) ascending = groups[i - 1]! < groups[i]!;
  const order = ascending ? undefined : Array.from(groups.keys()).sort((a, b) => groups[a]! - groups[b]!);
  let count = 0;
  for (let i = 0; i < words.length; i++) { // population count of each word
    let w = words[i]! >>> 0;
    w -= (w >>> 1) & 0x55555555;
    w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
    count += Math.imul((w + (w >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  const out = new Int32Array(count);
  let j = 0;
  for (let k = 0; k < groups.length; k++) {
    const i = order ? order[k]! : k;
    const base = groups[i]! * DAYS_PER_WORD;
    let w = words[i]! >>> 0;
    if (w === 0xffffffff) { // every day of the word (data on every calendar day)
      for (let b = 0; b < DAYS_PER_WORD; b++) out[j++] = base + b;
      continue;
    }
    for (; w !== 0; w &= w - 1) out[j++] = base + 31 - Math.clz32(w & -w); // lowest set bit first
  }
  return out;
}

/** True when `ts` increases strictly within each consecutive segment of the given sizes. */
function ascendingPerSegment(ts: Float64Array, sizes: readonly number[]): boolean {
  let start = 0;
  for (const n of sizes) {
    for (let i = start + 1; i < start + n; i++) if (!(ts[i]! > ts[i - 1]!)) return false;
    start += n;
  }
  return true;
}

/**
 * A bundle version opened read-only. Bars come back per sid as `Float64Array` columns read
 * straight from DuckDB's vectors; assets are loaded once and interned.
 */
export class DuckBundleReader implements BundleReader {
  private readonly bySymbol: Map<string, Asset>;
  /** `range` per frequency (the file is read-only, so it never changes). */
  private readonly ranges = new Map<Frequency, Promise<BarRange | null>>();
  /** Settles when the last query issued has finished (see `exclusive`). */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: Database,
    readonly meta: BundleMeta,
    private readonly assetList: readonly Asset[],
    /** The meta `tz` (the zone of a minute-only bundle's dates) as a SQL literal. */
    private readonly zone: string,
  ) {
    this.bySymbol = new Map(assetList.map((a) => [a.symbol.toUpperCase(), a]));
  }

  /** Opens `file` read-only and loads its meta and assets. */
  static async open(file: string): Promise<DuckBundleReader> {
    // Memory: the allocator's background threads give the memory of freed scan chunks back to the
    // system (without them ~150 MB of a 500-asset daily scan stays resident for the whole run), and
    // the limit bounds the blocks DuckDB keeps cached (by default up to 80 % of RAM: a minute
    // bundle read from start to end would stay resident whole). Reads stream; they need little.
    const db = await openDatabase(file, { readOnly: true, config: { allocator_background_threads: 'true', memory_limit: READER_MEMORY_LIMIT } });
    try {
      const metaRows = await queryJson(db.conn, 'SELECT key, value FROM meta');
      const m = new Map(metaRows.map((r) => [str(r.key), strOrNull(r.value)]));
      const meta: BundleMeta = {
        name: m.get('name') ?? '',
        source: m.get('source') ?? '',
        calendar: m.get('calendar') ?? 'XNYS',
        frequencies: (m.get('frequencies') ?? '').split(',').filter((f): f is Frequency => f === 'daily' || f === 'minute'),
        createdAt: m.get('created_at') ?? '',
        schemaVersion: Number(m.get('schema_version') ?? 0),
        benchmark: m.get('benchmark') || null,
        path: file,
        volumeUnknown: (m.get('volume_unknown') ?? '').split(',').filter(Boolean).map(Number),
        barSizes: Object.fromEntries((m.get('bar_size') ?? '').split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string])),
      };
      const rows = await queryJson(db.conn, `SELECT sid, symbol, name, exchange, asset_class, currency,
        strftime(start_date, '%Y-%m-%d') AS start_date, strftime(end_date, '%Y-%m-%d') AS end_date,
        strftime(auto_close_date, '%Y-%m-%d') AS auto_close_date, tick_size, multiplier, fractionable
        FROM assets ORDER BY sid`);
      const assets = rows.map((r): Asset => Object.freeze({
        sid: Number(r.sid), symbol: str(r.symbol), name: str(r.name ?? r.symbol), exchange: str(r.exchange ?? ''),
        assetClass: str(r.asset_class ?? 'equity') as AssetClass, currency: str(r.currency ?? 'USD'),
        startDate: str(r.start_date), endDate: str(r.end_date), autoCloseDate: strOrNull(r.auto_close_date),
        tickSize: Number(r.tick_size ?? 0.01), multiplier: Number(r.multiplier ?? 1), fractionable: Boolean(r.fractionable),
      }));
      return new DuckBundleReader(db, Object.freeze(meta), Object.freeze(assets), sqlString(m.get('tz') ?? 'UTC'));
    } catch (err) {
      db.close();
      throw new ZiplimeError(`cannot read bundle file ${file}: ${(err as Error).message.split('\n')[0]}; ingest it again`, undefined, { cause: err });
    }
  }

  /**
   * Runs `query` once every query issued before it has finished: one connection streams one
   * result at a time, and a query started mid-stream would cut the stream short.
   */
  private exclusive<T>(query: () => Promise<T>): Promise<T> {
    const next = this.queue.then(query, query);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private json(sql: string): Promise<Record<string, unknown>[]> {
    return this.exclusive(() => queryJson(this.db.conn, sql));
  }

  private columns(sql: string, rows: number): Promise<Float64Array[]> {
    return this.exclusive(() => readNumericColumns(this.db.conn, sql, rows));
  }

  async assets(): Promise<readonly Asset[]> {
    return this.assetList;
  }

  async lookupSymbol(symbol: string): Promise<Asset | undefined> {
    return this.bySymbol.get(symbol.toUpperCase());
  }

  /** Sessions of the daily bars; for a minute-only bundle, the local dates (meta `tz`) of its minutes. */
  async dataSessions(): Promise<readonly string[]> {
    const daily = await this.json("SELECT DISTINCT strftime(day, '%Y-%m-%d') AS d FROM daily_bars ORDER BY d");
    if (daily.length > 0) return daily.map((r) => str(r.d));
    const minute = await this.json(
      `SELECT DISTINCT strftime(timezone(${this.zone}, ts), '%Y-%m-%d') AS d FROM minute_bars ORDER BY d`);
    return minute.map((r) => str(r.d));
  }

  /** `dataSessions` as day numbers (days since 1970-01-01), read as a numeric column, not strings. */
  async dataSessionDays(): Promise<Int32Array> {
    const daily = await this.distinctDays('day', 'daily_bars');
    // The daily `range` comes with it (first and last day, rows): no second scan for it.
    if (!this.ranges.has('daily')) {
      const { days, rows } = daily;
      this.ranges.set('daily', Promise.resolve(rows === 0 ? null : { first: days[0]! * DAY_MS, last: days[days.length - 1]! * DAY_MS, rows }));
    }
    if (daily.days.length > 0) return daily.days;
    return (await this.distinctDays(`timezone(${this.zone}, ts)::DATE`, 'minute_bars')).days;
  }

  /**
   * Distinct values of the DATE expression `day` over `table`, ascending, as day numbers, and the
   * table's number of rows. DuckDB
   * folds the rows into a bitmap of the days, one 32-day word per row, so a few thousand rows come
   * back whatever the table's size (a DISTINCT would return a row per day, sorted; one asset's
   * 200,000 daily bars are 200,000 days but 6,250 words).
   */
  private async distinctDays(day: string, table: string): Promise<{ days: Int32Array; rows: number }> {
    const n = `(${day} - DATE '1970-01-01')`;
    const [groups, words, counts] = await this.exclusive(() => readSmallNumericColumns(this.db.conn,
      `SELECT (n >> 5)::DOUBLE, bit_or(1::BIGINT << (n & 31))::DOUBLE, count(*)::DOUBLE FROM (SELECT ${n} AS n FROM ${table}) GROUP BY n >> 5`));
    let rows = 0;
    for (let i = 0; i < counts!.length; i++) rows += counts![i]!;
    return { days: daysOfBitmap(groups!, words!), rows };
  }

  async dailyBars(sids: readonly number[], startDay: string, endDay: string): Promise<Map<number, BarColumns>> {
    return this.bars(TABLES.daily, sids, `day BETWEEN ${dateLiteral(startDay)} AND ${dateLiteral(endDay)}`);
  }

  async minuteBars(sids: readonly number[], startMs: number, endMs: number): Promise<Map<number, BarColumns>> {
    return this.bars(TABLES.minute, sids, `ts >= ${instantLiteral(startMs)} AND ts < ${instantLiteral(endMs)}`);
  }

  /**
   * Streams bars to `sink` in stored order (per sid by time, as ingested): one query, no count, no
   * copy; only `fields` when given.
   */
  scanBars(frequency: Frequency, sids: readonly number[], range: BarScanRange, sink: BarSink, fields?: readonly OhlcvField[]): Promise<void> {
    if (sids.length === 0) return Promise.resolve();
    const t = TABLES[frequency];
    const where = 'startDay' in range
      ? `day BETWEEN ${dateLiteral(range.startDay)} AND ${dateLiteral(range.endDay)}`
      : `ts >= ${instantLiteral(range.startMs)} AND ts < ${instantLiteral(range.endMs)}`;
    const columns = fields ? fields.map((f) => (f === 'volume' ? 'volume::DOUBLE' : `"${f}"`)).join(', ') : PRICE_COLUMNS;
    const sql = `SELECT sid::DOUBLE, ${t.tsMs}, ${columns} FROM ${t.table} WHERE ${sidFilter(sids)} AND ${where}`;
    return this.exclusive(() => streamNumericChunks(this.db.conn, sql, (columns, n) => sink(columns[0]!, columns[1]!, columns.slice(2), n)));
  }

  /**
   * One count query, then one query streamed into shared columns split into per-sid views. The
   * ingest stores each sid's bars in time order, either grouped by sid or interleaved by time (a
   * long file of all symbols per instant): one sid's rows, or rows grouped by sid, are copied as
   * they come; otherwise each row goes to its sid's segment. Should a file not be in either
   * order, the read is repeated with ORDER BY.
   */
  private async bars(t: BarTable, sids: readonly number[], range: string): Promise<Map<number, BarColumns>> {
    const out = new Map<number, BarColumns>();
    if (sids.length === 0) return out;
    const where = `${sidFilter(sids)} AND ${range}`;
    const counts = await this.json(`SELECT sid, count(*) AS n FROM ${t.table} WHERE ${where} GROUP BY sid ORDER BY sid`);
    const total = counts.reduce((s, r) => s + Number(r.n), 0);
    if (total === 0) return out;
    const sizes = counts.map((r) => Number(r.n));
    const select = `SELECT ${t.tsMs}, ${PRICE_COLUMNS} FROM ${t.table} WHERE ${where}`;
    let columns = counts.length === 1
      ? await this.columns(select, total)
      : await this.exclusive(() => readIntoSegments(this.db.conn, `SELECT sid::DOUBLE, ${t.tsMs}, ${PRICE_COLUMNS} FROM ${t.table} WHERE ${where}`,
        counts.map((r) => Number(r.sid)), sizes, 6));
    if (!ascendingPerSegment(columns[0]!, sizes)) columns = await this.columns(`${select} ORDER BY sid, ${t.key}`, total);
    const [ts, open, high, low, close, volume] = columns;
    let offset = 0;
    for (const r of counts) {
      const n = Number(r.n), end = offset + n;
      out.set(Number(r.sid), {
        ts: ts!.subarray(offset, end), open: open!.subarray(offset, end), high: high!.subarray(offset, end),
        low: low!.subarray(offset, end), close: close!.subarray(offset, end), volume: volume!.subarray(offset, end),
      });
      offset = end;
    }
    return out;
  }

  /** Read once per frequency: the file is opened read-only. */
  range(frequency: Frequency): Promise<BarRange | null> {
    let range = this.ranges.get(frequency);
    if (!range) {
      range = this.readRange(TABLES[frequency]);
      this.ranges.set(frequency, range);
    }
    return range;
  }

  private async readRange(t: BarTable): Promise<BarRange | null> {
    const rows = await this.json(`SELECT min(${t.tsMs}) AS first, max(${t.tsMs}) AS last, count(*) AS n FROM ${t.table}`);
    const r = rows[0]!;
    return Number(r.n) === 0 ? null : { first: Number(r.first), last: Number(r.last), rows: Number(r.n) };
  }

  async dataset(name: string): Promise<DatasetRows | null> {
    const table = datasetTable(name);
    const present = await this.json(`SELECT 1 FROM duckdb_tables() WHERE table_name = ${sqlString(table)}`);
    if (present.length === 0) return null;
    const described = await this.json(`DESCRIBE ${table}`);
    const columns = described.map((d) => String(d.column_name)).filter((c) => c !== 'sid' && c !== 'asof_date');
    const rows = await this.json(`SELECT * EXCLUDE (asof_date), strftime(asof_date, '%Y-%m-%d') AS asof FROM ${table} ORDER BY sid, asof_date`);
    return {
      columns,
      sid: Int32Array.from(rows, (r) => Number(r.sid)),
      asof: rows.map((r) => str(r.asof)),
      values: columns.map((c) => Float64Array.from(rows, (r) => (r[c] === null || r[c] === undefined ? NaN : Number(r[c])))),
    };
  }

  async splits(sids?: readonly number[]): Promise<readonly Split[]> {
    const rows = await this.json(`SELECT sid, strftime(effective_date, '%Y-%m-%d') AS d, ratio
      FROM splits WHERE ${sidFilter(sids)} ORDER BY effective_date, sid`);
    return rows.map((r) => ({ sid: Number(r.sid), effectiveDate: str(r.d), ratio: Number(r.ratio) }));
  }

  async dividends(sids?: readonly number[]): Promise<readonly Dividend[]> {
    const rows = await this.json(`SELECT sid, strftime(ex_date, '%Y-%m-%d') AS ex,
      strftime(declared_date, '%Y-%m-%d') AS declared, strftime(record_date, '%Y-%m-%d') AS record,
      strftime(pay_date, '%Y-%m-%d') AS pay, amount FROM dividends WHERE ${sidFilter(sids)} ORDER BY ex_date, sid`);
    return rows.map((r) => ({
      sid: Number(r.sid), exDate: str(r.ex), declaredDate: strOrNull(r.declared), recordDate: strOrNull(r.record),
      payDate: strOrNull(r.pay), amount: Number(r.amount),
    }));
  }

  /** Number of rows in a bundle table (for `ziplime bundles`). */
  async count(table: 'assets' | 'daily_bars' | 'minute_bars' | 'splits' | 'dividends'): Promise<number> {
    return this.exclusive(() => queryNumber(this.db.conn, `SELECT count(*) FROM ${table}`));
  }

  async close(): Promise<void> {
    await this.queue;
    this.db.close();
  }
}

/** Opens one bundle version file read-only. */
export function openBundleFile(file: string): Promise<DuckBundleReader> {
  return DuckBundleReader.open(file);
}
