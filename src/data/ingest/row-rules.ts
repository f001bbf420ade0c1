import { queryJson } from '../duckdb.js';
import { errorAt, locateFirst } from './locate.js';
import type { Stage } from './stage.js';

/** A rule every staged row must pass; `bad` is the SQL condition of a violation. */
interface RowRule {
  readonly bad: string;
  readonly rule: string;
  readonly hint?: string;
}

const PRICES = ['open', 'high', 'low', '"close"'];

/** In order of reporting: a row that cannot be read at all is reported before a bad value. */
const ROW_RULES: readonly RowRule[] = [
  { bad: 'ts IS NULL', rule: 'unparsable or missing date', hint: 'use ISO dates (2024-01-31, 2024-01-31 09:30) or m/d/Y' },
  { bad: "symbol IS NULL OR symbol = ''", rule: 'missing symbol' },
  ...[...PRICES, 'volume'].map((c) => ({ bad: `${c} IS NULL`, rule: `unparsable or missing ${c.replaceAll('"', '')}` })),
  { bad: PRICES.map((c) => `NOT isfinite(${c})`).join(' OR '), rule: 'price is not a finite number' },
  { bad: `least(${PRICES.join(', ')}) <= 0`, rule: 'price ≤ 0 (prices must be positive)' },
  { bad: 'high < low', rule: 'high < low' },
  {
    bad: 'open < low OR open > high OR "close" < low OR "close" > high',
    rule: 'open or close outside low…high (rule: low ≤ open, close ≤ high)',
    hint: 'are some columns adjusted and others not? use --adjust-with "Adj Close" for adjusted bars',
  },
  { bad: 'volume < 0 OR NOT isfinite(volume)', rule: 'negative or non-finite volume' },
  { bad: 'dividend < 0 OR NOT isfinite(dividend)', rule: 'negative or non-finite dividend' },
  { bad: 'split < 0 OR NOT isfinite(split)', rule: 'negative or non-finite split ratio' },
];

const BROKEN_RULE = `CASE ${ROW_RULES.map((r, i) => `WHEN ${r.bad} THEN ${i}`).join(' ')} END`;

/**
 * A written bar breaking one of the rules above (a date and a symbol it has: the write refused
 * rows without), as one chain of comparisons: every value present, 0 < low ≤ open, close ≤ high
 * < ∞, 0 ≤ volume < ∞. NaN fails it too (DuckDB orders NaN above ∞). About 2.5× cheaper than
 * the rules one by one; `reportBadRow` then names the rule.
 */
const BAD_BAR = `NOT coalesce(low > 0 AND low <= open AND open <= high AND low <= "close" AND "close" <= high
  AND high < 'infinity'::DOUBLE AND volume >= 0 AND volume < 'infinity'::DOUBLE, false)`;
const ACTION_RULES = ROW_RULES.filter((r) => /\b(dividend|split)\b/.test(r.bad)).map((r) => `(${r.bad})`).join(' OR ');

/** Throws `InputError` at the first bad row of the sources (first file, first line), if there is one. */
export async function reportBadRow(stage: Stage): Promise<void> {
  const row = await locateFirst(stage, `${BROKEN_RULE} IS NOT NULL`, BROKEN_RULE);
  if (!row) return;
  const rule = ROW_RULES[Number(row.extra)]!;
  const what = [row.symbol, row.when].filter(Boolean).join(' ');
  throw errorAt(row, `${rule.rule}${what ? ` (${what})` : ''}`, rule.hint);
}

/**
 * Checks every row in one scan of the written bars (and of the split/dividend rows): values
 * parse, prices are finite and positive, low ≤ open, close ≤ high, volume ≥ 0, no empty symbol.
 * Throws `InputError` at the first bad line (first file, first line).
 */
export async function checkRows(stage: Stage): Promise<void> {
  const [found] = await queryJson(stage.conn, `SELECT coalesce((SELECT bool_or(${BAD_BAR}) FROM daily_bars), false)
    OR coalesce((SELECT bool_or(${BAD_BAR}) FROM minute_bars), false)
    OR coalesce((SELECT bool_or(${ACTION_RULES}) FROM stage_actions), false)
    OR EXISTS (SELECT 1 FROM syms WHERE symbol = '') AS bad`);
  if (found?.bad === true) await reportBadRow(stage);
}
