import { ZiplimeError } from '../../core/errors.js';
import { DAY_MS, dayString } from '../../core/time.js';
import type { BarColumns } from '../../model/bar.js';
import type { Dividend, Split } from '../../model/corporate-actions.js';
import type { TradingCalendar } from '../../ports/calendar.js';
import { simulateDaily } from './demo-daily.js';
import { simulateMinutes } from './demo-minute.js';
import { marketPath } from './demo-paths.js';
import { DemoRandom, streamSeed } from './demo-random.js';
import {
  DEMO_BENCHMARK, DEMO_FIRST_DAY, DEMO_LAST_DAY, DEMO_MINUTE_FIRST_DAY, DEMO_UNIVERSE, MARKET_KNOTS, MARKET_VOL,
} from './demo-universe.js';

/** One asset of the synthetic demo market; `sid` is its position in `DemoMarket.assets`. */
export interface DemoAsset {
  sid: number;
  symbol: string;
  name: string;
  exchange: string;
  assetClass: 'equity' | 'index';
  /** First and last day with a daily bar, `YYYY-MM-DD`. */
  startDate: string;
  endDate: string;
  fractionable: boolean;
}

/**
 * Bars of one asset as columns, oldest first, raw (unadjusted) prices in dollars.
 * Daily `ts` is midnight UTC of the session date; minute `ts` is the bar-open instant (epoch ms).
 */
export interface DemoColumns extends BarColumns {
  sid: number;
}

/** The whole synthetic market: what the `demo` ingest source writes into a bundle. */
export interface DemoMarket {
  assets: DemoAsset[];
  /** Daily bars, one entry per asset in sid order. */
  daily: DemoColumns[];
  /** Minute bars for the assets that have them (the last quarter of 2024), in sid order. */
  minute: DemoColumns[];
  splits: Split[];
  dividends: Dividend[];
  /** Symbol of the benchmark index. */
  benchmark: string;
  calendar: 'XNYS';
}

/** Seed used when none is given, so `ziplime ingest` always builds the same bundle. */
export const DEMO_SEED = 20_000_103;

/**
 * Generates the synthetic demo market on `calendar`'s sessions from 2000-01-03 to 2024-12-31:
 * a dozen equities and the `SPX` index, geometric random walks with GARCH(1,1) volatility
 * clustering and a common market factor, splits and quarterly dividends in the raw series, a
 * late listing (GOOG), a delisting (ENRX, 2008) and a few missing sessions (INTC, KO), plus
 * minute bars from 2024-10-01 that aggregate exactly to the daily bars. Pure and deterministic:
 * the same seed gives identical output. The index has zero volume.
 */
export function generateDemoMarket(calendar: TradingCalendar, options: { seed?: number } = {}): DemoMarket {
  const seed = options.seed ?? DEMO_SEED;
  const first = calendar.sessionOnOrAfter(DEMO_FIRST_DAY);
  const last = calendar.sessionOnOrBefore(DEMO_LAST_DAY);
  if (first >= last || calendar.sessions[first]! > '2000-01-31' || calendar.sessions[last]! < '2024-12-01') {
    throw new ZiplimeError(
      `calendar '${calendar.name}' does not cover ${DEMO_FIRST_DAY}..${DEMO_LAST_DAY}; the demo market needs XNYS sessions for those years`,
    );
  }
  const index = DEMO_UNIVERSE.find((spec) => spec.symbol === DEMO_BENCHMARK)!;
  const market = marketPath(calendar, first, last, index.startPrice, MARKET_KNOTS, MARKET_VOL, new DemoRandom(streamSeed(seed, 0)));
  const result: DemoMarket = {
    assets: [], daily: [], minute: [], splits: [], dividends: [], benchmark: DEMO_BENCHMARK, calendar: 'XNYS',
  };
  DEMO_UNIVERSE.forEach((spec, sid) => {
    const rng = new DemoRandom(streamSeed(seed, sid + 1));
    const series = simulateDaily(spec, sid, calendar, first, last, market, rng);
    result.assets.push({
      sid, symbol: spec.symbol, name: spec.name, exchange: spec.exchange, assetClass: spec.assetClass,
      startDate: dayString(series.ts[0]! / DAY_MS), endDate: dayString(series.ts[series.ts.length - 1]! / DAY_MS), fractionable: spec.fractionable,
    });
    const { splits, dividends, ...bars } = series;
    result.daily.push({ sid, ...bars });
    result.splits.push(...splits);
    result.dividends.push(...dividends);
    if (spec.minute) result.minute.push({ sid, ...simulateMinutes(series, calendar, DEMO_MINUTE_FIRST_DAY, rng) });
  });
  return result;
}
