import type { OrderIntake } from '../order-intake.js';
import { isClosed, type VenueOrder } from '../venue-order.js';
import type { Venue, VenueUpdate } from '../venue.js';
import { BINANCE_CODES as C, BinanceError, badRequest } from './errors.js';
import { binanceMarkets, onStep, type BinanceMarket } from './markets.js';
import type { BinanceTrade } from './order-wire.js';

/** Binance's spot fee: 0.1 % of the traded value, charged here in the quote asset. */
export const BINANCE_FEE_RATE = 0.001;

const TYPES: Record<string, OrderIntake['type']> = { MARKET: 'market', LIMIT: 'limit', STOP_LOSS: 'stop', STOP_LOSS_LIMIT: 'stop_limit' };

const mandatory = (name: string): BinanceError =>
  badRequest(C.MANDATORY_PARAM_MISSING, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);

function positive(p: URLSearchParams, name: string, required: boolean): number | null {
  const v = p.get(name);
  if (v === null || v === '') {
    if (required) throw mandatory(name);
    return null;
  }
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0) || n > 1e12) throw badRequest(C.BAD_PARAMETER, `Illegal characters found in parameter '${name}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.`);
  return n;
}

/**
 * Binance spot semantics over the venue: markets from the bundle, balances (the quote asset is
 * the venue's cash, base assets its positions; open orders lock what they may spend), order
 * intake with Binance's filters and balance rule (no short selling on spot), and the executions
 * as trades with their fee.
 */
export class BinanceExchange {
  readonly markets: Map<string, BinanceMarket>;
  readonly trades: BinanceTrade[] = [];
  private readonly bySid = new Map<number, BinanceMarket>();
  private tradeIds = 0;

  constructor(readonly venue: Venue) {
    this.markets = binanceMarkets(venue.assets());
    for (const m of this.markets.values()) this.bySid.set(m.asset.sid, m);
    venue.onUpdate((u) => this.record(u));
  }

  marketOf(symbol: string | null): BinanceMarket {
    if (!symbol) throw mandatory('symbol');
    const m = this.markets.get(symbol.toUpperCase());
    if (!m) throw badRequest(C.BAD_SYMBOL, 'Invalid symbol.');
    return m;
  }

  marketOfOrder(o: VenueOrder): BinanceMarket {
    return this.bySid.get(o.asset.sid)!;
  }

  /** Free and locked amount of every asset that has a balance or a market (quote = cash). */
  async balances(): Promise<{ asset: string; free: number; locked: number }[]> {
    const [account, positions] = await Promise.all([this.venue.broker.getAccount(), this.venue.broker.getPositions()]);
    const total = new Map<string, number>();
    const locked = new Map<string, number>();
    const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
    for (const m of this.markets.values()) {
      add(total, m.base, 0);
      add(total, m.quote, 0);
    }
    const quotes = [...new Set([...this.markets.values()].map((m) => m.quote))];
    add(total, quotes[0] ?? 'USDT', account.cash);
    for (const p of positions) {
      const m = this.bySid.get(p.asset.sid);
      if (m) add(total, m.base, p.amount);
    }
    for (const o of this.venue.openOrders()) {
      const m = this.marketOfOrder(o);
      const left = o.qty - o.filledQty;
      if (o.side === 'sell') add(locked, m.base, left);
      else add(locked, m.quote, left * (o.limitPrice ?? lastPrice(this.venue, o)) * (1 + BINANCE_FEE_RATE));
    }
    return [...total].map(([asset, t]) => ({ asset, free: Math.max(0, t - (locked.get(asset) ?? 0)), locked: locked.get(asset) ?? 0 }));
  }

  /** POST /api/v3/order: checks the request as Binance would and hands it to the venue. */
  async newOrder(p: URLSearchParams): Promise<VenueOrder> {
    const m = this.marketOf(p.get('symbol'));
    const side = p.get('side');
    if (side !== 'BUY' && side !== 'SELL') throw side ? badRequest(C.INVALID_SIDE, 'Invalid side.') : mandatory('side');
    const typeName = p.get('type');
    if (!typeName) throw mandatory('type');
    const type = TYPES[typeName];
    if (!type) throw badRequest(C.INVALID_ORDER_TYPE, 'Invalid orderType.');
    if (p.get('quoteOrderQty')) throw badRequest(C.BAD_PARAMETER, 'quoteOrderQty is not supported by the simulator; send quantity.');
    const qty = positive(p, 'quantity', true)!;
    const price = positive(p, 'price', type === 'limit' || type === 'stop_limit');
    const stop = positive(p, 'stopPrice', type === 'stop' || type === 'stop_limit');
    const tifName = p.get('timeInForce');
    if ((type === 'limit' || type === 'stop_limit') && !tifName) throw mandatory('timeInForce');
    if (tifName && tifName !== 'GTC' && tifName !== 'IOC') throw badRequest(C.BAD_PARAMETER, `timeInForce ${tifName} is not supported by the simulator (GTC, IOC).`);
    if (type === 'market' && (price !== null || tifName)) throw badRequest(-1106, "Parameter 'price' sent when not required.");
    if (!onStep(qty, m.stepSize) || qty < m.minQty) throw badRequest(C.FILTER_FAILURE, 'Filter failure: LOT_SIZE');
    for (const x of [price, stop]) if (x !== null && !onStep(x, m.tickSize)) throw badRequest(C.FILTER_FAILURE, 'Filter failure: PRICE_FILTER');
    const last = this.venue.price(m.asset);
    const ref = price ?? stop ?? last;
    if (Number.isFinite(ref) && qty * ref < m.minNotional) throw badRequest(C.FILTER_FAILURE, 'Filter failure: NOTIONAL');
    const clientOrderId = p.get('newClientOrderId');
    if (clientOrderId) {
      const dup = this.venue.getByClientId(clientOrderId);
      if (dup && !isClosed(dup.status)) throw badRequest(C.NEW_ORDER_REJECTED, 'Duplicate order sent.');
    }
    const free = new Map((await this.balances()).map((b) => [b.asset, b.free]));
    const need = side === 'SELL' ? qty : qty * (Number.isFinite(ref) ? ref : 0) * (1 + BINANCE_FEE_RATE);
    if (need > (free.get(side === 'SELL' ? m.base : m.quote) ?? 0) + 1e-9) throw badRequest(C.NEW_ORDER_REJECTED, 'Account has insufficient balance for requested action.');
    const intake: OrderIntake = {
      symbol: m.asset.symbol, asset: m.asset, qty, shares: qty, notional: null, side: side === 'BUY' ? 'buy' : 'sell', type,
      timeInForce: tifName === 'IOC' ? 'ioc' : 'gtc', limitPrice: price, stopPrice: stop, trailPrice: null, trailPercent: null,
      extendedHours: false, clientOrderId: clientOrderId && !this.venue.getByClientId(clientOrderId) ? clientOrderId : null, orderClass: 'simple',
    };
    return this.venue.accept(intake);
  }

  /** The order named by `orderId` or `origClientOrderId` on `symbol` (-2013 when none). */
  findOrder(p: URLSearchParams, notFound: BinanceError = badRequest(C.NO_SUCH_ORDER, 'Order does not exist.')): VenueOrder {
    const m = this.marketOf(p.get('symbol'));
    const id = p.get('orderId'), cid = p.get('origClientOrderId');
    if (!id && !cid) throw mandatory('orderId');
    const o = id ? this.venue.all().find((x) => String(x.seq) === id && x.parentId === null) : this.venue.getByClientId(cid!);
    if (!o || o.asset.sid !== m.asset.sid) throw notFound;
    return o;
  }

  private record(u: VenueUpdate): void {
    if (u.executionId === undefined) return;
    const m = this.marketOfOrder(u.order);
    this.trades.push({
      symbol: m.symbol, id: ++this.tradeIds, orderId: u.order.seq, price: u.price!, qty: u.qty!, commission: u.price! * u.qty! * BINANCE_FEE_RATE,
      commissionAsset: m.quote, time: u.at, isBuyer: u.order.side === 'buy', isMaker: u.order.type === 'limit',
    });
  }
}

function lastPrice(venue: Venue, o: VenueOrder): number {
  const p = venue.price(o.asset);
  return Number.isFinite(p) ? p : 0;
}
