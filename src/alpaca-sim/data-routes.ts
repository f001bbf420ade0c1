import { localDay, MINUTE_MS, zonedTimeToUtc, dayNumber } from '../core/time.js';
import type { BarWire } from '../adapters/alpaca/wire/market-data.js';
import type { Venue } from './venue.js';
import { ok, type Route, type SimRequest } from './http-io.js';
import { barSeries, parseAdjustment, parseBound, parseTimeframe, type BarSource } from './bar-series.js';
import { VenueError } from './venue-error.js';
import { VENUE_TZ } from '../adapters/alpaca/config.js';

/** What the market-data routes read. */
export interface DataRouteContext extends BarSource {
  readonly venue: Venue;
  readonly now: () => number;
}

/** One page of a bars query: bars per symbol and the token of the next page (null at the end). */
interface BarsPage {
  bars: Record<string, BarWire[]>;
  next_page_token: string | null;
}

const bad = (message: string): VenueError => new VenueError(400, undefined, message);

const encodeToken = (symbol: string, t: string): string => Buffer.from(JSON.stringify([symbol, t])).toString('base64url');

function decodeToken(token: string | null): { symbol: string; t: string } | null {
  if (!token) return null;
  try {
    const [symbol, t] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof symbol === 'string' && typeof t === 'string') return { symbol, t };
  } catch {
    // falls through to the error below
  }
  throw bad('invalid page_token');
}

/**
 * GET /v2/stocks/bars semantics: symbols in alphabetical order, each symbol's bars by time
 * (`sort`), at most `limit` bars per page across symbols, `next_page_token` to resume.
 */
async function barsPage(c: DataRouteContext, symbols: readonly string[], q: URLSearchParams): Promise<BarsPage> {
  const tf = parseTimeframe(q.get('timeframe'));
  const adjustment = parseAdjustment(q.get('adjustment'));
  const now = c.now();
  const start = parseBound('start', q.get('start'), false) ?? zonedTimeToUtc(VENUE_TZ, dayNumber(localDay(VENUE_TZ, now)), 0);
  const end = Math.min(parseBound('end', q.get('end'), true) ?? now, now);
  const limit = Number(q.get('limit') ?? 1000);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw bad('invalid limit: a whole number from 1 to 10000');
  const sort = q.get('sort') ?? 'asc';
  if (sort !== 'asc' && sort !== 'desc') throw bad(`invalid sort '${sort}': use asc or desc`);
  const token = decodeToken(q.get('page_token'));
  const page: BarsPage = { bars: {}, next_page_token: null };
  let left = limit;
  for (const symbol of [...new Set(symbols)].sort()) {
    if (token && symbol < token.symbol) continue;
    const asset = c.venue.assetOf(symbol);
    if (!asset) continue;
    let series = await barSeries(c, asset, tf, start, end, adjustment, now);
    if (sort === 'desc') series = series.reverse();
    if (token && symbol === token.symbol) {
      const at = series.findIndex((b) => b.t === token.t);
      series = at < 0 ? [] : series.slice(at);
    }
    if (series.length === 0) continue;
    if (left === 0) {
      page.next_page_token = encodeToken(symbol, series[0]!.t);
      break;
    }
    page.bars[symbol] = series.slice(0, left);
    if (series.length > left) {
      page.next_page_token = encodeToken(symbol, series[left]!.t);
      break;
    }
    left -= series.length;
  }
  return page;
}

/** The `symbols` query parameter, upper-cased (400 when missing). */
export function symbolsOf(q: URLSearchParams): string[] {
  const list = (q.get('symbols') ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  if (list.length === 0) throw bad('missing symbols');
  return list;
}

/** The latest complete minute bar of `symbol` in the last week (undefined when none or unknown). */
export async function latestBar(c: DataRouteContext, symbol: string): Promise<BarWire | undefined> {
  const asset = c.venue.assetOf(symbol);
  if (!asset) return undefined;
  const now = c.now();
  const series = await barSeries(c, asset, { unit: 'minute', minutes: 1 }, now - 7 * 1440 * MINUTE_MS, now, 'raw', now);
  return series.at(-1);
}

/** The latest complete minute bar of each symbol (none for symbols without bars in the last week). */
async function latestBars(c: DataRouteContext, req: SimRequest): Promise<Record<string, BarWire>> {
  const out: Record<string, BarWire> = {};
  for (const symbol of symbolsOf(req.query)) {
    const bar = await latestBar(c, symbol);
    if (bar) out[symbol] = bar;
  }
  return out;
}

/** The market-data REST routes (reference §3): historical and latest stock bars. */
export function dataRoutes(c: DataRouteContext): Route[] {
  return [
    { method: 'GET', pattern: /^\/v2\/stocks\/bars$/, handle: async (r) => ok(await barsPage(c, symbolsOf(r.query), r.query)) },
    { method: 'GET', pattern: /^\/v2\/stocks\/bars\/latest$/, handle: async (r) => ok({ bars: await latestBars(c, r) }) },
    {
      method: 'GET', pattern: /^\/v2\/stocks\/([^/]+)\/bars\/latest$/,
      handle: async (r) => {
        const symbol = r.params[0]!.toUpperCase();
        const bar = await latestBar(c, symbol);
        if (!bar) throw new VenueError(404, undefined, `no bar found for ${symbol}`);
        return ok({ symbol, bar });
      },
    },
    {
      method: 'GET', pattern: /^\/v2\/stocks\/([^/]+)\/bars$/,
      handle: async (r) => {
        const symbol = r.params[0]!.toUpperCase();
        const page = await barsPage(c, [symbol], r.query);
        return ok({ bars: page.bars[symbol] ?? [], symbol, next_page_token: page.next_page_token });
      },
    },
  ];
}
