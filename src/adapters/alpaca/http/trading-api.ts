import type { Logger } from 'pino';
import { z } from 'zod';
import { UsageError } from '../../../core/errors.js';
import { isoUtc } from '../../../core/time.js';
import { AlpacaApiError, AlpacaNetworkError, OrderStateUnknownError } from '../errors.js';
import { adapterLogger } from '../logger.js';
import { timeOrNull } from '../parse.js';
import {
  AccountWire, AssetWire, CalendarDayWire, CancelAllEntryWire, ClockWire, CloseAllEntryWire, OrderWire, PositionWire,
  type OrderRequestWire, type ReplaceRequestWire,
} from '../wire/trading.js';
import type { RestClient } from '../../../net/rest-client.js';

/** Filters of GET /v2/orders. */
export interface ListOrdersQuery {
  status?: 'open' | 'closed' | 'all';
  limit?: number;
  after?: string;
  until?: string;
  direction?: 'asc' | 'desc';
  nested?: boolean;
  symbols?: readonly string[];
  side?: 'buy' | 'sell';
}

/** Most orders GET /v2/orders returns per request. */
export const MAX_ORDERS_PAGE = 500;
/** Most pages `listAllOrders` requests (a safety bound: 50 000 orders at full pages). */
export const MAX_ORDER_PAGES = 100;

/** The outcome of a submission: the order, and whether it was found by lookup after a lost answer. */
export interface SubmitResult {
  order: OrderWire;
  recovered: boolean;
}

/** True when a failure leaves it open whether the server acted on the request. */
export function isAmbiguous(err: unknown): boolean {
  return (err instanceof AlpacaNetworkError && err.ambiguous) || (err instanceof AlpacaApiError && err.status >= 500);
}

const isDuplicateClientId = (err: unknown): boolean =>
  err instanceof AlpacaApiError && err.status === 422 && /client_order_id must be unique/i.test(err.apiMessage);

const orNotFound = async <T>(p: Promise<T>): Promise<T | undefined> => {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AlpacaApiError && err.status === 404) return undefined;
    throw err;
  }
};

/** The trading REST API v2 (reference §1), typed and validated. */
export class TradingApi {
  private readonly log: Logger;
  constructor(private readonly rest: RestClient, logger?: Logger) {
    this.log = adapterLogger(logger, 'alpaca-trading');
  }

  /** GET /v2/account. */
  getAccount(): Promise<AccountWire> {
    return this.rest.request({ method: 'GET', path: '/v2/account', schema: AccountWire, retry: 'idempotent' });
  }

  /** GET /v2/clock. */
  getClock(): Promise<ClockWire> {
    return this.rest.request({ method: 'GET', path: '/v2/clock', schema: ClockWire, retry: 'idempotent' });
  }

  /** GET /v2/calendar for `start`…`end` (YYYY-MM-DD, inclusive). */
  getCalendar(start: string, end: string): Promise<CalendarDayWire[]> {
    return this.rest.request({ method: 'GET', path: '/v2/calendar', query: { start, end }, schema: z.array(CalendarDayWire), retry: 'idempotent' });
  }

  /** GET /v2/assets. */
  listAssets(query: { status?: string; asset_class?: string; exchange?: string } = {}): Promise<AssetWire[]> {
    return this.rest.request({ method: 'GET', path: '/v2/assets', query, schema: z.array(AssetWire), retry: 'idempotent' });
  }

  /** GET /v2/assets/{symbol}; undefined on 404. */
  getAsset(symbol: string): Promise<AssetWire | undefined> {
    return orNotFound(this.rest.request({ method: 'GET', path: `/v2/assets/${encodeURIComponent(symbol)}`, schema: AssetWire, retry: 'idempotent' }));
  }

  /** GET /v2/orders with filters. */
  listOrders(q: ListOrdersQuery = {}): Promise<OrderWire[]> {
    const query = { ...q, symbols: q.symbols?.join(',') };
    return this.rest.request({ method: 'GET', path: '/v2/orders', query, schema: z.array(OrderWire), retry: 'idempotent' });
  }

  /**
   * GET /v2/orders through every page, oldest first (`pageSize` per request, at most 500). Each
   * next page starts 1 ms before the last order's submission time, so orders sharing that instant
   * are fetched again and kept once; a full page of nothing new (more orders within one
   * millisecond than a page holds) moves past that millisecond with a warning.
   */
  async listAllOrders(q: Omit<ListOrdersQuery, 'limit' | 'direction'> = {}, pageSize = MAX_ORDERS_PAGE): Promise<OrderWire[]> {
    const limit = Math.max(1, Math.min(MAX_ORDERS_PAGE, Math.floor(pageSize)));
    const byId = new Map<string, OrderWire>();
    let after = q.after;
    for (let page = 0; page < MAX_ORDER_PAGES; page++) {
      const list = await this.listOrders({ ...q, after, limit, direction: 'asc' });
      const known = byId.size;
      for (const w of list) byId.set(w.id, w);
      if (list.length < limit) return [...byId.values()];
      const last = list.at(-1)!;
      const at = timeOrNull(last.submitted_at) ?? timeOrNull(last.created_at);
      if (at === null) {
        this.log.warn({ orderId: last.id }, `order ${last.id} has no readable submission time; listing stops after ${byId.size} orders`);
        return [...byId.values()];
      }
      const stuck = byId.size === known;
      if (stuck) this.log.warn({ at: isoUtc(at) }, `more than ${limit} orders within ${isoUtc(at)}; some of them may be missing from the listing`);
      after = isoUtc(stuck ? at + 1 : at - 1);
    }
    this.log.warn({ orders: byId.size }, `order listing stopped after ${MAX_ORDER_PAGES} pages`);
    return [...byId.values()];
  }

  /** GET /v2/orders/{id}; undefined on 404. */
  getOrder(id: string): Promise<OrderWire | undefined> {
    return orNotFound(this.rest.request({ method: 'GET', path: `/v2/orders/${encodeURIComponent(id)}`, schema: OrderWire, retry: 'idempotent' }));
  }

  /** GET /v2/orders:by_client_order_id; undefined on 404. */
  getOrderByClientId(clientOrderId: string): Promise<OrderWire | undefined> {
    return orNotFound(this.rest.request({
      method: 'GET', path: '/v2/orders:by_client_order_id', query: { client_order_id: clientOrderId }, schema: OrderWire, retry: 'idempotent',
    }));
  }

  /**
   * POST /v2/orders, never retried blindly. The rule:
   * 1. Send once (a 429 or refused connection — the server did not act — is waited out and resent).
   * 2. A definite answer (2xx, 4xx) is final: the order, or the error.
   * 3. After an ambiguous failure (timeout, dropped socket, 5xx) look the order up by
   *    `client_order_id`: if it exists, return it.
   * 4. Only when the lookup proves it absent (404), send it a second and last time; if that
   *    answer is lost too, or says the client_order_id is taken, look up once more and return
   *    what it finds.
   * 5. When a lookup itself fails, throw `OrderStateUnknownError` (never send blind).
   */
  async submitOrder(body: OrderRequestWire): Promise<SubmitResult> {
    const cid = body.client_order_id;
    if (!cid) throw new UsageError('an Alpaca order needs a client_order_id so a lost answer can be looked up');
    const post = () => this.rest.request({ method: 'POST', path: '/v2/orders', body, schema: OrderWire, retry: 'rate-limited' });
    try {
      return { order: await post(), recovered: false };
    } catch (err) {
      if (!isAmbiguous(err)) throw err;
      this.log.warn({ clientOrderId: cid }, `order ${cid}: answer lost (${(err as Error).message}); looking it up`);
    }
    const found = await this.lookup(cid);
    if (found) return { order: found, recovered: true };
    this.log.warn({ clientOrderId: cid }, `order ${cid}: not at the broker; sending it once more`);
    try {
      return { order: await post(), recovered: false };
    } catch (err) {
      if (!isAmbiguous(err) && !isDuplicateClientId(err)) throw err;
      const again = await this.lookup(cid);
      if (again) return { order: again, recovered: true };
      throw new OrderStateUnknownError(cid, { cause: err });
    }
  }

  private async lookup(cid: string): Promise<OrderWire | undefined> {
    try {
      return await this.getOrderByClientId(cid);
    } catch (err) {
      throw new OrderStateUnknownError(cid, { cause: err });
    }
  }

  /**
   * PATCH /v2/orders/{id} → the new order. Not retried; after an ambiguous failure the old order
   * is fetched and, when it was replaced, the replacement is returned.
   */
  async replaceOrder(id: string, body: ReplaceRequestWire): Promise<OrderWire> {
    try {
      return await this.rest.request({ method: 'PATCH', path: `/v2/orders/${encodeURIComponent(id)}`, body, schema: OrderWire, retry: 'rate-limited' });
    } catch (err) {
      if (!isAmbiguous(err)) throw err;
      const old = await this.getOrder(id).catch(() => undefined);
      const next = old?.replaced_by ? await this.getOrder(old.replaced_by).catch(() => undefined) : undefined;
      if (next) return next;
      throw err;
    }
  }

  /** DELETE /v2/orders/{id} (204); retried like a GET — cancelling twice is harmless. */
  async cancelOrder(id: string): Promise<void> {
    await this.rest.request({ method: 'DELETE', path: `/v2/orders/${encodeURIComponent(id)}`, schema: z.unknown(), retry: 'idempotent' });
  }

  /** DELETE /v2/orders (207 per-order statuses). */
  cancelAllOrders(): Promise<CancelAllEntryWire[]> {
    return this.rest.request({ method: 'DELETE', path: '/v2/orders', schema: z.array(CancelAllEntryWire).nullable().transform((x) => x ?? []), retry: 'idempotent' });
  }

  /** GET /v2/positions. */
  listPositions(): Promise<PositionWire[]> {
    return this.rest.request({ method: 'GET', path: '/v2/positions', schema: z.array(PositionWire), retry: 'idempotent' });
  }

  /** GET /v2/positions/{symbol}; undefined on 404. */
  getPosition(symbol: string): Promise<PositionWire | undefined> {
    return orNotFound(this.rest.request({ method: 'GET', path: `/v2/positions/${encodeURIComponent(symbol)}`, schema: PositionWire, retry: 'idempotent' }));
  }

  /** DELETE /v2/positions/{symbol} with `qty` or `percentage` → the closing order. */
  closePosition(symbol: string, amount: { qty?: string; percentage?: string } = {}): Promise<OrderWire> {
    return this.rest.request({ method: 'DELETE', path: `/v2/positions/${encodeURIComponent(symbol)}`, query: amount, schema: OrderWire, retry: 'rate-limited' });
  }

  /** DELETE /v2/positions (207 per-symbol statuses). */
  closeAllPositions(cancelOrders: boolean): Promise<CloseAllEntryWire[]> {
    return this.rest.request({
      method: 'DELETE', path: '/v2/positions', query: { cancel_orders: cancelOrders },
      schema: z.array(CloseAllEntryWire).nullable().transform((x) => x ?? []), retry: 'rate-limited',
    });
  }
}
