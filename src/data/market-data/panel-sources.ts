import type { TradingCalendar } from '../../ports/calendar.js';
import type { BundleReader } from '../../ports/bundle-reader.js';
import { dayString } from '../../core/time.js';
import type { PanelSource } from './chunked-panel.js';
import { dailyFromMinutes } from './daily-from-minutes.js';
import { dailyGrid, minuteGrid, type MinuteTimes } from './slot-grid.js';

/** Raw minute bars of `sids` for the grid's sessions. */
export function minuteSource(reader: BundleReader, calendar: TradingCalendar, sids: readonly number[], minuteTimes: MinuteTimes): PanelSource {
  return {
    grid: (first, last) => minuteGrid(minuteTimes, first, last),
    bars: (g) => reader.minuteBars(sids, calendar.opens[g.firstSession]!, calendar.closes[g.lastSession]!),
  };
}

/**
 * Raw daily bars of `sids` for the grid's sessions: the bundle's daily bars, or — when it has
 * none (`fromMinutes`) — daily bars made from its minute bars.
 */
export function dailySource(reader: BundleReader, calendar: TradingCalendar, sids: readonly number[], fromMinutes: boolean): PanelSource {
  return {
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
