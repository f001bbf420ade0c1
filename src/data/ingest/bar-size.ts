import type { Frequency } from '../../model/bar.js';
import { queryJson } from '../duckdb.js';
import { isUtcZone, type Stage } from './stage.js';

/** The bar sizes found in the data, e.g. `{ daily: '1w', minute: '5m' }` (`irregular` when no size fits). */
export type BarSizes = Partial<Record<Frequency, string>>;

/** `1d`, `1w`, `1mo`, `3mo` from the median gap in days between distinct bar dates. */
export function dailyBarSize(medianGapDays: number | null): string {
  if (medianGapDays === null || medianGapDays <= 4) return '1d';
  if (medianGapDays <= 10) return '1w';
  if (medianGapDays >= 25 && medianGapDays <= 35) return '1mo';
  if (medianGapDays >= 80 && medianGapDays <= 100) return '3mo';
  return 'irregular';
}

/** `1m`, `5m`, `1h`, `4h` … from the most common gap in minutes between distinct bar instants. */
export function minuteBarSize(modeGapMinutes: number | null): string {
  const m = modeGapMinutes ?? 1;
  return m % 60 === 0 ? `${m / 60}h` : `${m}m`;
}

/** Minutes in a minute bar size (`5m` → 5, `1h` → 60). */
export function barMinutes(size: string): number {
  const m = /^(\d+)(m|h)$/.exec(size);
  return m ? Number(m[1]) * (m[2] === 'h' ? 60 : 1) : 1;
}

/** Bars per year of a daily bar size, for annualising daily-run metrics; NaN when irregular. */
export function periodsPerYear(size: string | undefined): number {
  return { '1d': 252, '1w': 52, '1mo': 12, '3mo': 4 }[size ?? '1d'] ?? Number.NaN;
}

/** Detects the bar size of each frequency present, from `stage_times` (distinct instants). */
export async function detectBarSizes(stage: Stage, frequencies: readonly Frequency[]): Promise<BarSizes> {
  const sizes: BarSizes = {};
  // in UTC, minutes between instants from the epoch (the zone-aware date_diff costs 5× more on a year of minutes)
  const diff = (unit: string) => (unit === 'minute' && isUtcZone(stage.tz)
    ? 'epoch_ms(ts) // 60000 - epoch_ms(lag(ts) OVER (ORDER BY ts)) // 60000'
    : `date_diff('${unit}', lag(ts) OVER (ORDER BY ts), ts)`);
  const gaps = (freq: Frequency, unit: string) => `SELECT ${diff(unit)} AS gap FROM stage_times WHERE freq = '${freq}'`;
  if (frequencies.includes('daily')) {
    const [r] = await queryJson(stage.conn, `SELECT median(gap)::DOUBLE AS g FROM (${gaps('daily', 'day')}) WHERE gap > 0`);
    sizes.daily = dailyBarSize(r?.g === null || r?.g === undefined ? null : Number(r.g));
  }
  if (frequencies.includes('minute')) {
    const [r] = await queryJson(stage.conn, `SELECT mode(gap) AS g FROM (${gaps('minute', 'minute')}) WHERE gap > 0`);
    sizes.minute = minuteBarSize(r?.g === null || r?.g === undefined ? null : Number(r.g));
  }
  if (sizes.daily && sizes.daily !== '1d') stage.note(`bar size: ${sizes.daily} (metrics of daily runs are annualised with ${periodsPerYear(sizes.daily) || 'no'} periods a year)`);
  if (sizes.minute && sizes.minute !== '1m') stage.note(`bar size: ${sizes.minute} (stored as minute bars)`);
  return sizes;
}

/**
 * `--bar-label end`: minute bars labelled by their end (zipline's 09:31 … 16:00) are moved back
 * by one bar to their start, ziplime's convention.
 */
export async function relabelBarEnds(stage: Stage, sizes: BarSizes): Promise<void> {
  if (!sizes.minute) return;
  const minutes = barMinutes(sizes.minute);
  await stage.conn.run(`UPDATE minute_bars SET ts = ts - INTERVAL ${minutes} MINUTE`);
  await stage.conn.run(`UPDATE stage_times SET ts = ts - INTERVAL ${minutes} MINUTE WHERE freq = 'minute'`);
  stage.note(`minute bars labelled by their end: moved back ${minutes} minute${minutes === 1 ? '' : 's'} to their start`);
}
