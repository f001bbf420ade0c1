import type { BundleReader } from '../ports/bundle-reader.js';
import type { TradingCalendar } from '../ports/calendar.js';
import { getCalendar } from '../calendar/index.js';

/** The calendar of a bundle: the one it names, or for `data` the sessions present in its bars. */
export async function bundleCalendar(reader: BundleReader): Promise<TradingCalendar> {
  const name = reader.meta.calendar;
  if (name !== 'data') return getCalendar(name);
  return reader.dataSessionDays ? getCalendar('data', { days: await reader.dataSessionDays() }) : getCalendar('data', { sessions: await reader.dataSessions() });
}
