import type { TransactionRow } from '../../model/results.js';
import { money, pct, ratio } from '../format.js';
import { MONTH_NAMES, type YearReturns } from '../monthly-returns.js';
import type { RoundTrip } from '../round-trips.js';
import type { SummarySection, Tone } from '../summary-sections.js';
import { escapeHtml } from './assets.js';

/** At most this many rows of a trades table are written into the page. */
export const MAX_TABLE_ROWS = 1000;

const toneClass = (tone: Tone): string => (tone === 'positive' ? 'pos' : tone === 'negative' ? 'neg' : tone === 'warning' ? 'warn' : '');
/** The CSS class of a signed figure: `pos`, `neg` or none for zero. */
export const signedClass = (x: number): string => (x > 0 ? 'pos' : x < 0 ? 'neg' : '');

/** The four summary sections as side-by-side tables. */
export function sectionsHtml(sections: readonly SummarySection[]): string {
  return `<div class="sections">${sections.map((s) => `<table class="tbl"><thead><tr><th colspan="2">${escapeHtml(s.title)}</th></tr></thead><tbody>${
    s.rows.map((r) => `<tr><td>${escapeHtml(r.label)}</td><td class="${toneClass(r.tone)}">${escapeHtml(r.value)}</td></tr>`).join('')
  }</tbody></table>`).join('')}</div>`;
}

/** Background of a heatmap cell: green for gains, red for losses, stronger with size. */
/** Background colour of a heatmap cell: green for gains, red for losses, stronger towards `scale`. */
export function heat(x: number | null, scale: number): string {
  if (x === null || !Number.isFinite(x) || scale === 0) return '';
  const alpha = (0.12 + 0.68 * Math.min(1, Math.abs(x) / scale)).toFixed(3);
  return x >= 0 ? `background: rgba(22, 163, 74, ${alpha})` : `background: rgba(220, 38, 38, ${alpha})`;
}

/** Monthly returns as a coloured table, one row per year with the year's total. */
export function heatmapHtml(years: readonly YearReturns[]): string {
  if (years.length === 0) return '<p class="empty">No sessions.</p>';
  const scale = Math.max(0, ...years.flatMap((y) => y.months.filter((m): m is number => m !== null && Number.isFinite(m)).map(Math.abs)));
  const yearScale = Math.max(0, ...years.map((y) => Math.abs(y.total)).filter(Number.isFinite));
  const cell = (x: number | null, s: number, cls = '') => `<td class="${cls}" style="${heat(x, s)}">${x === null ? '' : escapeHtml(pct(x, 1))}</td>`;
  const head = `<tr><th></th>${MONTH_NAMES.map((m) => `<th>${m}</th>`).join('')}<th>Year</th></tr>`;
  const rows = years.map((y) => `<tr><td class="year">${y.year}</td>${y.months.map((m) => cell(m, scale)).join('')}${cell(y.total, yearScale, 'total')}</tr>`);
  return `<table class="tbl heatmap"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function scrollTable(head: string[], rows: string[], total: number, noun: string): string {
  if (total === 0) return `<p class="empty">No ${noun}.</p>`;
  const note = total > rows.length ? `<p class="empty">Showing the first ${rows.length} of ${total} ${noun}.</p>` : '';
  return `${note}<div class="scroll"><table class="tbl"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

const shares = (x: number) => escapeHtml(Number.isInteger(x) ? String(x) : x.toFixed(4));

/** The fills of the run (the first {@link MAX_TABLE_ROWS}). */
export function transactionsHtml(transactions: readonly TransactionRow[]): string {
  const rows = transactions.slice(0, MAX_TABLE_ROWS).map((t) => `<tr><td>${escapeHtml(t.dt.replace('T', ' ').replace(/\.000Z$/, 'Z'))}</td><td>${escapeHtml(t.symbol)}</td><td class="${t.amount > 0 ? 'pos' : 'neg'}">${t.amount > 0 ? 'buy' : 'sell'}</td><td>${shares(t.amount)}</td><td>${money(t.price)}</td><td>${money(Math.abs(t.amount * t.price))}</td><td>${money(t.commission)}</td><td>${escapeHtml(t.orderId)}</td></tr>`);
  return scrollTable(['Time', 'Symbol', 'Side', 'Shares', 'Price', 'Value', 'Commission', 'Order'], rows, transactions.length, 'transactions');
}

/** Closed round trips (the first {@link MAX_TABLE_ROWS}). */
export function roundTripsHtml(trips: readonly RoundTrip[]): string {
  const rows = trips.slice(0, MAX_TABLE_ROWS).map((t) => `<tr><td>${escapeHtml(t.symbol)}</td><td>${t.direction}</td><td>${escapeHtml(t.entryDt.slice(0, 10))}</td><td>${escapeHtml(t.exitDt.slice(0, 10))}</td><td>${shares(t.amount)}</td><td>${money(t.entryPrice)}</td><td>${money(t.exitPrice)}</td><td class="${signedClass(t.pnl)}">${money(t.pnl)}</td><td class="${signedClass(t.returnPct)}">${pct(t.returnPct)}</td><td>${Number.isNaN(t.holdingSessions) ? 'n/a' : t.holdingSessions}</td></tr>`);
  return scrollTable(['Symbol', 'Side', 'Entry', 'Exit', 'Shares', 'Entry price', 'Exit price', 'P&amp;L', 'Return', 'Sessions'], rows, trips.length, 'closed round trips');
}
