import { SessionCalendar } from './session-calendar.js';
import { dailyUtcOffsets } from './zone-offsets.js';
import { UsageError } from '../core/errors.js';
import { DAY_MS, dayNumber } from '../core/time.js';

function checkZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new UsageError(`unknown time zone '${tz}'; use an IANA name such as UTC or America/New_York`);
  }
}

/**
 * A calendar whose sessions are exactly the given dates (the days present in a bundle's data),
 * each open from 00:00 to 24:00 local time in `tz`, so every timestamp of that date falls inside.
 */
export function dataCalendar(sessions: readonly string[], tz = 'UTC'): SessionCalendar {
  checkZone(tz);
  const unique = new Set<number>();
  for (const s of sessions) {
    const d = dayNumber(s);
    if (Number.isNaN(d)) throw new UsageError(`invalid session date '${s}' for the data calendar; expected YYYY-MM-DD`);
    unique.add(d);
  }
  const days = Int32Array.from(unique).sort();
  const n = days.length;
  const opens = new Float64Array(n), closes = new Float64Array(n);
  if (n > 0) {
    const first = days[0]!;
    const offsets = dailyUtcOffsets(tz, first, days[n - 1]! + 1, 0);
    for (let i = 0; i < n; i++) {
      const d = days[i]!;
      opens[i] = d * DAY_MS - offsets[d - first]!;
      closes[i] = (d + 1) * DAY_MS - offsets[d + 1 - first]!;
    }
  }
  return new SessionCalendar({ name: 'data', tz, days, opens, closes, earlyCloses: new Uint8Array(n) });
}
