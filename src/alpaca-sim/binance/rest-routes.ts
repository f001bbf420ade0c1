import { randomBytes } from 'node:crypto';
import { DAY_MS, MINUTE_MS } from '../../core/time.js';
import type { BundleReader } from '../../ports/bundle-reader.js';
import { barSeries } from '../bar-series.js';
import { ok, type Route, type SimRequest } from '../http-io.js';
import type { MinuteBarCache } from '../minute-cache.js';
import { isClosed } from '../venue-order.js';
import type { FaultState } from '../faults.js';
import { BINANCE_CODES as C, badRequest } from './errors.js';
import type { BinanceExchange } from './exchange.js';
import { fmt, symbolInfo, type BinanceMarket } from './markets.js';
import { orderToBinance, tradeToBinance } from './order-wire.js';
import { WEIGHT_LIMIT_1M } from './request-weight.js';

/** What the Binance routes work on. */
export interface BinanceRouteContext {
  readonly exchange: BinanceExchange;
  readonly reader: BundleReader;
  readonly minutes: MinuteBarCache;
  readonly faults: FaultState;
  /** Simulated time now. */
  readonly now: () => number;
  /** Valid user-data stream keys. */
  readonly listenKeys: Set<string>;
}

/** Kline intervals served: minute multiples (from the minute bars) and `1d` (the daily bars). */
const INTERVAL_MINUTES: Record<string, number> = { '1m': 1, '3m': 3, '5m': 5, '15m': 15, '30m': 30, '1h': 60, '2h': 120, '4h': 240, '6h': 360, '8h': 480, '12h': 720 };

/** The request's parameters: query string and form body together. */
const params = (r: SimRequest): URLSearchParams => {
  const out = new URLSearchParams(r.query);
  if (r.body instanceof URLSearchParams) for (const [k, v] of r.body) out.append(k, v);
  return out;
};

function intParam(p: URLSearchParams, name: string): number | null {
  const v = p.get(name);
  if (v === null || v === '') return null;
  if (!/^\d+$/.test(v)) throw badRequest(C.BAD_PARAMETER, `Illegal characters found in parameter '${name}'.`);
  return Number(v);
}

function limitParam(p: URLSearchParams, def: number, max: number): number {
  const n = intParam(p, 'limit') ?? def;
  if (n < 1 || n > max) throw badRequest(C.BAD_PARAMETER, `Illegal value for parameter 'limit': 1 to ${max}.`);
  return n;
}

type Kline = [number, string, string, string, string, string, number, string, number, string, string, string];

/** GET /api/v3/klines: complete bars only (nothing after simulated now), oldest first. */
async function klines(c: BinanceRouteContext, p: URLSearchParams): Promise<Kline[]> {
  const m = c.exchange.marketOf(p.get('symbol'));
  const interval = p.get('interval');
  if (!interval) throw badRequest(C.MANDATORY_PARAM_MISSING, "Mandatory parameter 'interval' was not sent, was empty/null, or malformed.");
  const limit = limitParam(p, 500, 1000);
  const now = c.now();
  const start = intParam(p, 'startTime'), end = intParam(p, 'endTime');
  const minutes = INTERVAL_MINUTES[interval];
  const size = interval === '1d' ? DAY_MS : minutes ? minutes * MINUTE_MS : NaN;
  if (!(size > 0)) throw badRequest(C.BAD_INTERVAL, `Invalid interval: the simulator serves ${Object.keys(INTERVAL_MINUTES).join(', ')} and 1d.`);
  const to = Math.min(end ?? now, now);
  const from = start ?? to - limit * size;
  const bars = interval === '1d' ? await dailyKlines(c, m, from, to, now) : await minuteKlines(c, m, minutes!, from, to, now);
  const picked = start === null && bars.length > limit ? bars.slice(-limit) : bars.slice(0, limit);
  return picked.map(([t, o, h, l, cl, v]) => {
    const quote = v * (h + l + cl) / 3;
    return [t, fmt(o), fmt(h), fmt(l), fmt(cl), fmt(v), t + size - 1, fmt(quote), Math.max(1, Math.round(v)), fmt(v / 2), fmt(quote / 2), '0'];
  });
}

async function minuteKlines(c: BinanceRouteContext, m: BinanceMarket, minutes: number, from: number, to: number, now: number) {
  const series = await barSeries(c, m.asset, { unit: 'minute', minutes }, Math.floor(from / (minutes * MINUTE_MS)) * minutes * MINUTE_MS, to, 'raw', now);
  // A bucket is complete once its last minute is: drop a trailing partial one.
  const out = series.map((b) => [Date.parse(b.t), b.o, b.h, b.l, b.c, b.v] as const).filter(([t]) => t >= from && t <= to);
  return out.filter(([t]) => t + minutes * MINUTE_MS <= now);
}

async function dailyKlines(c: BinanceRouteContext, m: BinanceMarket, from: number, to: number, now: number) {
  const day = (ms: number) => new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  const cols = (await c.reader.dailyBars([m.asset.sid], day(from), day(to))).get(m.asset.sid);
  const out: (readonly [number, number, number, number, number, number])[] = [];
  for (let i = 0; cols && i < cols.ts.length; i++) {
    const t = cols.ts[i]!;
    if (t >= from && t <= to && t + DAY_MS <= now) out.push([t, cols.open[i]!, cols.high[i]!, cols.low[i]!, cols.close[i]!, cols.volume[i]!]);
  }
  return out;
}

/**
 * Binance spot REST (`/api/v3/…`): ping, time, exchangeInfo, klines, account, order
 * (new / test / query / cancel), openOrders (list / cancel all), allOrders, myTrades and the
 * user-data stream's listenKey. Times are simulated epoch ms; decimals strings with 8 places.
 */
export function binanceRoutes(c: BinanceRouteContext): Route[] {
  const { exchange } = c;
  const rateLimits = [
    { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: WEIGHT_LIMIT_1M },
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
    { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200_000 },
  ];
  const order = (o: Parameters<typeof orderToBinance>[0]) => orderToBinance(o, exchange.marketOfOrder(o));
  const newListenKey = () => {
    const key = randomBytes(32).toString('hex');
    c.listenKeys.add(key);
    return ok({ listenKey: key });
  };
  return [
    { method: 'GET', pattern: /^\/api\/v3\/ping$/, handle: async () => ok({}) },
    { method: 'GET', pattern: /^\/api\/v3\/time$/, handle: async () => ok({ serverTime: c.now() }) },
    {
      method: 'GET', pattern: /^\/api\/v3\/exchangeInfo$/,
      handle: async (r) => {
        const p = params(r);
        const wanted = p.get('symbol') ? [p.get('symbol')!] : p.get('symbols') ? JSON.parse(p.get('symbols')!) as string[] : null;
        const markets = wanted ? wanted.map((s) => exchange.marketOf(s)) : [...exchange.markets.values()];
        return ok({ timezone: 'UTC', serverTime: c.now(), rateLimits, exchangeFilters: [], symbols: markets.map(symbolInfo) });
      },
    },
    { method: 'GET', pattern: /^\/api\/v3\/klines$/, handle: async (r) => ok(await klines(c, params(r))) },
    {
      method: 'GET', pattern: /^\/api\/v3\/account$/,
      handle: async () => ok({
        makerCommission: 10, takerCommission: 10, buyerCommission: 0, sellerCommission: 0,
        commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
        canTrade: true, canWithdraw: false, canDeposit: false, brokered: false, requireSelfTradePrevention: false, preventSor: false,
        updateTime: c.now(), accountType: 'SPOT',
        balances: (await exchange.balances()).map((b) => ({ asset: b.asset, free: fmt(b.free), locked: fmt(b.locked) })),
        permissions: ['SPOT'], uid: 1,
      }),
    },
    {
      method: 'POST', pattern: /^\/api\/v3\/order$/,
      handle: async (r) => {
        const p = params(r);
        const o = await exchange.newOrder(p);
        if (c.faults.takeAmbiguousPost()) return { status: 200, drop: true };
        const base = order(o);
        const resp = p.get('newOrderRespType') ?? 'FULL';
        if (resp === 'ACK') return ok({ symbol: base.symbol, orderId: base.orderId, orderListId: -1, clientOrderId: base.clientOrderId, transactTime: o.createdAt });
        return ok({ ...base, transactTime: o.createdAt, ...(resp === 'FULL' ? { fills: [] } : {}) });
      },
    },
    {
      method: 'POST', pattern: /^\/api\/v3\/order\/test$/,
      handle: async (r) => {
        exchange.marketOf(params(r).get('symbol'));
        return ok({});
      },
    },
    { method: 'GET', pattern: /^\/api\/v3\/order$/, handle: async (r) => ok(order(exchange.findOrder(params(r)))) },
    {
      method: 'DELETE', pattern: /^\/api\/v3\/order$/,
      handle: async (r) => {
        const o = exchange.findOrder(params(r), badRequest(C.CANCEL_REJECTED, 'Unknown order sent.'));
        if (isClosed(o.status)) throw badRequest(C.CANCEL_REJECTED, 'Unknown order sent.');
        await exchange.venue.cancel(o.id);
        return ok({ ...order(o), origClientOrderId: o.clientOrderId });
      },
    },
    {
      method: 'GET', pattern: /^\/api\/v3\/openOrders$/,
      handle: async (r) => {
        const sym = params(r).get('symbol');
        const m = sym ? exchange.marketOf(sym) : null;
        return ok(exchange.venue.openOrders().filter((o) => o.parentId === null && (!m || o.asset.sid === m.asset.sid)).map(order));
      },
    },
    {
      method: 'DELETE', pattern: /^\/api\/v3\/openOrders$/,
      handle: async (r) => {
        const m = exchange.marketOf(params(r).get('symbol'));
        const open = exchange.venue.openOrders().filter((o) => o.asset.sid === m.asset.sid);
        if (open.length === 0) throw badRequest(C.CANCEL_REJECTED, 'Unknown order sent.');
        for (const o of open) await exchange.venue.cancel(o.id);
        return ok(open.map((o) => ({ ...order(o), origClientOrderId: o.clientOrderId })));
      },
    },
    {
      method: 'GET', pattern: /^\/api\/v3\/allOrders$/,
      handle: async (r) => {
        const p = params(r);
        const m = exchange.marketOf(p.get('symbol'));
        const from = intParam(p, 'orderId') ?? 0;
        return ok(exchange.venue.all().filter((o) => o.asset.sid === m.asset.sid && o.parentId === null && o.seq >= from).slice(0, limitParam(p, 500, 1000)).map(order));
      },
    },
    {
      method: 'GET', pattern: /^\/api\/v3\/myTrades$/,
      handle: async (r) => {
        const p = params(r);
        const m = exchange.marketOf(p.get('symbol'));
        const start = intParam(p, 'startTime'), end = intParam(p, 'endTime'), fromId = intParam(p, 'fromId'), orderId = intParam(p, 'orderId');
        const picked = exchange.trades.filter((t) => t.symbol === m.symbol && (start === null || t.time >= start) && (end === null || t.time <= end)
          && (fromId === null || t.id >= fromId) && (orderId === null || t.orderId === orderId));
        return ok(picked.slice(0, limitParam(p, 500, 1000)).map(tradeToBinance));
      },
    },
    { method: 'POST', pattern: /^\/api\/v3\/userDataStream$/, handle: async () => newListenKey() },
    {
      method: 'PUT', pattern: /^\/api\/v3\/userDataStream$/,
      handle: async (r) => {
        if (!c.listenKeys.has(params(r).get('listenKey') ?? '')) throw badRequest(C.INVALID_LISTEN_KEY, 'This listenKey does not exist.');
        return ok({});
      },
    },
    {
      method: 'DELETE', pattern: /^\/api\/v3\/userDataStream$/,
      handle: async (r) => {
        c.listenKeys.delete(params(r).get('listenKey') ?? '');
        return ok({});
      },
    },
  ];
}
