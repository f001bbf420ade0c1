import { DAY_MS, dayString } from '../../core/time.js';
import type { BarColumns } from '../../model/bar.js';
import type { BundleReader } from '../../ports/bundle-reader.js';
import type { TradingCalendar } from '../../ports/calendar.js';
import type { PanelSource } from './chunked-panel.js';
import { dailyFromMinutes } from './daily-from-minutes.js';
import { dailyGrid, minuteGrid } from './slot-grid.js';
import { mergeColumns, type MinuteBarStore } from './minute-bar-store.js';

/** Where live history comes from: the bundle (strictly before `cutoffSession`) and the store of REST and live bars. */
export interface LiveHistory {
  readonly calendar: TradingCalendar;
  /** History bundle, or null to take everything from the store. */
  readonly reader: BundleReader | null;
  /** Whether the bundle holds daily bars (otherwise daily bars are made from its minutes). */
  readonly bundleHasDaily: boolean;
  /** First session the bundle may NOT be used for (today, or the first session after its data). */
  readonly cutoffSession: number;
  readonly store: MinuteBarStore;
  /** Daily bars of sessions whose minute bars were dropped from `store` (`ts` = the session day). */
  readonly days: MinuteBarStore;
}

function mergeMaps(base: ReadonlyMap<number, BarColumns>, over: ReadonlyMap<number, BarColumns>): Map<number, BarColumns> {
  const out = new Map(base);
  for (const [sid, cols] of over) out.set(sid, mergeColumns(out.get(sid), cols)!);
  return out;
}

/** Minute bars of `sids`: the bundle's before the cutoff, then the store's (which win on the same minute). */
export function liveMinuteSource(h: LiveHistory, sids: readonly number[]): PanelSource {
  const { calendar } = h;
  return {
    grid: (first, last) => minuteGrid(calendar, (i) => calendar.sessionMinutes(i), first, last),
    bars: async (g) => {
      const start = calendar.opens[g.firstSession]!, end = calendar.closes[g.lastSession]!;
      const bundleEnd = Math.min(end, h.cutoffSession < calendar.opens.length ? calendar.opens[h.cutoffSession]! : end);
      const fromBundle = h.reader && bundleEnd > start ? await h.reader.minuteBars(sids, start, bundleEnd) : new Map<number, BarColumns>();
      return mergeMaps(fromBundle, h.store.columns(sids, start, end));
    },
  };
}

/**
 * Daily bars of `sids`: the bundle's for sessions before the cutoff, then days made from the
 * store's minute bars. `visibleAt(i)` is when session `i`'s bar becomes visible (default its close).
 */
export function liveDailySource(h: LiveHistory, sids: readonly number[], visibleAt?: (sessionIndex: number) => number): PanelSource {
  const { calendar } = h;
  return {
    grid: (first, last) => {
      const g = dailyGrid(calendar, first, last);
      if (visibleAt) for (let s = first; s <= last; s++) g.slotDone[s - first] = visibleAt(s);
      return g;
    },
    bars: async (g) => {
      const bundleLast = Math.min(g.lastSession, h.cutoffSession - 1);
      let fromBundle: ReadonlyMap<number, BarColumns> = new Map();
      if (h.reader && bundleLast >= g.firstSession) {
        const days = calendar.sessionDays;
        fromBundle = h.bundleHasDaily
          ? await h.reader.dailyBars(sids, dayString(days[g.firstSession]!), dayString(days[bundleLast]!))
          : dailyFromMinutes(await h.reader.minuteBars(sids, calendar.opens[g.firstSession]!, calendar.closes[bundleLast]!), calendar);
      }
      const storeFrom = Math.max(g.firstSession, h.cutoffSession);
      if (storeFrom > g.lastSession) return fromBundle;
      const days = calendar.sessionDays;
      const kept = h.days.columns(sids, days[storeFrom]! * DAY_MS, days[g.lastSession]! * DAY_MS + 1);
      const minutes = h.store.columns(sids, calendar.opens[storeFrom]!, calendar.closes[g.lastSession]!);
      return mergeMaps(mergeMaps(fromBundle, kept), dailyFromMinutes(minutes, calendar));
    },
  };
}
