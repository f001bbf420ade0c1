import { getCalendar } from '../../calendar/index.js';
import type { Frequency } from '../../model/bar.js';
import type { TradingCalendar } from '../../ports/calendar.js';
import { queryJson, queryNumber, readNumericColumns, sqlString } from '../duckdb.js';
import { errorAt, locateFirst, rowTime } from './locate.js';
import type { Stage } from './stage.js';

const MAX_REPORTED = 1000;

/**
 * Gives every file a frequency — its own, else `requested`, else inferred from the timestamps
 * (any time of day other than midnight in the ingest zone → minute) — and builds `stage_times`,
 * the distinct (frequency, instant) pairs the calendar check looks at. Returns the frequencies present.
 */
export async function resolveFrequencies(stage: Stage, requested: Frequency | undefined): Promise<Frequency[]> {
  await stage.writeFiles();
  const ids = (f: Frequency) => stage.files.filter((x) => x.frequency === f).map((x) => x.id).join(', ') || 'NULL';
  await stage.conn.run(`CREATE TEMP TABLE stage_times AS SELECT DISTINCT
    CASE WHEN file_id IN (${ids('daily')}) THEN 'daily' WHEN file_id IN (${ids('minute')}) THEN 'minute' END AS freq, ts FROM stage_bars`);
  if (stage.files.some((f) => f.frequency === null)) {
    const intraday = await queryNumber(stage.conn, "SELECT count(*) FROM stage_times WHERE freq IS NULL AND ts <> date_trunc('day', ts)");
    const inferred: Frequency = requested ?? (intraday > 0 ? 'minute' : 'daily');
    await stage.conn.run(`UPDATE stage_files SET frequency = '${inferred}' WHERE frequency IS NULL`);
    await stage.conn.run(`UPDATE stage_times SET freq = '${inferred}' WHERE freq IS NULL`);
  }
  const rows = await queryJson(stage.conn, 'SELECT DISTINCT freq FROM stage_times ORDER BY freq');
  return rows.map((r) => r.freq as Frequency);
}

const PLACEHOLDER = 'volume = 0 AND open = high AND high = low AND low = "close"';
const onDays = (days: readonly string[]) => `strftime(ts, '%Y-%m-%d') IN (${days.map(sqlString).join(', ')})`;
const dailyRows = "stage_bars.file_id IN (SELECT file_id FROM stage_files WHERE frequency = 'daily')";

/** Whether every daily bar on `days` is a placeholder: no trade (volume 0) at one flat price. */
async function onlyPlaceholders(stage: Stage, days: readonly string[]): Promise<boolean> {
  const n = await queryNumber(stage.conn, `SELECT count(*) FROM stage_bars WHERE ${dailyRows} AND ${onDays(days)} AND NOT (${PLACEHOLDER})`);
  return n === 0;
}

/** `--skip-placeholders`: drops placeholder daily bars (see above) on days that are not sessions, said in the summary. */
async function dropPlaceholders(stage: Stage, days: readonly string[], calendar: string): Promise<void> {
  const dropped = Number((await stage.conn.run(`DELETE FROM stage_bars WHERE ${dailyRows} AND ${onDays(days)} AND ${PLACEHOLDER}`)).rowsChanged);
  await stage.conn.run(`DELETE FROM stage_times WHERE freq = 'daily' AND ${onDays(days)}`);
  await stage.conn.run(`INSERT INTO stage_times SELECT DISTINCT 'daily', ts FROM stage_bars WHERE ${dailyRows} AND ${onDays(days)}`);
  if (dropped > 0) stage.note(`${dropped} placeholder bar${dropped === 1 ? '' : 's'} (volume 0, one flat price) on days that are not ${calendar} sessions dropped`);
}

async function distinctDays(stage: Stage, freq: Frequency): Promise<string[]> {
  const rows = await queryJson(stage.conn, `SELECT DISTINCT strftime(ts, '%Y-%m-%d') AS d FROM stage_times WHERE freq = '${freq}' ORDER BY d`);
  return rows.map((r) => String(r.d));
}

async function minuteInstants(stage: Stage): Promise<Float64Array> {
  const where = "FROM stage_times WHERE freq = 'minute'";
  const n = await queryNumber(stage.conn, `SELECT count(*) ${where}`);
  return n === 0 ? new Float64Array(0) : (await readNumericColumns(stage.conn, `SELECT epoch_ms(ts)::DOUBLE ${where}`, n))[0]!;
}

/**
 * Builds the calendar (`data`: sessions = the local dates present) and checks that daily bars
 * fall on its sessions and minute bars inside its session hours. Throws `InputError` at the
 * first offending line otherwise.
 */
export async function checkCalendar(
  stage: Stage, name: string, options: { skipPlaceholders?: boolean; barMinutes?: number } = {},
): Promise<TradingCalendar> {
  const skipPlaceholders = options.skipPlaceholders === true;
  let daily = await distinctDays(stage, 'daily');
  const minutes = await minuteInstants(stage);
  const sessions = name === 'data' ? [...new Set([...daily, ...(await distinctDays(stage, 'minute'))])].sort() : undefined;
  const calendar = getCalendar(name, { sessions, tz: stage.tz });
  let badDays = daily.filter((d) => !calendar.isSession(d));
  if (badDays.length > 0 && skipPlaceholders) {
    await dropPlaceholders(stage, badDays, calendar.name);
    daily = await distinctDays(stage, 'daily');
    badDays = daily.filter((d) => !calendar.isSession(d));
  }
  const badMinutes: number[] = [];
  for (const ms of minutes) if (calendar.sessionOfMinute(ms) < 0) badMinutes.push(ms);
  if (badDays.length === 0 && badMinutes.length === 0) return calendar;

  const inFiles = (f: Frequency) => `file_id IN (SELECT file_id FROM stage_files WHERE frequency = '${f}')`;
  const conditions: string[] = [];
  if (badDays.length > 0) {
    conditions.push(`(${inFiles('daily')} AND strftime(ts, '%Y-%m-%d') IN (${badDays.slice(0, MAX_REPORTED).map(sqlString).join(', ')}))`);
  }
  if (badMinutes.length > 0) {
    conditions.push(`(${inFiles('minute')} AND epoch_ms(ts) IN (${badMinutes.slice(0, MAX_REPORTED).join(', ')}))`);
  }
  const row = await locateFirst(stage, conditions.join(' OR '), inFiles('daily'));
  const dailyFile = row!.extra === true;
  const count = badDays.length + badMinutes.length;
  const others = count > 1 ? `; ${count} ${badMinutes.length === 0 ? 'dates' : 'timestamps'} in all` : '';
  const message = dailyFile
    ? `${row!.symbol} bar on ${rowTime(row!, true)} is not a session of the ${calendar.name} calendar${others}`
    : `${row!.symbol} bar at ${row!.when} ${stage.tz} is outside the ${calendar.name} trading hours${others}`;
  const placeholders = dailyFile && !skipPlaceholders && await onlyPlaceholders(stage, badDays);
  // every stray bar would be inside the session if its time were the bar's end: a bar-end label
  const barEnds = !dailyFile && options.barMinutes !== undefined && badMinutes.every((ms) => calendar.sessionOfMinute(ms - options.barMinutes! * 60_000) >= 0);
  const hint = barEnds
    ? 'a bar at the session close: if the times label bar ends (zipline\'s minute files do), use --bar-label end'
    : name === 'data'
    ? 'check --tz'
    : placeholders
      ? `${badDays.length === 1 ? 'it is a placeholder' : 'they are all placeholders'} (volume 0, open = high = low = close): drop them with --skip-placeholders`
      : `use --calendar data to take the sessions from the data${dailyFile ? '' : `, or --tz if the times are not ${stage.tz}`}`;
  throw errorAt(row!, message, hint);
}
