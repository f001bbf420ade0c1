import { randomUUID } from 'node:crypto';
import { OrderRejectedError } from '../core/errors.js';
import type { Asset } from '../model/asset.js';
import type { MarketData } from '../ports/market-data.js';
import type { SimulatedBroker } from '../sim/simulated-broker.js';
import { decimalOrNull, type AlpacaOrderRequest } from '../adapters/alpaca/parse.js';
import { CODE_INVALID, CODE_UNPROCESSABLE, type RuleOpenOrder } from '../adapters/alpaca/rules.js';
import { ReplaceRequestWire } from '../adapters/alpaca/wire/trading.js';
import { checkDecimals, checkOrder, openingCost, parseOrderBody, type IntakeContext, type OrderIntake } from './order-intake.js';
import { isClosed, legsOf, venueStyle, type VenueOrder } from './venue-order.js';
import { notFound, VenueError } from './venue-error.js';

/** One trade_updates event: the order after it, and for fills this execution's price and qty. */
export interface VenueUpdate {
  readonly event: 'new' | 'partial_fill' | 'fill' | 'canceled' | 'expired' | 'replaced' | 'rejected';
  readonly order: VenueOrder;
  /** Simulated epoch ms of the event. */
  readonly at: number;
  readonly executionId?: string;
  readonly price?: number;
  readonly qty?: number;
  /** Signed position after the event. */
  readonly positionQty?: number;
}

/** What the venue is built from. */
export interface VenueParts {
  readonly broker: SimulatedBroker;
  readonly marketData: MarketData;
  readonly assets: readonly Asset[];
  /** Simulated time now. */
  readonly now: () => number;
  /** Whether an asset trades on the current simulated day. */
  readonly isTradable: (asset: Asset) => boolean;
  /** Minutes since midnight ET, now. */
  readonly venueMinuteOfDay: () => number;
}


/**
 * The simulated Alpaca venue: Alpaca's order objects, ids, statuses and rules over the matching
 * `SimulatedBroker` (which holds cash and positions). The replay calls `onMinute` as each minute
 * completes and `onSessionClose` at each close; every change is published to `onUpdate` listeners.
 */
export class Venue {
  readonly broker: SimulatedBroker;
  private readonly md: MarketData;
  private readonly orders = new Map<string, VenueOrder>();
  /** Orders by their id in the matching broker (legs have their own there). */
  private readonly byBrokerId = new Map<string, VenueOrder>();
  private readonly byClientId = new Map<string, VenueOrder>();
  private readonly bySymbol: Map<string, Asset>;
  private readonly placedAt = new Map<string, number>();
  private readonly listeners = new Set<(u: VenueUpdate) => void>();
  private seq = 0;
  private lastSync = -Infinity;
  /** The minute being replayed (what events are stamped with meanwhile). */
  private replaying: number | null = null;

  constructor(private readonly parts: VenueParts) {
    this.broker = parts.broker;
    this.md = parts.marketData;
    this.bySymbol = new Map(parts.assets.map((a) => [a.symbol.toUpperCase(), a]));
  }

  /** The instant orders and events are stamped with: simulated now, never before the last processed minute. */
  stamp(): number {
    return this.replaying ?? Math.max(this.parts.now(), this.lastSync);
  }

  /** Registers a listener of trade updates; returns its remover. */
  onUpdate(listener: (u: VenueUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The assets the venue lists. */
  assets(): readonly Asset[] {
    return this.parts.assets;
  }

  /** Last trade price of `asset` (NaN before its first bar). */
  price(asset: Asset): number {
    return this.md.current(asset, 'price');
  }

  assetOf(symbol: string): Asset | undefined {
    return this.bySymbol.get(symbol.toUpperCase());
  }

  /** POST /v2/orders. */
  async submit(body: unknown): Promise<VenueOrder> {
    const intake = checkOrder(parseOrderBody(body), await this.intakeContext());
    return this.open(intake, null);
  }

  /**
   * Accepts an order another wire protocol has checked with its own rules (Alpaca's are not
   * applied): it is placed, matched and reported like any other.
   */
  accept(intake: OrderIntake): Promise<VenueOrder> {
    return this.open(intake, null);
  }

  /** DELETE /v2/orders/{id}. */
  async cancel(id: string): Promise<VenueOrder> {
    const o = this.mustGet(id);
    if (isClosed(o.status)) throw new VenueError(422, CODE_UNPROCESSABLE, 'order is not cancelable');
    await this.close(o, 'canceled');
    return o;
  }

  /** DELETE /v2/orders: 207 entries. */
  async cancelAll(): Promise<{ id: string; status: number; body?: Record<string, unknown> }[]> {
    const out: { id: string; status: number; body?: Record<string, unknown> }[] = [];
    for (const o of this.openOrders()) {
      try {
        await this.cancel(o.id);
        out.push({ id: o.id, status: 200 });
      } catch (err) {
        if (!(err instanceof VenueError)) throw err;
        out.push({ id: o.id, status: err.status, body: err.body() });
      }
    }
    return out;
  }

  /** PATCH /v2/orders/{id}: a new order replacing `id` (default qty: what was left of it). */
  async replace(id: string, body: unknown): Promise<VenueOrder> {
    const old = this.mustGet(id);
    if (isClosed(old.status)) throw new VenueError(422, CODE_UNPROCESSABLE, 'order is not replaceable');
    if (old.type === 'trailing_stop' || old.orderClass !== 'simple' || old.parentId !== null) {
      throw new VenueError(422, CODE_UNPROCESSABLE, 'replacing trailing-stop and bracket/OCO/OTO orders is not supported by the simulator; cancel and submit again');
    }
    const parsed = ReplaceRequestWire.safeParse(body);
    if (!parsed.success) throw new VenueError(422, CODE_INVALID, `invalid replace request: ${parsed.error.issues[0]?.message ?? 'body'}`);
    const c = parsed.data;
    checkDecimals({ qty: decimalOrNull(c.qty), limit_price: decimalOrNull(c.limit_price), stop_price: decimalOrNull(c.stop_price) });
    const request: AlpacaOrderRequest = {
      symbol: old.asset.symbol,
      qty: decimalOrNull(c.qty) ?? old.qty - old.filledQty,
      notional: null,
      side: old.side,
      type: old.type,
      timeInForce: c.time_in_force ?? old.timeInForce,
      limitPrice: decimalOrNull(c.limit_price) ?? old.limitPrice,
      stopPrice: decimalOrNull(c.stop_price) ?? old.stopPrice,
      trailPrice: null,
      trailPercent: null,
      extendedHours: old.extendedHours,
      clientOrderId: c.client_order_id ?? null,
      orderClass: 'simple',
    };
    const intake = checkOrder(request, await this.intakeContext(old.id));
    if (old.placed) await this.broker.cancelOrder(old.id);
    const at = this.stamp();
    const next = await this.open(intake, old.id, false);
    Object.assign(old, { status: 'replaced', replacedAt: at, replacedBy: next.id, updatedAt: at });
    this.emit({ event: 'replaced', order: old, at });
    this.emit({ event: 'new', order: next, at });
    return next;
  }

  get(id: string): VenueOrder | undefined {
    return this.orders.get(id);
  }

  getByClientId(clientOrderId: string): VenueOrder | undefined {
    return this.byClientId.get(clientOrderId);
  }

  /** Every order, in submission order. */
  all(): VenueOrder[] {
    return [...this.orders.values()];
  }

  openOrders(): VenueOrder[] {
    return this.all().filter((o) => !isClosed(o.status));
  }

  /** Buying power: min(cash, equity) less the cash committed by open orders (except `excluding`). */
  buyingPower(cash: number, equity: number, positions: ReadonlyMap<number, number>, excluding?: string): number {
    let reserved = 0;
    for (const o of this.openOrders()) {
      if (o.id === excluding) continue;
      const price = o.limitPrice ?? this.md.current(o.asset, 'price');
      if (Number.isFinite(price)) reserved += openingCost(o.side, o.qty - o.filledQty, positions.get(o.asset.sid) ?? 0, price);
    }
    return Math.max(0, Math.min(cash, equity) - reserved);
  }

  /** Matches open orders against the minute that completed at `dt` (the market data is already there). */
  async onMinute(dt: number): Promise<void> {
    this.lastSync = dt;
    this.replaying = dt;
    try {
      await this.matchMinute(dt);
    } finally {
      this.replaying = null;
    }
  }

  private async matchMinute(dt: number): Promise<void> {
    for (const o of this.all()) if (!o.placed && !isClosed(o.status) && o.parentId === null) await this.place(o);
    const qty = await this.positionMap();
    for (const ev of await this.broker.sync(dt)) {
      const o = this.byBrokerId.get(ev.order.id);
      if (!o || isClosed(o.status)) continue;
      if (ev.kind === 'order' && ev.order.status === 'open' && o.status === 'held') {
        Object.assign(o, { status: 'new', placed: true, qty: Math.abs(ev.order.amount), updatedAt: dt });
        this.placedAt.set(o.id, dt);
        this.emit({ event: 'new', order: o, at: dt });
      } else if (ev.kind === 'fill') {
        const { fill } = ev;
        const shares = Math.abs(fill.amount);
        o.filledQty = ev.order.status === 'filled' ? o.qty : o.filledQty + shares;
        o.filledNotional += shares * fill.price;
        o.status = ev.order.status === 'filled' ? 'filled' : 'partially_filled';
        o.updatedAt = dt;
        if (o.status === 'filled') o.filledAt = dt;
        const position = (qty.get(fill.asset.sid) ?? 0) + fill.amount;
        qty.set(fill.asset.sid, position);
        this.emit({ event: o.status === 'filled' ? 'fill' : 'partial_fill', order: o, at: dt, executionId: fill.executionId, price: fill.price, qty: shares, positionQty: position });
      } else if (ev.order.status === 'cancelled') {
        await this.close(o, 'canceled');
      }
    }
    for (const o of this.openOrders()) {
      if (o.timeInForce === 'ioc' && o.placed && this.placedAt.get(o.id)! < dt) await this.close(o, 'canceled');
    }
    await this.followTrailingStops();
  }

  /** Copies the trailing stops' current stop prices from the matching broker. */
  private async followTrailingStops(): Promise<void> {
    for (const o of this.openOrders()) {
      if (o.type !== 'trailing_stop' || !o.placed) continue;
      const b = await this.broker.getOrder(o.brokerId);
      if (b && b.stopPrice !== o.stopPrice) Object.assign(o, { stopPrice: b.stopPrice });
    }
  }

  /**
   * A session's date started at `at`: the splits and dividends due by then are applied to the
   * account; a split adjusts open orders in the matching broker (quantity and prices) and their
   * quantities here (the limit and stop prices shown stay as submitted).
   */
  async onSessionStart(at: number): Promise<void> {
    for (const ev of this.broker.applyCorporateActions(at)) {
      const o = this.byBrokerId.get(ev.order.id);
      if (!o || isClosed(o.status)) continue;
      if (ev.order.status === 'cancelled') await this.close(o, 'canceled', at);
      else Object.assign(o, { qty: Math.abs(ev.order.amount), filledQty: Math.abs(ev.order.filled), updatedAt: at });
    }
  }

  /** The session closed at `close`: DAY (and opg/cls/ioc) orders submitted before it expire. */
  async onSessionClose(close: number): Promise<void> {
    for (const o of this.openOrders()) {
      if (o.timeInForce !== 'gtc' && o.createdAt < close) await this.close(o, 'expired', close);
    }
  }

  /** Signed positions by sid. */
  async positionMap(): Promise<Map<number, number>> {
    return new Map((await this.broker.getPositions()).map((p) => [p.asset.sid, p.amount]));
  }

  private async intakeContext(excluding?: string): Promise<IntakeContext> {
    const [held, account] = await Promise.all([this.broker.getPositions(), this.broker.getAccount()]);
    const positions = new Map(held.map((p) => [p.asset.sid, p.amount]));
    return {
      assetOf: (s) => this.assetOf(s),
      isTradable: (a) => this.parts.isTradable(a),
      positionQty: (a) => positions.get(a.sid) ?? 0,
      openOrders: () => this.openOrders().filter((o) => o.id !== excluding).map(toRuleOrder),
      isDuplicate: (cid) => this.byClientId.has(cid),
      price: (a) => this.md.current(a, 'price'),
      buyingPower: () => this.buyingPower(account.cash, account.equity, positions, excluding),
      venueMinuteOfDay: () => this.parts.venueMinuteOfDay(),
    };
  }

  private async open(intake: OrderIntake, replaces: string | null, announce = true): Promise<VenueOrder> {
    const at = this.stamp();
    const o: VenueOrder = {
      id: randomUUID(),
      clientOrderId: intake.clientOrderId ?? randomUUID(),
      seq: ++this.seq,
      asset: intake.asset,
      side: intake.side,
      type: intake.type,
      timeInForce: intake.timeInForce,
      qty: intake.shares,
      notional: intake.notional,
      limitPrice: intake.limitPrice,
      stopPrice: intake.stopPrice,
      extendedHours: intake.extendedHours,
      status: 'new',
      filledQty: 0,
      filledNotional: 0,
      createdAt: at,
      updatedAt: at,
      filledAt: null,
      expiredAt: null,
      canceledAt: null,
      replacedAt: null,
      replacedBy: null,
      replaces,
      placed: false,
      brokerId: '',
      orderClass: (intake.orderClass === '' ? 'simple' : intake.orderClass) as VenueOrder['orderClass'],
      trailPrice: intake.trailPrice,
      trailPercent: intake.trailPercent,
      legSpec: intake.legs ?? null,
      legs: [],
      parentId: null,
    };
    Object.assign(o, { brokerId: o.id });
    this.register(o);
    for (const leg of legsOf(o, () => ++this.seq)) {
      o.legs.push(leg);
      this.register(leg);
    }
    await this.place(o);
    if (announce && o.status !== 'rejected') this.emit({ event: 'new', order: o, at });
    return o;
  }

  private register(o: VenueOrder): void {
    this.orders.set(o.id, o);
    this.byBrokerId.set(o.brokerId, o);
    this.byClientId.set(o.clientOrderId, o);
  }

  /** Hands the order to the matching broker once its asset has a price. */
  private async place(o: VenueOrder): Promise<void> {
    if (!Number.isFinite(this.md.current(o.asset, 'price'))) return;
    try {
      const placed = await this.broker.submitOrder({
        asset: o.asset, amount: o.side === 'sell' ? -o.qty : o.qty, style: venueStyle(o), clientOrderId: o.brokerId,
      });
      o.placed = true;
      this.placedAt.set(o.id, placed.createdAt);
      for (const leg of o.legs) if (leg.status === 'new') leg.placed = true;
      if (placed.stopPrice !== o.stopPrice) Object.assign(o, { stopPrice: placed.stopPrice });
    } catch (err) {
      if (!(err instanceof OrderRejectedError)) throw err;
      o.status = 'rejected';
      o.updatedAt = this.stamp();
      this.emit({ event: 'rejected', order: o, at: o.updatedAt });
    }
  }

  private async close(o: VenueOrder, status: 'canceled' | 'expired', at = this.stamp()): Promise<void> {
    if (o.placed) await this.broker.cancelOrder(o.brokerId);
    if (o.filledQty === 0) {
      for (const leg of o.legs) if (leg.status === 'held') await this.close(leg, 'canceled', at);
    }
    o.status = status;
    o.updatedAt = at;
    if (status === 'canceled') o.canceledAt = at;
    else o.expiredAt = at;
    this.emit({ event: status, order: o, at });
  }

  private mustGet(id: string): VenueOrder {
    const o = this.orders.get(id);
    if (!o) throw notFound('order not found');
    return o;
  }

  private emit(u: VenueUpdate): void {
    const snapshot = { ...u, order: { ...u.order } };
    for (const l of this.listeners) l(snapshot);
  }
}

function toRuleOrder(o: VenueOrder): RuleOpenOrder {
  return { symbol: o.asset.symbol, side: o.side, remainingQty: o.qty - o.filledQty };
}

