import { SessionCalendar } from './session-calendar.js';
import { ymd } from './holiday-rules.js';
import { DAY_MS } from '../core/time.js';

let cached: SessionCalendar | undefined;

/**
 * Trading every minute of every day (crypto): each UTC calendar day 1990-01-01 … 2035-12-31 is a
 * session from 00:00 to 24:00 UTC (1440 minutes); its close, the last instant of the day, is
 * 23:59:59.999 (see `TradingCalendar.closes`). Built once, then shared.
 */
export function alwaysOpenCalendar(): SessionCalendar {
  if (cached) return cached;
  const first = ymd(1990, 1, 1), n = ymd(2035, 12, 31) - first + 1;
  const days = new Int32Array(n), opens = new Float64Array(n), closes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    days[i] = first + i;
    opens[i] = (first + i) * DAY_MS;
    closes[i] = opens[i]! + DAY_MS - 1;
  }
  cached = new SessionCalendar({ name: 'ALWAYS_OPEN', tz: 'UTC', days, dayStarts: opens, opens, closes, earlyCloses: new Uint8Array(n) });
  return cached;
}
