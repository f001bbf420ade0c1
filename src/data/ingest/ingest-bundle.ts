import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { getCalendar } from '../../calendar/index.js';
import { InputError } from '../../core/errors.js';
import type { Frequency } from '../../model/bar.js';
import { BUNDLE_DDL } from '../bundle-schema.js';
import { openDatabase, type Database } from '../duckdb.js';
import { checkBundleName, nextVersionFileName } from '../registry.js';
import { noteUnmatchedActions, stageBenchmarkFile, stageDividendsFile, stageSplitsFile, type SideTables } from '../sources/side-tables.js';
import type { IngestSource } from '../sources/source.js';
import { barMinutes, detectBarSizes, relabelBarEnds, type BarSizes } from './bar-size.js';
import { checkCalendar, collectTimes } from './calendar-check.js';
import { checkSplitPrices, checkVolume, summariseSids } from './data-checks.js';
import { checkRows } from './row-rules.js';
import { removeOnSignal, removeStaleTemps, removeTemp, tempFileName } from './temp-files.js';
import { STAGE_DDL, Stage, type IngestProgress } from './stage.js';
import { writeBars, writeLateBars } from './write-bars.js';
import { writeBundle, type WrittenCounts } from './write-bundle.js';

/**
 * DuckDB's memory limit while ingesting: the sort of bars stored in no usable order (see
 * `checkOrderAndDuplicates`) spills to the temp file's folder beyond it. Measured on a 10M-row
 * minute CSV: `ziplime ingest` peaks at about 450 MB when the file is in (time, symbol) order
 * (no sort), about 800 MB when it has to be sorted.
 */
const INGEST_MEMORY_LIMIT = '512MB';

/** What to ingest, from where, on which calendar. */
export interface IngestRequest {
  bundlesDir: string;
  name: string;
  source: IngestSource;
  /** `XNYS`, `ALWAYS_OPEN` or `data`. */
  calendar: string;
  /** Zone of naive timestamps (default: the calendar's; UTC for `data`). */
  tz?: string;
  /** Frequency of files whose source does not fix it (default: inferred). */
  frequency?: Frequency;
  progress?: IngestProgress;
  /** DuckDB memory limit while ingesting (default 512MB, so the process stays well under 1 GB; larger inputs spill to disk). */
  memoryLimit?: string;
  /** Ingest warnings are errors. */
  strict?: boolean;
  /** What a minute bar's time labels: its start (default) or its end (zipline's minute files). */
  barLabel?: 'start' | 'end';
  /** Drop zero-volume flat bars on days that are not sessions (filler rows on holidays). */
  skipPlaceholders?: boolean;
  /** Splits, dividends and a benchmark from files beside the bars. */
  sideTables?: SideTables;
}

/** A written bundle version. */
export interface IngestResult extends WrittenCounts {
  name: string;
  path: string;
  source: string;
  calendar: string;
  tz: string;
  frequencies: Frequency[];
  stagedRows: number;
  /** Bar size per frequency (`1d`, `1w`, `1mo`, `5m`, `1h`, … or `irregular`). */
  barSizes: BarSizes;
  /** What the ingest did that the user should know. */
  notes: string[];
  /** Doubts about the data (the bundle was still written). */
  warnings: string[];
}

/** Stages the side tables; returns the benchmark file's symbol, if one was given. */
async function loadSideTables(stage: Stage, side: SideTables, dataCalendar: boolean): Promise<string | undefined> {
  if (side.splits) await stageSplitsFile(stage, side.splits);
  if (side.dividends) await stageDividendsFile(stage, side.dividends);
  if (side.splits || side.dividends) await noteUnmatchedActions(stage);
  return side.benchmark && stage.rows > 0 ? stageBenchmarkFile(stage, side.benchmark, dataCalendar) : undefined;
}

/** Lists in the summary the files of a source folder (and its sub-folders) that nothing read. */
async function noteUnreadFiles(stage: Stage, folder: string, side: SideTables): Promise<void> {
  const read = new Set([...stage.files.map((f) => path.resolve(f.path)), ...Object.values(side).map((f) => path.resolve(f))]);
  const unread: string[] = [];
  for (const e of await readdir(folder, { withFileTypes: true, recursive: true })) {
    const full = path.resolve(e.parentPath, e.name);
    const rel = path.relative(folder, full);
    if (e.isFile() && !rel.split(path.sep).some((p) => p.startsWith('.')) && rel.split(path.sep).length <= 2 && !read.has(full)) unread.push(rel);
  }
  if (unread.length === 0) return;
  unread.sort();
  const shown = unread.length > 10 ? `${unread.slice(0, 10).join(', ')} and ${unread.length - 10} more` : unread.join(', ');
  stage.note(`not read in ${folder}: ${shown}`);
}

/**
 * Builds a new version of bundle `name` in a temp file in the bundle folder: the source registers
 * its files (or stages bars held in memory), the bars are read once straight into the bundle
 * tables, every rule is checked on them, the other tables are written, and only then is the
 * file renamed into place. On any failure the temp file is removed and existing versions are untouched.
 */
export async function ingestBundle(req: IngestRequest): Promise<IngestResult> {
  checkBundleName(req.name);
  // resolved even when `tz` is given, so an unknown calendar fails before the source loads
  const calendarTz = req.calendar === 'data' ? 'UTC' : getCalendar(req.calendar).tz;
  const tz = req.tz ?? calendarTz;
  const dir = path.join(req.bundlesDir, req.name);
  const newBundle = !existsSync(dir);
  await mkdir(dir, { recursive: true });
  await removeStaleTemps(dir);
  const finalName = await nextVersionFileName(dir);
  const temp = path.join(dir, tempFileName(finalName));
  const disposeSignals = removeOnSignal(temp, dir, newBundle);
  const progress = req.progress ?? {};
  let db: Database | undefined;
  try {
    db = await openDatabase(temp, { timeZone: tz, config: { memory_limit: req.memoryLimit ?? INGEST_MEMORY_LIMIT } });
    await db.conn.run(BUNDLE_DDL);
    await db.conn.run(STAGE_DDL);
    const stage = new Stage(db.conn, tz, progress, req.strict === true);
    await req.source.load(stage);
    const side = req.sideTables ?? {};
    await writeBars(stage, req.frequency, side.benchmark ? [path.basename(side.benchmark, path.extname(side.benchmark))] : []);
    const benchmark = await loadSideTables(stage, side, req.calendar === 'data') ?? req.source.benchmark;
    await writeLateBars(stage);
    if (req.source.folder) await noteUnreadFiles(stage, req.source.folder, req.sideTables ?? {});
    if (stage.rows === 0) {
      throw new InputError('no rows', { file: stage.files.map((f) => f.path).join(', ') || req.source.description }, 'the files hold a header only');
    }
    progress.phase?.('validate');
    await checkRows(stage);
    const frequencies = await collectTimes(stage);
    const barSizes = await detectBarSizes(stage, frequencies);
    if (req.barLabel === 'end') await relabelBarEnds(stage, barSizes);
    const calendar = await checkCalendar(stage, req.calendar, {
      skipPlaceholders: req.skipPlaceholders === true, barMinutes: req.barLabel === 'end' ? undefined : barMinutes(barSizes.minute ?? '1m'),
    });
    await checkSplitPrices(stage);
    await summariseSids(stage);
    const volumeUnknown = await checkVolume(stage);
    progress.phase?.('write');
    const counts = await writeBundle(stage, calendar, {
      name: req.name, source: req.source.description, calendar: calendar.name, frequencies,
      benchmark, createdAt: new Date().toISOString(), volumeUnknown, barSizes,
    });
    await db.conn.run('CHECKPOINT');
    db.close();
    db = undefined;
    const finalPath = path.join(dir, finalName);
    await rename(temp, finalPath);
    await removeTemp(temp);
    return {
      ...counts, name: req.name, path: finalPath, source: req.source.description, calendar: calendar.name, tz,
      frequencies, barSizes, stagedRows: stage.rows, notes: stage.notes, warnings: stage.warnings,
    };
  } catch (err) {
    db?.close();
    await removeTemp(temp);
    if (newBundle) await rmdir(dir).catch(() => undefined);
    throw err;
  } finally {
    disposeSignals();
  }
}
