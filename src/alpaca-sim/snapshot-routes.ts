import { localDay, MINUTE_MS } from '../core/time.js';
import type { BarWire } from '../adapters/alpaca/wire/market-data.js';
import { VENUE_TZ } from '../adapters/alpaca/config.js';
import { barSeries, dailyBarTime, parseBound } from './bar-series.js';
import { latestBar, symbolsOf, type DataRouteContext } from './data-routes.js';
import { ok, type Route } from './http-io.js';
import { VenueError } from './venue-error.js';
import { rfc3339 } from './wire-format.js';

/**
 * The last trade, synthesized from the latest minute bar (bundles hold bars, not ticks): one
 * round lot at the bar's close, stamped at the end of its minute, on IEX (`V`).
 */
function tradeOf(bar: BarWire, id: number): Record<string, unknown> {
  return { t: rfc3339(Date.parse(bar.t) + MINUTE_MS), x: 'V', p: bar.c, s: 100, c: ['@'], i: id, z: 'C' };
}

/** The last quote, synthesized like the trade: bid = ask = the close (no spread is known). */
function quoteOf(bar: BarWire): Record<string, unknown> {
  return { t: rfc3339(Date.parse(bar.t) + MINUTE_MS), ax: 'V', ap: bar.c, as: 1, bx: 'V', bp: bar.c, bs: 1, c: ['R'], z: 'C' };
}

/** Today's running daily bar (from its minute bars so far) and the previous complete one. */
async function dailyBars(c: DataRouteContext, symbol: string): Promise<{ dailyBar: BarWire | null; prevDailyBar: BarWire | null }> {
  const asset = c.venue.assetOf(symbol)!;
  const now = c.now();
  const today = localDay(VENUE_TZ, now);
  const complete = await barSeries(c, asset, { unit: 'day' }, now - 14 * 1440 * MINUTE_MS, now, 'raw', now);
  const minutes = await barSeries(c, asset, { unit: 'minute', minutes: 1 }, parseBound('start', today, false)!, now, 'raw', now);
  if (minutes.length === 0) return { dailyBar: complete.at(-1) ?? null, prevDailyBar: complete.at(-2) ?? null };
  const v = minutes.reduce((s, b) => s + b.v, 0);
  const running: BarWire = {
    ...minutes[0]!,
    t: rfc3339(dailyBarTime(today)).replace('.000000000', ''),
    h: Math.max(...minutes.map((b) => b.h)),
    l: Math.min(...minutes.map((b) => b.l)),
    c: minutes.at(-1)!.c,
    v,
    n: minutes.reduce((s, b) => s + (b.n ?? 0), 0),
    vw: v > 0 ? Math.round((minutes.reduce((s, b) => s + (b.vw ?? b.c) * b.v, 0) / v) * 1e4) / 1e4 : minutes.at(-1)!.c,
  };
  return { dailyBar: running, prevDailyBar: complete.at(-1) ?? null };
}

/**
 * Latest trades and quotes and snapshots (reference §3), from the bars the replay has reached:
 * nothing after simulated now is ever visible.
 */
export function snapshotRoutes(c: DataRouteContext): Route[] {
  let ids = 0;
  const known = async (symbol: string): Promise<BarWire> => {
    const bar = await latestBar(c, symbol);
    if (!bar) throw new VenueError(404, undefined, `no data found for ${symbol}`);
    return bar;
  };
  const each = async <T>(symbols: readonly string[], f: (bar: BarWire, symbol: string) => Promise<T> | T): Promise<Record<string, T>> => {
    const out: Record<string, T> = {};
    for (const s of symbols) {
      const bar = await latestBar(c, s);
      if (bar) out[s] = await f(bar, s);
    }
    return out;
  };
  const snapshot = async (bar: BarWire, symbol: string) => ({ latestTrade: tradeOf(bar, ++ids), latestQuote: quoteOf(bar), minuteBar: bar, ...await dailyBars(c, symbol) });
  return [
    { method: 'GET', pattern: /^\/v2\/stocks\/trades\/latest$/, handle: async (r) => ok({ trades: await each(symbolsOf(r.query), (b) => tradeOf(b, ++ids)) }) },
    { method: 'GET', pattern: /^\/v2\/stocks\/quotes\/latest$/, handle: async (r) => ok({ quotes: await each(symbolsOf(r.query), quoteOf) }) },
    { method: 'GET', pattern: /^\/v2\/stocks\/snapshots$/, handle: async (r) => ok(await each(symbolsOf(r.query), snapshot)) },
    {
      method: 'GET', pattern: /^\/v2\/stocks\/([^/]+)\/trades\/latest$/,
      handle: async (r) => { const s = r.params[0]!.toUpperCase(); return ok({ symbol: s, trade: tradeOf(await known(s), ++ids) }); },
    },
    {
      method: 'GET', pattern: /^\/v2\/stocks\/([^/]+)\/quotes\/latest$/,
      handle: async (r) => { const s = r.params[0]!.toUpperCase(); return ok({ symbol: s, quote: quoteOf(await known(s)) }); },
    },
    {
      method: 'GET', pattern: /^\/v2\/stocks\/([^/]+)\/snapshot$/,
      handle: async (r) => { const s = r.params[0]!.toUpperCase(); return ok({ symbol: s, ...await snapshot(await known(s), s) }); },
    },
  ];
}
