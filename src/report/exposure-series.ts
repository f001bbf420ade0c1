import type { RunResult } from '../model/results.js';

/** Long and short exposure per session and the exposure of the most held assets, as fractions of the portfolio value. */
export interface ExposureSeries {
  /** Σ of the positive position values / portfolio value, per daily row. */
  long: number[];
  /** Σ of the negative position values / portfolio value (≤ 0), per daily row. */
  short: number[];
  /** The `top` assets by mean absolute exposure, each with its exposure per daily row (0 when not held). */
  assets: { symbol: string; values: number[] }[];
}

/**
 * Exposure over time from the result's `exposures` table (positions' values at each close),
 * over the portfolio value of the same session. Null when the result has no such table.
 */
export function exposureSeries(result: RunResult, top = 8): ExposureSeries | null {
  if (!result.exposures) return null;
  const index = new Map(result.daily.map((d, i) => [d.date, i]));
  const n = result.daily.length;
  const long = new Array<number>(n).fill(0), short = new Array<number>(n).fill(0);
  const bySymbol = new Map<string, number[]>();
  for (const e of result.exposures) {
    const i = index.get(e.date);
    if (i === undefined) continue;
    const pv = result.daily[i]!.portfolioValue;
    const x = pv === 0 ? 0 : e.value / pv;
    if (x >= 0) long[i]! += x;
    else short[i]! += x;
    let values = bySymbol.get(e.symbol);
    if (!values) bySymbol.set(e.symbol, (values = new Array<number>(n).fill(0)));
    values[i]! += x;
  }
  const meanAbs = (xs: number[]) => xs.reduce((s, x) => s + Math.abs(x), 0) / Math.max(1, xs.length);
  const assets = [...bySymbol.entries()]
    .map(([symbol, values]) => ({ symbol, values, weight: meanAbs(values) }))
    .sort((a, b) => b.weight - a.weight || a.symbol.localeCompare(b.symbol))
    .slice(0, top)
    .map(({ symbol, values }) => ({ symbol, values }));
  return { long, short, assets };
}
