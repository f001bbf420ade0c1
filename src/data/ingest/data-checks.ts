import { queryJson, queryNumber } from '../duckdb.js';
import type { Stage } from './stage.js';

/** Splits below this ratio (or above its inverse) are too small to tell from a day's move. */
const MIN_CHECKED_RATIO = 1.25;

/** Every staged split: the source's table and the files' split columns (ex date = the bar's date). */
export const STAGED_SPLITS = `SELECT symbol, effective_date, ratio FROM stage_splits
  UNION ALL SELECT symbol, ts::DATE, split FROM stage_actions WHERE split IS NOT NULL AND split > 0 AND split <> 1`;

const num = (v: unknown) => Number(v);
const price = (v: number) => (v >= 100 ? v.toFixed(2) : v.toPrecision(4));

/** `7` → `7:1`, `0.5` → `1:2`. */
export function ratioText(ratio: number): string {
  return ratio >= 1 ? `${+ratio.toFixed(4)}:1` : `1:${+(1 / ratio).toFixed(4)}`;
}

/**
 * Warns about splits the prices do not show: a r-for-1 split divides the price by about r
 * overnight (previous close → the effective date's open). When the observed change is closer
 * to none than to 1/r, the prices are most likely already split-adjusted and applying the split
 * would scale positions a second time.
 */
export async function checkSplitPrices(stage: Stage): Promise<void> {
  if (await queryNumber(stage.conn, `SELECT count(*) FROM (${STAGED_SPLITS})`) === 0) return;
  const rows = await queryJson(stage.conn, `WITH sp AS (${STAGED_SPLITS}),
    b AS (SELECT symbol, ts, open, lag("close") OVER w AS prev, lag(ts) OVER w AS prev_ts FROM stage_bars
          WHERE symbol IN (SELECT symbol FROM sp) WINDOW w AS (PARTITION BY symbol ORDER BY ts))
    SELECT sp.symbol, strftime(sp.effective_date, '%Y-%m-%d') AS d, sp.ratio, b.prev, b.open, strftime(b.prev_ts, '%Y-%m-%d') AS pd
    FROM sp JOIN b ON b.symbol = sp.symbol AND b.ts::DATE = sp.effective_date
    WHERE b.prev IS NOT NULL AND abs(ln(sp.ratio)) >= ln(${MIN_CHECKED_RATIO})
    QUALIFY row_number() OVER (PARTITION BY sp.symbol, sp.effective_date ORDER BY b.ts) = 1
    ORDER BY sp.effective_date, sp.symbol`);
  for (const r of rows) {
    const ratio = num(r.ratio), prev = num(r.prev), open = num(r.open);
    const observed = prev / open;
    if (Math.abs(Math.log(observed / ratio)) <= Math.abs(Math.log(ratio)) / 2) continue;
    stage.warn(`${String(r.symbol)} split ${ratioText(ratio)} on ${String(r.d)} does not show in the prices: close ${price(prev)} on ${String(r.pd)}`
      + ` → open ${price(open)} (×${(open / prev).toFixed(2)}; the split implies ×${(1 / ratio).toFixed(2)}); if the prices are already`
      + ' adjusted, drop the split column with --columns split=');
  }
}

/**
 * Builds `stage_sid_spans`: for each sid of each bars table, its first and last bar (local dates
 * and epoch ms) and its largest volume — one scan shared by the volume check, the assets' dates
 * and the bundle's span. Made once the bars are final (the calendar check may drop some; the
 * order check only moves them).
 */
export async function summariseSids(stage: Stage): Promise<void> {
  await stage.conn.run(`CREATE OR REPLACE TEMP TABLE stage_sid_spans AS
    SELECT sid, min(day) AS d0, max(day) AS d1, epoch_ms(min(day)::TIMESTAMP) AS t0, epoch_ms(max(day)::TIMESTAMP) AS t1, max(volume) AS v
    FROM daily_bars GROUP BY sid
    UNION ALL SELECT sid, min(ts)::DATE, max(ts)::DATE, epoch_ms(min(ts)), epoch_ms(max(ts)), max(volume) FROM minute_bars GROUP BY sid`);
}

/** Symbols whose volume is absent or 0 on every bar, sorted (from `stage_sid_spans`). */
export async function symbolsWithoutVolume(stage: Stage): Promise<string[]> {
  const rows = await queryJson(stage.conn, `SELECT s.symbol FROM stage_sid_spans JOIN syms s USING (sid)
    GROUP BY s.symbol HAVING coalesce(max(v), 0) = 0 ORDER BY s.symbol`);
  return rows.map((r) => String(r.symbol));
}

/**
 * Warns about symbols without volume (indexes given as such by the source excepted): the bundle
 * records them all and runs fill their orders without a volume cap. Returns them all.
 */
export async function checkVolume(stage: Stage): Promise<string[]> {
  const all = await symbolsWithoutVolume(stage);
  const indexes = new Set((await queryJson(stage.conn, "SELECT symbol FROM stage_assets WHERE asset_class = 'index'")).map((r) => String(r.symbol)));
  const symbols = all.filter((s) => !indexes.has(s));
  if (symbols.length === 0) return all;
  const shown = symbols.length > 5 ? `${symbols.slice(0, 5).join(', ')} and ${symbols.length - 5} more` : symbols.join(', ');
  stage.warn(`no volume for ${shown} (column absent or 0 on every bar): recorded as unknown, so orders on ${symbols.length === 1 ? 'it' : 'them'}`
    + ' fill without the volume cap of the default slippage');
  return symbols;
}
