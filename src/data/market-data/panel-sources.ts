import type { TradingCalendar } from '../../ports/calendar.js';
import type { BarSink, BundleReader } from '../../ports/bundle-reader.js';
import { dayString } from '../../core/time.js';
import type { PanelSource } from './chunked-panel.js';
import { dailyFromMinutes } from './daily-from-minutes.js';
import { dailyGrid, minuteGrid, type MinuteTimes, type SlotGrid } from './slot-grid.js';

/** Raw minute bars of `sids` for the grid's sessions. */
export function minuteSource(reader: BundleReader, calendar: TradingCalendar, sids: readonly number[], minuteTimes: MinuteTimes): PanelSource {
  const range = (g: SlotGrid) => ({ startMs: calendar.opens[g.firstSession]!, endMs: calendar.closes[g.lastSession]! });
  return {
    grid: (first, last) => minuteGrid(calendar, minuteTimes, first, last),
    bars: (g) => reader.minuteBars(sids, range(g).startMs, range(g).endMs),
    ...(reader.scanBars ? { scan: (g: SlotGrid, sink: BarSink) => reader.scanBars!('minute', sids, range(g), sink) } : {}),
  };
}

/**
 * Raw daily bars of `sids` for the grid's sessions: the bundle's daily bars, or — when it has
 * none (`fromMinutes`) — daily bars made from its minute bars.
 */
export function dailySource(reader: BundleReader, calendar: TradingCalendar, sids: readonly number[], fromMinutes: boolean): PanelSource {
  const days = calendar.sessionDays;
  const range = (g: SlotGrid) => ({ startDay: dayString(days[g.firstSession]!), endDay: dayString(days[g.lastSession]!) });
  return {
    ...(reader.scanBars && !fromMinutes ? { scan: (g: SlotGrid, sink: BarSink) => reader.scanBars!('daily', sids, range(g), sink) } : {}),
    grid: (first, last) => dailyGrid(calendar, first, last),
    bars: async (g) => {
      if (!fromMinutes) {
        const days = calendar.sessionDays;
        return reader.dailyBars(sids, dayString(days[g.firstSession]!), dayString(days[g.lastSession]!));
      }
      const minutes = await reader.minuteBars(sids, calendar.opens[g.firstSession]!, calendar.closes[g.lastSession]!);
      return dailyFromMinutes(minutes, calendar);
    },
  };
}
