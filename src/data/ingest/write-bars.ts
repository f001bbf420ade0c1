import { InputError } from '../../core/errors.js';
import type { Frequency } from '../../model/bar.js';
import { queryJson, queryNumber, sqlString } from '../duckdb.js';
import { checkRejects, firstLine } from './read-errors.js';
import { BARS_DDL } from '../bundle-schema.js';
import { reportBadRow } from './row-rules.js';
import { sampleSymbols } from './sample-symbols.js';
import { isUtcZone, type RowSource, type Stage } from './stage.js';

/** The temporary ENUM of the symbols in sid order (see `sidExpression`). */
export const SYMBOL_ENUM = 'zl_symbols';

/** The bundle table of each frequency and its time key. */
export const BAR_TABLES = { daily: { table: 'daily_bars', key: 'day' }, minute: { table: 'minute_bars', key: 'ts' } } as const;

/** A bar's local session date: in a UTC ingest zone taken from the epoch (no per-row zone lookup), else `ts::DATE`. */
const dayOf = (tz: string, ts: string) => (isUtcZone(tz) ? `make_timestamp(epoch_us(${ts}))::DATE` : `${ts}::DATE`);

/** Whether an instant is not local midnight (the bar has a time of day). */
const intraday = (tz: string) => (isUtcZone(tz) ? 'epoch_us(ts) % 86400000000 <> 0' : "ts <> date_trunc('day', ts)");

/** A row of a `split` or `dividend` column worth keeping (or checking). */
const ACTION_ROW = 'coalesce(dividend, 0) <> 0 OR coalesce(split, 1) <> 1';

/** `stage_rows` columns of the files held in memory among `ids`. */
const memoryRows = (ids: readonly number[]) => `SELECT * FROM stage_rows WHERE file_id IN (${ids.join(', ')})`;

/** The files of `source` as the error message names them. */
const sourceFiles = (stage: Stage, source: RowSource) => source.fileIds.map((id) => stage.files[id]!.path).join(', ');

/** Runs a statement that reads the sources; a reading failure becomes an `InputError` naming the source's files. */
async function readSources(stage: Stage, sources: readonly RowSource[], sql: string): Promise<Awaited<ReturnType<Stage['conn']['run']>>> {
  try {
    return await stage.conn.run(sql);
  } catch (err) {
    if (err instanceof InputError || stage.guessing) throw err;
    if (sources.some((s) => s.csv)) await checkRejects(stage);
    if (/NOT NULL constraint/i.test(firstLine(err))) await reportBadRow(stage);
    for (const s of sources) {
      try {
        await stage.conn.run(`SELECT count(*) FROM (${s.sql})`);
      } catch (inner) {
        throw new InputError(`cannot read as ${s.csv ? 'CSV' : 'PARQUET'}: ${firstLine(inner)}`, { file: sourceFiles(stage, s) });
      }
    }
    throw err;
  }
}

/**
 * Reads what the bars cannot give without a pass over them: the symbols of files with a symbol
 * column and whether files of unknown frequency have a time of day. One aggregate per source
 * (none for files of one symbol and known frequency, such as zipline's csvdir).
 */
async function scanSources(stage: Stage): Promise<{ symbols: Set<string>; intraday: boolean }> {
  const symbols = new Set<string>();
  let anyIntraday = false;
  const unknown = (ids: readonly number[]) => ids.some((id) => stage.files[id]!.frequency === null);
  for (const s of stage.sources) {
    if (s.symbols && !unknown(s.fileIds)) {
      for (const sym of s.symbols) symbols.add(sym);
      continue;
    }
    const rows = await queryJson(stage.conn, `SELECT symbol, bool_or(${intraday(stage.tz)}) AS intraday FROM (${s.sql}) GROUP BY symbol`)
      .catch(async (err: unknown) => {
        if (s.csv) await checkRejects(stage);
        throw new InputError(`cannot read as ${s.csv ? 'CSV' : 'PARQUET'}: ${firstLine(err)}`, { file: sourceFiles(stage, s) });
      });
    if (s.csv) await checkRejects(stage);
    for (const r of rows) {
      if (r.symbol !== null) symbols.add(String(r.symbol));
      if (r.intraday === true && unknown(s.fileIds)) anyIntraday = true;
    }
  }
  const memory = await scanMemory(stage);
  for (const sym of memory.symbols) symbols.add(sym);
  return { symbols, intraday: anyIntraday || memory.intraday };
}

/** The symbols of the bars held in memory, and whether those of unknown frequency have a time of day. */
async function scanMemory(stage: Stage): Promise<{ symbols: Set<string>; intraday: boolean }> {
  const symbols = new Set<string>();
  let anyIntraday = false;
  const memory = stage.files.filter((f) => !stage.sources.some((s) => s.fileIds.includes(f.id)));
  if (memory.length > 0) {
    const nullIds = memory.filter((f) => f.frequency === null).map((f) => f.id);
    const rows = await queryJson(stage.conn, `SELECT symbol, bool_or(file_id IN (${nullIds.join(', ') || 'NULL'}) AND ${intraday(stage.tz)}) AS intraday
      FROM stage_rows GROUP BY symbol`);
    for (const r of rows) {
      if (r.symbol !== null) symbols.add(String(r.symbol));
      if (r.intraday === true) anyIntraday = true;
    }
  }
  return { symbols, intraday: anyIntraday };
}

/** What the sources say without reading their rows: their symbols and the frequency of files that give none. */
interface Guess {
  readonly symbols: Set<string>;
  /** Symbols sampled from long files: each must turn out to have bars. */
  readonly sampled: Set<string>;
  /** The frequency of files of unknown frequency; `minute?`: minute unless no bar has a time of day (checked once written). */
  readonly frequency: Frequency | 'minute?';
}

/**
 * Guesses the symbols and the frequency of the sources without reading them whole: symbols from
 * the file names or sampled from long CSV files (`sampleSymbols`), the frequency from `requested`,
 * the bars held in memory or DATE-typed timestamps. Undefined when a source needs reading first
 * (a parquet file, a CSV file with quotes, unknown frequency beside minute files).
 */
async function guessSources(stage: Stage, requested: Frequency | undefined): Promise<Guess | undefined> {
  const symbols = new Set<string>();
  const sampled = new Set<string>();
  for (const s of stage.sources) {
    if (s.symbols) for (const sym of s.symbols) symbols.add(sym);
    else {
      const found = s.symbolField && await sampleSymbols(s.symbolField);
      if (!found) return undefined;
      for (const sym of found) {
        symbols.add(sym);
        sampled.add(sym);
      }
    }
  }
  const memory = await scanMemory(stage);
  for (const sym of memory.symbols) symbols.add(sym);
  const unknown = stage.sources.filter((s) => s.fileIds.some((id) => stage.files[id]!.frequency === null));
  if (requested || memory.intraday || unknown.length === 0) return { symbols, sampled, frequency: requested ?? (memory.intraday ? 'minute' : 'daily') };
  if (unknown.every((s) => s.dateOnly === true)) return { symbols, sampled, frequency: 'daily' };
  return stage.files.some((f) => f.frequency === 'minute') ? undefined : { symbols, sampled, frequency: 'minute?' };
}

/**
 * `syms(symbol, sid)`: the sids the source gave; symbols it gave none (all of them for file
 * sources; a benchmark file's index) are numbered after them in symbol order.
 */
async function assignSids(stage: Stage, symbols: Iterable<string>): Promise<void> {
  await stage.conn.run('CREATE TEMP TABLE stage_symbols (symbol VARCHAR)');
  const list = [...symbols];
  for (let i = 0; i < list.length; i += 1000) {
    await stage.conn.run(`INSERT INTO stage_symbols VALUES ${list.slice(i, i + 1000).map((s) => `(${sqlString(s)})`).join(', ')}`);
  }
  await stage.conn.run(`CREATE TEMP TABLE syms AS
    WITH given AS (SELECT symbol, sid FROM stage_assets WHERE sid IS NOT NULL),
    rest AS (SELECT DISTINCT symbol FROM stage_symbols WHERE symbol NOT IN (SELECT symbol FROM given))
    SELECT symbol, sid FROM given
    UNION ALL SELECT symbol, ((SELECT coalesce(max(sid) + 1, 0) FROM given) + row_number() OVER (ORDER BY symbol) - 1)::INTEGER FROM rest`);
  await sidExpression(stage);
}

/**
 * Sets `stage.sidOf` (and `sidOfUntrimmed`), the SQL of a row's sid from its `symbol` (NULL for an
 * unknown symbol): a cast to a temporary ENUM of the symbols in sid order, a row-by-row lookup that
 * keeps the order rows are read in (a join with `syms` would not).
 */
async function sidExpression(stage: Stage): Promise<void> {
  const rows = await queryJson(stage.conn, 'SELECT symbol, sid, symbol = trim(symbol) AS trimmed FROM syms ORDER BY sid');
  stage.sidOfUntrimmed = undefined;
  if (rows.length === 0) {
    stage.sidOf = 'NULL::INTEGER';
    return;
  }
  await stage.conn.run(`CREATE OR REPLACE TEMP TYPE ${SYMBOL_ENUM} AS ENUM (${rows.map((r) => sqlString(String(r.symbol))).join(', ')})`);
  const sid = (code: string) => (rows.every((r, i) => Number(r.sid) === i) ? `${code}::INTEGER` : `[${rows.map((r) => Number(r.sid)).join(', ')}][${code}::BIGINT + 1]`);
  stage.sidOf = sid(`enum_code(TRY_CAST(symbol AS ${SYMBOL_ENUM}))`);
  if (rows.every((r) => r.trimmed === true)) {
    // DuckDB's COALESCE evaluates the trim only for the rows the first cast left NULL
    stage.sidOfUntrimmed = sid(`enum_code(coalesce(TRY_CAST(symbol AS ${SYMBOL_ENUM}), TRY_CAST(trim(symbol) AS ${SYMBOL_ENUM})))`);
  }
}

/**
 * Writes the rows of `sources` and of the in-memory files `memoryIds` of one frequency in the
 * order they are read (no sort: DuckDB keeps a file's row order on insert). Input already in
 * (symbol, time) or (time, symbol) order is stored as it is; anything else is sorted by the
 * order check afterwards (see `checkOrderAndDuplicates`).
 */
async function writeFrequency(stage: Stage, frequency: Frequency, sources: readonly RowSource[], memoryIds: readonly number[]): Promise<void> {
  const untrimmed = stage.sidOfUntrimmed !== undefined && sources.some((s) => s.untrimmedSql !== undefined);
  const parts = [...sources.map((s) => (untrimmed ? s.untrimmedSql ?? s.sql : s.sql)), ...(memoryIds.length > 0 ? [memoryRows(memoryIds)] : [])];
  if (parts.length === 0) return;
  const { table, key } = BAR_TABLES[frequency];
  const value = frequency === 'daily' ? `${dayOf(stage.tz, 'b.ts')} AS day` : 'b.ts';
  const from = parts.map((p) => `SELECT file_id, symbol, ts, open, high, low, "close", volume FROM (${p})`).join(' UNION ALL ');
  const result = await readSources(stage, sources, `INSERT INTO ${table} SELECT ${untrimmed ? stage.sidOfUntrimmed : stage.sidOf}, ${value}, b.open, b.high, b.low, b."close", b.volume
    FROM (${from}) b`);
  const staged = memoryIds.length === 0 ? 0 : await queryNumber(stage.conn, `SELECT count(*) FROM (${memoryRows(memoryIds)})`);
  stage.addRows(Number(result.rowsChanged) - staged);
}

/** Keeps the rows of `split` and `dividend` columns in `stage_actions` (files that map neither are not read again). */
async function stageActions(stage: Stage, sources: readonly RowSource[], memoryIds: readonly number[]): Promise<void> {
  const parts = [...sources.filter((s) => s.actions).map((s) => s.sql), ...(memoryIds.length > 0 ? [memoryRows(memoryIds)] : [])];
  for (const p of parts) {
    await stage.conn.run(`INSERT INTO stage_actions SELECT file_id, symbol, ts, dividend, split FROM (${p}) WHERE ${ACTION_ROW}`);
  }
}

/** Files held in memory (in `stage_rows`) not written yet. */
const unwrittenMemoryFiles = (stage: Stage) =>
  stage.files.filter((f) => f.id >= stage.writtenFiles && !stage.sources.some((s) => s.fileIds.includes(f.id)));

/**
 * Writes the bars of every source straight into `daily_bars` and `minute_bars`: frequencies of
 * files that give none inferred (`requested`, else any time of day other than midnight → minute),
 * sids assigned (`extraSymbols`: symbols of files staged later, such as a benchmark file), each
 * source read once and written in reading order: no staging table, no sort. A row without a date or symbol stops the write with
 * its file and line. Ends with the `stage_bars` view (the written bars with their symbols) the
 * checks read. Returns the frequencies written.
 */
export async function writeBars(stage: Stage, requested: Frequency | undefined, extraSymbols: readonly string[]): Promise<void> {
  const guess = await guessSources(stage, requested);
  if (!guess || !await writeGuessed(stage, guess, extraSymbols)) {
    const scan = await scanSources(stage);
    const inferred: Frequency = requested ?? (scan.intraday ? 'minute' : 'daily');
    for (const f of stage.files) if (f.frequency === null) f.frequency = inferred;
    await stage.writeFiles();
    await assignSids(stage, [...scan.symbols, ...extraSymbols]);
    await writeAll(stage);
  }
  if (stage.sources.some((s) => s.csv)) await checkRejects(stage);
  await stageActions(stage, stage.sources, unwrittenMemoryFiles(stage).map((f) => f.id));
  stage.writtenFiles = stage.files.length;
  await createBarsView(stage);
}

/** Writes every source and the bars held in memory into the table of their frequency. */
async function writeAll(stage: Stage): Promise<void> {
  const memory = unwrittenMemoryFiles(stage);
  for (const frequency of ['daily', 'minute'] as const) {
    const sources = stage.sources.filter((s) => stage.files[s.fileIds[0]!]!.frequency === frequency);
    await writeFrequency(stage, frequency, sources, memory.filter((f) => f.frequency === frequency).map((f) => f.id));
  }
}

/**
 * Writes the bars with the guessed symbols and frequency. False — with nothing written — when the
 * guess was wrong: a row's symbol was not among them, a sampled symbol has no bars, or the write
 * failed (the full path then reads the sources and reports any bad row). A `minute?` frequency
 * becomes daily, the bars moved, when no bar has a time of day.
 */
async function writeGuessed(stage: Stage, guess: Guess, extraSymbols: readonly string[]): Promise<boolean> {
  const unknown = stage.files.filter((f) => f.frequency === null);
  for (const f of unknown) f.frequency = guess.frequency === 'minute?' ? 'minute' : guess.frequency;
  await stage.writeFiles();
  await assignSids(stage, [...guess.symbols, ...extraSymbols]);
  const before = stage.rows;
  stage.guessing = true;
  let ok = await writeAll(stage).then(() => true, () => false);
  stage.guessing = false;
  // whether a minute bar has a time of day, when the scan for the sampled symbols' bars tells it
  let anyIntraday: boolean | undefined;
  if (ok && guess.sampled.size > 0) {
    const written = await queryJson(stage.conn, `SELECT sid, bool_or(${intraday(stage.tz)}) AS intraday FROM minute_bars GROUP BY sid
      UNION ALL SELECT DISTINCT sid, false FROM daily_bars`);
    anyIntraday = written.some((r) => r.intraday === true);
    const have = new Set(written.map((r) => Number(r.sid)));
    const sids = await queryJson(stage.conn, `SELECT sid FROM syms WHERE symbol IN (${[...guess.sampled].map(sqlString).join(', ')})`);
    ok = sids.every((r) => have.has(Number(r.sid)));
  }
  if (!ok) {
    for (const f of unknown) f.frequency = null;
    stage.addRows(before - stage.rows);
    await stage.conn.run(`DROP TABLE daily_bars; DROP TABLE minute_bars; ${BARS_DDL.daily_bars} ${BARS_DDL.minute_bars}
      DROP TABLE syms; DROP TABLE stage_symbols; DELETE FROM stage_files`);
    // rows the reader rejected are reported by the full path's read
    await stage.conn.run('DELETE FROM reject_errors; DELETE FROM reject_scans').catch(() => undefined);
    return false;
  }
  if (guess.frequency === 'minute?'
    && !(anyIntraday ?? await queryJson(stage.conn, `SELECT bool_or(${intraday(stage.tz)}) AS b FROM minute_bars`).then((r) => r[0]?.b === true))) {
    await stage.conn.run(`INSERT INTO daily_bars SELECT sid, ${dayOf(stage.tz, 'ts')}, open, high, low, "close", volume FROM minute_bars;
      DROP TABLE minute_bars; ${BARS_DDL.minute_bars}
      UPDATE stage_files SET frequency = 'daily' WHERE file_id IN (${unknown.map((f) => f.id).join(', ')})`);
    for (const f of unknown) f.frequency = 'daily';
  }
  return true;
}

/** `stage_bars`: the written bars with their symbols and frequency (daily `ts`: local midnight), as the checks read them. */
export async function createBarsView(stage: Stage): Promise<void> {
  const zone = sqlString(stage.tz);
  await stage.conn.run(`CREATE TEMP VIEW stage_bars AS
    SELECT 'daily' AS freq, s.symbol, timezone(${zone}, b.day::TIMESTAMP) AS ts, b.open, b.high, b.low, b."close", b.volume
    FROM daily_bars b JOIN syms s USING (sid)
    UNION ALL SELECT 'minute' AS freq, s.symbol, b.ts, b.open, b.high, b.low, b."close", b.volume FROM minute_bars b JOIN syms s USING (sid)`);
}

/**
 * Writes bars held in memory that were staged after `writeBars` (a benchmark file), with their
 * actions. They are appended, so the table is sorted again when the order check finds them out of place.
 */
export async function writeLateBars(stage: Stage): Promise<void> {
  const memory = unwrittenMemoryFiles(stage);
  if (memory.length === 0) return;
  for (const frequency of ['daily', 'minute'] as const) {
    await writeFrequency(stage, frequency, [], memory.filter((f) => f.frequency === frequency).map((f) => f.id));
  }
  await stageActions(stage, [], memory.map((f) => f.id));
  stage.writtenFiles = stage.files.length;
}
