import { localDay } from '../core/time.js';
import type { Asset } from '../model/asset.js';
import type { TradingCalendar } from '../ports/calendar.js';
import { formatDecimal } from '../adapters/alpaca/parse.js';
import { CODE_INVALID } from '../adapters/alpaca/rules.js';
import type { FaultState } from './faults.js';
import { ok, type Reply, type Route, type SimRequest } from './http-io.js';
import { calendarWire, clockWire } from './market-hours.js';
import { calendarV3Wire, clockV3Wire } from './market-clock-v3.js';
import { notFound, VenueError } from './venue-error.js';
import { isClosed, orderToWire, type VenueOrder } from './venue-order.js';
import type { VenuePortfolio } from './venue-portfolio.js';
import type { Venue } from './venue.js';
import { VENUE_TZ } from '../adapters/alpaca/config.js';
import { assetToWire } from './wire-format.js';

/** What the trading routes work on. */
export interface TradingRouteContext {
  readonly venue: Venue;
  readonly portfolio: VenuePortfolio;
  readonly calendar: TradingCalendar;
  readonly assets: readonly Asset[];
  readonly faults: FaultState;
  /** Simulated time now. */
  readonly now: () => number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const invalid = (message: string): VenueError => new VenueError(422, CODE_INVALID, message);

function parseTime(name: string, v: string | null): number | null {
  if (v === null || v === '') return null;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw invalid(`invalid ${name}: use RFC 3339 or YYYY-MM-DD`);
  return ms;
}

/** GET /v2/orders filters (status, limit, after, until, direction, symbols, side). */
export function listOrders(all: readonly VenueOrder[], q: URLSearchParams): VenueOrder[] {
  const status = q.get('status') ?? 'open';
  if (!['open', 'closed', 'all'].includes(status)) throw invalid(`invalid status '${status}': use open, closed or all`);
  const limit = Number(q.get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid('invalid limit: a whole number from 1 to 500');
  const direction = q.get('direction') ?? 'desc';
  if (direction !== 'asc' && direction !== 'desc') throw invalid(`invalid direction '${direction}': use asc or desc`);
  const after = parseTime('after', q.get('after'));
  const until = parseTime('until', q.get('until'));
  const symbols = q.get('symbols')?.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  const side = q.get('side');
  const picked = all.filter((o) =>
    (status === 'all' || (status === 'open') !== isClosed(o.status))
    && (after === null || o.createdAt > after)
    && (until === null || o.createdAt < until)
    && (!symbols?.length || symbols.includes(o.asset.symbol))
    && (!side || o.side === side));
  picked.sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
  if (direction === 'desc') picked.reverse();
  return picked.slice(0, limit);
}

function closeQty(req: SimRequest): { qty?: number; percentage?: number } {
  const qty = req.query.get('qty'), pct = req.query.get('percentage');
  if (qty !== null && pct !== null) throw invalid('only one of qty or percentage may be given');
  const n = Number(qty ?? pct);
  if ((qty ?? pct) !== null && !(n > 0) || (pct !== null && n > 100)) throw invalid('invalid qty or percentage');
  return qty !== null ? { qty: n } : pct !== null ? { percentage: n } : {};
}

/** The trading REST API v2 routes (reference §1). */
export function tradingRoutes(c: TradingRouteContext): Route[] {
  const { venue, portfolio } = c;
  const order = (o: VenueOrder): Reply => ok(orderToWire(o));
  const today = () => localDay(VENUE_TZ, c.now());

  async function closePosition(symbol: string, amount: { qty?: number; percentage?: number }): Promise<VenueOrder> {
    const p = await portfolio.position(symbol);
    const held = Math.abs(Number(p.qty));
    const asset = venue.assetOf(symbol)!;
    let qty = amount.qty ?? (amount.percentage !== undefined ? (held * amount.percentage) / 100 : held);
    if (!asset.fractionable) qty = Math.floor(qty + 1e-9);
    if (!(qty > 0)) throw invalid('the quantity to close rounds to zero shares');
    return venue.submit({
      symbol: asset.symbol, qty: formatDecimal(Math.min(qty, held)), side: Number(p.qty) > 0 ? 'sell' : 'buy', type: 'market', time_in_force: 'day',
    });
  }

  return [
    { method: 'GET', pattern: /^\/v2\/account$/, handle: async () => ok(await portfolio.account()) },
    { method: 'GET', pattern: /^\/v2\/clock$/, handle: async () => ok(clockWire(c.calendar, c.now())) },
    { method: 'GET', pattern: /^\/v2\/calendar$/, handle: async (r) => ok(calendarWire(c.calendar, r.query.get('start'), r.query.get('end'))) },
    {
      method: 'GET', pattern: /^\/v3\/clock$/,
      handle: async (r) => {
        const time = r.query.get('time');
        const at = time === null ? c.now() : Date.parse(time);
        if (Number.isNaN(at)) throw invalid('invalid time: use RFC 3339');
        return ok(clockV3Wire(c.calendar, at, r.query.get('markets')));
      },
    },
    { method: 'GET', pattern: /^\/v3\/calendar\/([^/]+)$/, handle: async (r) => ok(calendarV3Wire(c.calendar, r.params[0]!, r.query.get('start'), r.query.get('end'))) },
    {
      method: 'GET', pattern: /^\/v2\/assets$/,
      handle: async (r) => {
        const status = r.query.get('status'), cls = r.query.get('asset_class'), exchange = r.query.get('exchange');
        const list = c.assets.map((a) => assetToWire(a, today()))
          .filter((a) => (!status || a.status === status) && (!cls || a.class === cls) && (!exchange || a.exchange === exchange));
        return ok(list);
      },
    },
    {
      method: 'GET', pattern: /^\/v2\/assets\/([^/]+)$/,
      handle: async (r) => {
        const a = venue.assetOf(r.params[0]!);
        if (!a) throw notFound(`asset not found for ${r.params[0]}`);
        return ok(assetToWire(a, today()));
      },
    },
    {
      method: 'POST', pattern: /^\/v2\/orders$/,
      handle: async (r) => {
        const o = await venue.submit(r.body);
        return c.faults.takeAmbiguousPost() ? { status: 200, drop: true } : order(o);
      },
    },
    { method: 'GET', pattern: /^\/v2\/orders$/, handle: async (r) => ok(listOrders(venue.all(), r.query).map(orderToWire)) },
    { method: 'DELETE', pattern: /^\/v2\/orders$/, handle: async () => ok(await venue.cancelAll(), 207) },
    {
      method: 'GET', pattern: /^\/v2\/orders:by_client_order_id$/,
      handle: async (r) => {
        const o = venue.getByClientId(r.query.get('client_order_id') ?? '');
        if (!o) throw notFound('order not found');
        return order(o);
      },
    },
    {
      method: 'GET', pattern: /^\/v2\/orders\/([^/]+)$/,
      handle: async (r) => {
        if (!UUID.test(r.params[0]!)) throw invalid('order_id is not a valid UUID');
        const o = venue.get(r.params[0]!);
        if (!o) throw notFound('order not found');
        return order(o);
      },
    },
    { method: 'PATCH', pattern: /^\/v2\/orders\/([^/]+)$/, handle: async (r) => order(await venue.replace(r.params[0]!, r.body)) },
    {
      method: 'DELETE', pattern: /^\/v2\/orders\/([^/]+)$/,
      handle: async (r) => {
        await venue.cancel(r.params[0]!);
        return { status: 204 };
      },
    },
    { method: 'GET', pattern: /^\/v2\/positions$/, handle: async () => ok(await portfolio.positions()) },
    { method: 'GET', pattern: /^\/v2\/positions\/([^/]+)$/, handle: async (r) => ok(await portfolio.position(r.params[0]!)) },
    { method: 'DELETE', pattern: /^\/v2\/positions\/([^/]+)$/, handle: async (r) => order(await closePosition(r.params[0]!, closeQty(r))) },
    {
      method: 'DELETE', pattern: /^\/v2\/positions$/,
      handle: async (r) => {
        if (r.query.get('cancel_orders') === 'true') await venue.cancelAll();
        const out: { symbol: string; status: number; body: unknown }[] = [];
        for (const p of await portfolio.positions()) {
          try {
            out.push({ symbol: p.symbol, status: 200, body: orderToWire(await closePosition(p.symbol, {})) });
          } catch (err) {
            if (!(err instanceof VenueError)) throw err;
            out.push({ symbol: p.symbol, status: err.status, body: err.body() });
          }
        }
        return ok(out, 207);
      },
    },
  ];
}
