import { cumulativeReturn } from '../metrics/index.js';
import type { DailyRow } from '../model/results.js';

/** Short month names, January first. */
export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Compounded returns of one calendar year: `months[0]` is January; null for months without sessions. */
export interface YearReturns {
  year: number;
  months: (number | null)[];
  /** Compounded return of the sessions of the year. */
  total: number;
}

/** Daily returns compounded per calendar month and year (empyrical's `aggregate_returns`). */
export function monthlyReturns(daily: readonly Pick<DailyRow, 'date' | 'returns'>[]): YearReturns[] {
  const byYear = new Map<number, number[][]>();
  for (const row of daily) {
    const year = Number(row.date.slice(0, 4)), month = Number(row.date.slice(5, 7)) - 1;
    let months = byYear.get(year);
    if (!months) byYear.set(year, (months = Array.from({ length: 12 }, () => [])));
    months[month]!.push(row.returns);
  }
  return [...byYear.entries()].map(([year, months]) => ({
    year,
    months: months.map((rs) => (rs.length === 0 ? null : cumulativeReturn(rs))),
    total: cumulativeReturn(months.flat()),
  }));
}
