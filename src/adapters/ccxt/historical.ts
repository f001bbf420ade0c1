import type { Exchange } from 'ccxt';
import { ZiplimeError } from '../../core/errors.js';
import type { BarColumns } from '../../model/bar.js';
import { systemTiming, type Timing } from '../../net/index.js';
import { retryTransient } from './retry.js';

/** One symbol's OHLCV over `[startMs, endMs]` in `timeframe` bars, fetched page by page. */
export interface OhlcvRequest {
  readonly symbol: string;
  /** A ccxt timeframe, e.g. `1d`, `1h`, `1m`. */
  readonly timeframe: string;
  readonly startMs: number;
  /** Inclusive: the last bar opens at or before it. */
  readonly endMs: number;
  /** Bars per request (default 1000, Binance spot's maximum). */
  readonly pageSize?: number;
  /** Attempts per page on transient errors (default 5). */
  readonly attempts?: number;
}

/**
 * Pages `fetchOHLCV` from `startMs` to `endMs` (each page starts one bar after the last one
 * received; ccxt's rate limiter spaces the requests). Transient errors (`NetworkError` and its
 * subclasses: timeouts, rate limits, bans, exchange down) are retried with backoff; others throw.
 * Bars come back oldest first, each timestamp once, as columns (`ts` = the bar's open, epoch ms).
 */
export async function fetchOhlcvRange(ex: Exchange, req: OhlcvRequest, timing: Timing = systemTiming): Promise<BarColumns> {
  const step = ex.parseTimeframe(req.timeframe) * 1000;
  const pageSize = req.pageSize ?? 1000;
  const maxPages = Math.ceil((req.endMs - req.startMs + 1) / step / pageSize) + 2;
  const rows: number[][] = [];
  let since = req.startMs;
  for (let page = 0; page < maxPages && since <= req.endMs; page++) {
    const until = Math.min(req.endMs, since + pageSize * step - 1);
    const got = await retryTransient(() => ex.fetchOHLCV(req.symbol, req.timeframe, since, pageSize, { until }), `fetching ${req.symbol} ${req.timeframe} bars`, req.attempts, timing);
    const fresh = got.filter((r) => (r[0] as number) >= since && (r[0] as number) <= req.endMs);
    rows.push(...fresh.map((r) => r.map(Number)));
    since = fresh.length > 0 ? (fresh[fresh.length - 1]![0] as number) + step : until + 1;
  }
  if (since <= req.endMs) throw new ZiplimeError(`${req.symbol} ${req.timeframe}: paging stopped before ${new Date(req.endMs).toISOString()}; the exchange kept returning pages before it`);
  return toColumns(rows);
}

function toColumns(rows: readonly number[][]): BarColumns {
  const n = rows.length;
  const cols: BarColumns = { ts: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  rows.forEach(([t, o, h, l, c, v], i) => {
    cols.ts[i] = t!; cols.open[i] = o!; cols.high[i] = h!; cols.low[i] = l!; cols.close[i] = c!; cols.volume[i] = v ?? 0;
  });
  return cols;
}
