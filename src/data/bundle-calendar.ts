import type { BundleReader } from '../ports/bundle-reader.js';
import type { TradingCalendar } from '../ports/calendar.js';
import { dataCalendar, dataCalendarOfDays } from '../calendar/data-calendar.js';

/**
 * The calendar of a bundle: the one it names, or for `data` the sessions present in its bars
 * (the named calendars' modules load only for a bundle that names one).
 */
export async function bundleCalendar(reader: BundleReader): Promise<TradingCalendar> {
  const name = reader.meta.calendar;
  if (name !== 'data') return (await import('../calendar/index.js')).getCalendar(name);
  return reader.dataSessionDays ? dataCalendarOfDays(await reader.dataSessionDays()) : dataCalendar(await reader.dataSessions());
}
