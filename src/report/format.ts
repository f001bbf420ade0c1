/** Shown for a figure that is not defined (NaN), e.g. a win rate without round trips. */
export const NOT_AVAILABLE = 'n/a';

/** A thousands-grouped formatter with `digits` decimals, built on first use (building one is slow). */
function grouped(digits: number): (x: number) => string {
  let format: Intl.NumberFormat | undefined;
  return (x) => (format ??= new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })).format(x);
}
const MONEY = grouped(2);
const INTEGER = grouped(0);

function finite(x: number, f: (x: number) => string): string {
  if (Number.isNaN(x)) return NOT_AVAILABLE;
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return f(x);
}

/** A fraction as a percentage: 0.1234 → `12.34%`. */
export const pct = (x: number, digits = 2): string => finite(x, (v) => `${(v * 100).toFixed(digits)}%`);
/** A ratio with two decimals: `1.23`. */
export const ratio = (x: number): string => finite(x, (v) => v.toFixed(2));
/** An amount of money with thousands separators: `12,345.67`. */
export const money = (x: number): string => finite(x, MONEY);
/** A count with thousands separators: `1,234`. */
export const count = (x: number): string => finite(x, INTEGER);
/** A duration in days with one decimal: `12.5 days`. */
export const days = (x: number): string => finite(x, (v) => `${v.toFixed(1)} days`);
