import { DAY_MS, MINUTE_MS, tzOffsetMs } from '../core/time.js';

/** Offset in force at wall-clock time `minutes` after local midnight of `day`, starting from a guess. */
function offsetOnDay(tz: string, day: number, minutes: number, guess: number): number {
  const wall = day * DAY_MS + minutes * MINUTE_MS;
  const first = tzOffsetMs(tz, wall - guess);
  return first === guess ? first : tzOffsetMs(tz, wall - first);
}

/** Days between offset samples; no time zone changes its offset twice within this span. */
const SAMPLE_DAYS = 14;

/**
 * UTC offset (ms, local − UTC) of wall-clock time `minutes` after local midnight on every day
 * from `firstDay` to `lastDay` inclusive (index 0 = `firstDay`). Offsets are sampled every two
 * weeks and a change inside a span is located by bisection, so a 46-year range costs under two
 * thousand cheap zone look-ups.
 */
export function dailyUtcOffsets(tz: string, firstDay: number, lastDay: number, minutes: number): Float64Array {
  const n = lastDay - firstDay + 1;
  const out = new Float64Array(Math.max(n, 0));
  if (tz === 'UTC' || n <= 0) return out;
  const at = (k: number, guess: number) => offsetOnDay(tz, firstDay + k, minutes, guess);
  let prev = at(0, tzOffsetMs(tz, firstDay * DAY_MS));
  out[0] = prev;
  for (let start = 0; start < n - 1; start += SAMPLE_DAYS) {
    const end = Math.min(start + SAMPLE_DAYS, n - 1);
    const next = at(end, prev);
    let lo = start, hi = end; // out[lo] is `prev`, out[hi] is `next`
    while (next !== prev && hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (at(mid, prev) === prev) lo = mid;
      else hi = mid;
    }
    if (next === prev) hi = start + 1;
    out.fill(prev, start + 1, hi);
    out.fill(next, hi, end + 1);
    prev = next;
  }
  return out;
}
