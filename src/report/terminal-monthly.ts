import Table from 'cli-table3';
import { MONTH_NAMES, type YearReturns } from './monthly-returns.js';
import { paint, visibleLength } from './terminal-style.js';

const percent = (x: number | null): string => (x === null || Number.isNaN(x) ? '' : (x * 100).toFixed(1));
const tone = (x: number | null) => (x === null ? undefined : x > 0 ? 'positive' : x < 0 ? 'negative' : undefined);

/** Only a rule under the header: a light, column-aligned grid. */
const CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '─', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
};

function table(years: readonly YearReturns[], months: readonly number[], withTotal: boolean, color: boolean): string[] {
  const values = (y: YearReturns) => [...months.map((m) => y.months[m]!), ...(withTotal ? [y.total] : [])];
  const cellWidth = Math.max(4, ...years.flatMap((y) => values(y).map((x) => percent(x).length))) + 1;
  const head = ['', ...months.map((m) => MONTH_NAMES[m]!), ...(withTotal ? ['Year'] : [])];
  const t = new Table({
    head,
    chars: CHARS,
    colWidths: [5, ...head.slice(1).map(() => cellWidth)],
    colAligns: head.map((_, i) => (i === 0 ? 'left' : 'right')),
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 },
  });
  for (const y of years) t.push([String(y.year), ...values(y).map((x) => paint(percent(x), tone(x), color))]);
  return t.toString().split('\n').map((l) => l.trimEnd());
}

/**
 * Monthly returns in percent, one row per year with the year's compounded total; when twelve
 * months do not fit in `width` the table is split into January–June and July–December.
 */
export function monthlyTable(years: readonly YearReturns[], width: number, color: boolean): string[] {
  if (years.length === 0) return [];
  const all = Array.from({ length: 12 }, (_, i) => i);
  const full = table(years, all, true, color);
  if (Math.max(...full.map(visibleLength)) <= width) return full;
  return [...table(years, all.slice(0, 6), false, color), '', ...table(years, all.slice(6), true, color)];
}
