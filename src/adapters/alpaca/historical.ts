import type { BarColumns } from '../../model/bar.js';
import { createAlpacaRest, type AlpacaRestOptions } from './client.js';
import { resolveAlpacaConfig, type AlpacaConfig } from './config.js';
import type { MarketDataApi } from './http/market-data-api.js';
import { barTime } from './parse.js';
import type { Adjustment } from './wire/market-data.js';

/** What to fetch: symbols, `1Day` or `1Min` bars, an inclusive date range, an adjustment. */
export interface HistoricalBarsRequest {
  symbols: readonly string[];
  timeframe: '1Day' | '1Min';
  /** `YYYY-MM-DD` or RFC 3339. */
  start: string;
  end: string;
  /** Default `raw` (bundles store unadjusted bars). */
  adjustment?: Adjustment;
  /** Bars per page (default 10000, Alpaca's maximum). */
  pageSize?: number;
}

/** Where to fetch from: a config (default: from the environment), REST options, or a client. */
export interface HistoricalBarsSource {
  config?: AlpacaConfig;
  rest?: AlpacaRestOptions;
  marketData?: MarketDataApi;
}

/**
 * Historical bars per symbol as columns, oldest first, fetched page by page (`next_page_token`).
 * `ts` follows our bar convention: daily bars at midnight UTC of the session date, minute bars at
 * their opening instant. Symbols without bars are absent from the map.
 */
export async function fetchBars(request: HistoricalBarsRequest, source: HistoricalBarsSource = {}): Promise<Map<string, BarColumns>> {
  const api = source.marketData ?? createAlpacaRest(source.config ?? resolveAlpacaConfig(), source.rest).marketData;
  const daily = request.timeframe === '1Day';
  const rows = await api.bars({
    symbols: request.symbols,
    timeframe: request.timeframe,
    start: request.start,
    end: request.end,
    adjustment: request.adjustment ?? 'raw',
    limit: request.pageSize ?? 10_000,
  });
  const out = new Map<string, BarColumns>();
  for (const [symbol, bars] of rows) {
    const n = bars.length;
    const cols: BarColumns = {
      ts: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n),
      low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n),
    };
    bars.forEach((b, i) => {
      cols.ts[i] = barTime(b.t, daily);
      cols.open[i] = b.o;
      cols.high[i] = b.h;
      cols.low[i] = b.l;
      cols.close[i] = b.c;
      cols.volume[i] = b.v;
    });
    out.set(symbol, cols);
  }
  return out;
}
