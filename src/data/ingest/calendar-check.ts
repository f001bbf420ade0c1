import { getCalendar } from '../../calendar/index.js';
import type { Frequency } from '../../model/bar.js';
import type { TradingCalendar } from '../../ports/calendar.js';
import { queryJson, queryNumber, readNumericColumns, sqlString } from '../duckdb.js';
import { errorAt, locateFirst, rowTime } from './locate.js';
import type { Stage } from './stage.js';

const MAX_REPORTED = 1000;

/**
 * Builds `stage_times`, the distinct (frequency, instant) pairs of the written bars the calendar
 * check and the bar-size detection look at (daily: local midnight of each date). Returns the frequencies present.
 */
export async function collectTimes(stage: Stage): Promise<Frequency[]> {
  await stage.conn.run(`CREATE TEMP TABLE stage_times AS
    SELECT 'daily' AS freq, timezone(${sqlString(stage.tz)}, day::TIMESTAMP) AS ts FROM (SELECT DISTINCT day FROM daily_bars)
    UNION ALL SELECT 'minute', ts FROM (SELECT DISTINCT ts FROM minute_bars)`);
  const rows = await queryJson(stage.conn, 'SELECT DISTINCT freq FROM stage_times ORDER BY freq');
  return rows.map((r) => r.freq as Frequency);
}

const PLACEHOLDER = 'volume = 0 AND open = high AND high = low AND low = "close"';
const onDays = (days: readonly string[], column = 'ts') => `strftime(${column}, '%Y-%m-%d') IN (${days.map(sqlString).join(', ')})`;

/** Whether every daily bar on `days` is a placeholder: no trade (volume 0) at one flat price. */
async function onlyPlaceholders(stage: Stage, days: readonly string[]): Promise<boolean> {
  const n = await queryNumber(stage.conn, `SELECT count(*) FROM daily_bars WHERE ${onDays(days, 'day')} AND NOT (${PLACEHOLDER})`);
  return n === 0;
}

/** `--skip-placeholders`: drops placeholder daily bars (see above) on days that are not sessions, said in the summary. */
async function dropPlaceholders(stage: Stage, days: readonly string[], calendar: string): Promise<void> {
  const dropped = Number((await stage.conn.run(`DELETE FROM daily_bars WHERE ${onDays(days, 'day')} AND ${PLACEHOLDER}`)).rowsChanged);
  await stage.conn.run(`DELETE FROM stage_times WHERE freq = 'daily' AND ${onDays(days)}`);
  await stage.conn.run(`INSERT INTO stage_times SELECT DISTINCT 'daily', ts FROM stage_bars WHERE freq = 'daily' AND ${onDays(days)}`);
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

  const inFiles = (f: Frequency) => `freq = '${f}'`;
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
