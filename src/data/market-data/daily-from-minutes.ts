import type { BarColumns } from '../../model/bar.js';
import type { TradingCalendar } from '../../ports/calendar.js';
import { DAY_MS } from '../../core/time.js';

/**
 * Daily bars made from minute bars (for minute-only bundles): per session open = first open,
 * high/low = extremes, close = last close, volume = sum; `ts` = the session day (`Bar` convention).
 * Minutes outside every session are ignored.
 */
export function dailyFromMinutes(minutes: ReadonlyMap<number, BarColumns>, calendar: TradingCalendar): Map<number, BarColumns> {
  const out = new Map<number, BarColumns>();
  for (const [sid, m] of minutes) {
    const n = m.ts.length;
    const ts = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n);
    const low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
    let rows = 0, current = -1;
    for (let r = 0; r < n; r++) {
      const s = calendar.sessionOfMinute(m.ts[r]!);
      if (s < 0) continue;
      if (s !== current) {
        current = s;
        ts[rows] = calendar.sessionDays[s]! * DAY_MS;
        open[rows] = m.open[r]!;
        high[rows] = m.high[r]!;
        low[rows] = m.low[r]!;
        volume[rows] = 0;
        rows++;
      }
      const i = rows - 1;
      if (m.high[r]! > high[i]!) high[i] = m.high[r]!;
      if (m.low[r]! < low[i]!) low[i] = m.low[r]!;
      close[i] = m.close[r]!;
      volume[i] = volume[i]! + m.volume[r]!;
    }
    out.set(sid, {
      ts: ts.subarray(0, rows), open: open.subarray(0, rows), high: high.subarray(0, rows),
      low: low.subarray(0, rows), close: close.subarray(0, rows), volume: volume.subarray(0, rows),
    });
  }
  return out;
}
