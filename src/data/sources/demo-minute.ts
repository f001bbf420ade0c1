import { DAY_MS, dayString } from '../../core/time.js';
import type { BarColumns } from '../../model/bar.js';
import type { TradingCalendar } from '../../ports/calendar.js';
import { emptyBarColumns, roundCents, type DailySeries } from './demo-daily.js';
import type { DemoRandom } from './demo-random.js';

/** Minute OHLCV arrays (ts = bar-open instant, epoch ms). */
export type MinuteSeries = BarColumns;

/** How far a minute's high/low reaches beyond its open/close, in units of range/√minutes. */
const WICK = 0.15;
const VOLUME_DISPERSION = 0.3;

/**
 * Draws minute bars for every daily bar on or after `fromDay`, at the calendar's session minutes.
 * Each day is a Brownian bridge from the daily open to the daily close, stretched to touch the
 * daily high and low, so the minutes aggregate exactly to the daily bar: first open = open, last
 * close = close, max high = high, min low = low, volumes sum to the daily volume (U-shaped
 * profile, the rounding remainder in the closing minute).
 */
export function simulateMinutes(daily: DailySeries, cal: TradingCalendar, fromDay: string, rng: DemoRandom): MinuteSeries {
  const fromTs = cal.sessionDays[cal.sessionOnOrAfter(fromDay)]! * DAY_MS;
  let d0 = 0;
  while (d0 < daily.ts.length && daily.ts[d0]! < fromTs) d0++;
  const sessions: number[] = [];
  let total = 0;
  for (let d = d0; d < daily.ts.length; d++) {
    const i = cal.sessionIndex(dayString(daily.ts[d]! / DAY_MS));
    sessions.push(i);
    total += cal.minutesInSession(i);
  }
  const out = emptyBarColumns(total);
  let at = 0;
  for (let d = d0; d < daily.ts.length; d++) {
    const minutes = cal.sessionMinutes(sessions[d - d0]!);
    const bar = {
      open: daily.open[d]!, high: daily.high[d]!, low: daily.low[d]!, close: daily.close[d]!, volume: daily.volume[d]!,
    };
    fillDay(bar, minutes, at, out, rng);
    at += minutes.length;
  }
  return out;
}

interface DayBar {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

function fillDay(bar: DayBar, minutes: Float64Array, at: number, out: MinuteSeries, rng: DemoRandom): void {
  const n = minutes.length;
  const walk = new Float64Array(n + 1);
  for (let k = 1; k <= n; k++) walk[k] = walk[k - 1]! + rng.normal();
  let up = 0;
  let down = 0;
  for (let k = 0; k <= n; k++) {
    walk[k] = walk[k]! - (walk[n]! * k) / n;
    up = Math.max(up, walk[k]!);
    down = Math.min(down, walk[k]!);
  }
  const { open: o, high: h, low: l, close: c } = bar;
  const path = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) {
    const line = o + ((c - o) * k) / n;
    const b = walk[k]!;
    const p = b > 0 ? line + (b / up) * (h - line) : b < 0 ? line + (b / -down) * (line - l) : line;
    path[k] = Math.min(h, Math.max(l, roundCents(p)));
  }
  path[0] = o;
  path[n] = c;

  const wick = (WICK * (h - l)) / Math.sqrt(n);
  let top = at;
  let bottom = at;
  let weightSum = 0;
  const weights = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const mo = path[k]!;
    const mc = path[k + 1]!;
    const hiBody = Math.max(mo, mc);
    const loBody = Math.min(mo, mc);
    const j = at + k;
    out.ts[j] = minutes[k]!;
    out.open[j] = mo;
    out.close[j] = mc;
    out.high[j] = Math.max(hiBody, Math.min(h, roundCents(hiBody + wick * Math.abs(rng.normal()))));
    out.low[j] = Math.min(loBody, Math.max(l, roundCents(loBody - wick * Math.abs(rng.normal()))));
    if (out.high[j]! > out.high[top]!) top = j;
    if (out.low[j]! < out.low[bottom]!) bottom = j;
    const u = (2 * (k + 0.5)) / n - 1;
    weights[k] = (1 + 3 * u * u) * Math.exp(VOLUME_DISPERSION * rng.normal());
    weightSum += weights[k]!;
  }
  out.high[top] = h;
  out.low[bottom] = l;

  let allocated = 0;
  for (let k = 0; k < n; k++) {
    const v = Math.floor((bar.volume * weights[k]!) / weightSum);
    out.volume[at + k] = v;
    allocated += v;
  }
  out.volume[at + n - 1] = out.volume[at + n - 1]! + bar.volume - allocated;
}
