/** Shown for a figure that is not defined (NaN), e.g. a win rate without round trips. */
export const NOT_AVAILABLE = 'n/a';

/** A thousands-grouped formatter with `digits` decimals, built on first use (building one is slow). */
function grouped(digits: number): (x: number) => string {
  let format: Intl.NumberFormat | undefined;
  return (x) => (format ??= new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })).format(x);
}
const MONEY = grouped(2);
const INTEGER = grouped(0);

/** `f(x)`, `n/a` for NaN, `inf`/`-inf`; a figure that rounds to zero never shows a minus sign (`-0.00%`). */
function finite(x: number, f: (x: number) => string): string {
  if (Number.isNaN(x)) return NOT_AVAILABLE;
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const text = f(x);
  return text.startsWith('-') && !/[1-9]/.test(text) ? text.slice(1) : text;
}

/** A fraction as a percentage: 0.1234 → `12.34%`. */
export const pct = (x: number, digits = 2): string => finite(x, (v) => `${(v * 100).toFixed(digits)}%`);
/** A ratio with two decimals: `1.23`. */
export const ratio = (x: number): string => finite(x, (v) => v.toFixed(2));
/** An amount of money with thousands separators: `12,345.67`. */
export const money = (x: number): string => finite(x, MONEY);
/** A count with thousands separators: `1,234`. */
export const count = (x: number): string => finite(x, INTEGER);
/** `n noun` with the noun in the plural unless n is 1: `1 session`, `3 sessions`, `1,234 sessions`. */
export const plural = (n: number, noun: string): string => `${count(n)} ${n === 1 ? noun : `${noun}s`}`;
/** A number of sessions, whole or with one decimal (an average): `1 session`, `12.5 sessions`. */
export const sessions = (x: number): string =>
  finite(x, (v) => (Number.isInteger(v) ? plural(v, 'session') : `${v.toFixed(1)} sessions`));
