import { IdSequence } from '../core/ids.js';
import type { Frequency } from '../model/bar.js';
import type { BrokerAccount } from '../model/account.js';
import type { Asset } from '../model/asset.js';
import type { Dividend, Split } from '../model/corporate-actions.js';
import { isTerminal, type Order, type OrderRequest } from '../model/order.js';
import type { Position } from '../model/position.js';
import type { FillPolicy } from '../model/results.js';
import { NO_BROKER_EVENTS, NO_EVENTS, type Broker, type BrokerEvent, type ExecutionModels, type ImmediateBroker } from '../ports/broker.js';
import type { CancelPolicy, CommissionModel, SlippageModel } from '../ports/execution-models.js';
import type { BrokerageModel } from '../ports/brokerage-model.js';
import type { MarketData } from '../ports/market-data.js';
import type { TradingCalendar } from '../ports/calendar.js';
import { barOpen } from '../calendar/session-instants.js';
import { PerShareCommission } from '../finance/commission.js';
import { FixedBasisPointsSlippage } from '../finance/slippage/fixed-basis-points.js';
import { NeverCancel } from '../finance/cancel-policy.js';
import { Ledger } from '../finance/ledger.js';
import { filledAfter, statusAfterFill } from '../finance/order-lifecycle.js';
import { isEligible, fillsAtOpen } from './fill-policy.js';
import { applyTriggers, capAtLimit } from './order-triggers.js';
import { legOrder, stopLossStyle, trailAfterBar, validateStyleExtras } from './order-legs.js';
import { restyle, splitAdjustedOrder } from './order-split.js';
import { corporateActionTimes, type DatedAction } from './corporate-action-times.js';
import { placedOrder, WorkingOrders, type WorkingOrder } from './working-orders.js';
import { LazyFillBar } from './lazy-fill-bar.js';
import { checkVenueRules, validateOrderChanges, validateOrderRequest } from './order-validation.js';

/** How a `SimulatedBroker` is built. */
export interface SimulatedBrokerOptions {
  /** Prices; the caller advances it to `dt` before calling `sync(dt)`. */
  readonly marketData: MarketData;
  /** When and at what price orders fill (DESIGN.md §3.3); default `next-close`. */
  readonly fill?: FillPolicy;
  /** Default: zipline's — `perShare()`, `fixedBasisPoints()`, never cancel. */
  readonly models?: ExecutionModels;
  /** Splits to apply to open orders (and the broker's positions) on their effective date; they need `bars`. */
  readonly splits?: readonly Split[];
  /**
   * Dividends of the broker's own book (a venue's), earned on the shares held at the close before
   * the ex date and paid on the pay date; they need `bars`. The engine books a backtest's itself.
   */
  readonly dividends?: readonly Dividend[];
  /**
   * The calendar and frequency of the bars `sync` is called at. A split then applies from the
   * start of the first session on or after its effective date, the same session on every
   * calendar and in every zone; `next-open` fills are stamped with their bar's open. Without it
   * (no splits allowed) a fill is stamped with the bar's `dt`.
   */
  readonly bars?: { readonly calendar: TradingCalendar; readonly frequency: Frequency };
  /** Cash of the broker's own book; default 100 000 (the CLI's `--capital` default). */
  readonly startingCash?: number;
  /** Prefix of execution ids (`<prefix>-1`, `<prefix>-2`, …); default `fill`. */
  readonly idPrefix?: string;
  /** Makes execution ids instead (must be unique). */
  readonly newId?: () => string;
  /** Broker name; default `simulated`. */
  readonly name?: string;
  /**
   * The current instant, to stamp new orders (e.g. the engine's clock, so orders placed in
   * `beforeTradingStart` of the first session are accepted). Default: the dt of the last `sync`.
   */
  readonly time?: () => number;
  /**
   * Sids whose data has no volume (bundle meta `volume_unknown`): their bars are matched with
   * unlimited volume, so volume-capped slippage does not cap them.
   */
  readonly volumeUnknown?: Iterable<number>;
  /** A venue's order rules (`--venue-rules`): orders it would refuse are rejected here too. */
  readonly venueRules?: BrokerageModel;
  /**
   * Whether finished orders stay known (default true): `getOrder`, `cancelOrder` and the check
   * that a client order id is new see them. A backtest's engine keeps every order in its own book
   * and never reuses an id, so its broker forgets an order once it has finished.
   */
  readonly keepFinishedOrders?: boolean;
  /**
   * Whether the broker keeps its own cash and positions (default true). A backtest's engine books
   * every fill in its own ledger and never asks the broker, so its broker keeps none (no second
   * booking of each fill); `getPositions` and `getAccount` then reject. Venue rules judge orders
   * on the broker's positions: with `venueRules` the book is always kept.
   */
  readonly keepBook?: boolean;
}

const snapshot = (o: Order): Order => ({ ...o });
const same = (o: Order): Order => o;

/**
 * The broker of backtests and paper trading: matches open orders against bars from a `MarketData`
 * with the fill policy, trigger rules (`order-triggers.ts`), slippage, commission and cancel
 * policy, and keeps a small book of its own cash and positions. Mode-free: time only moves
 * through `sync(dt)`, and an order is stamped with `options.time()` or else the dt of the last `sync`.
 *
 * A slipped price is capped at the order's limit (zipline skips such a fill instead; here the
 * trigger used the bar's range, so the limit itself traded and a fill at the limit is what a
 * venue would give).
 *
 * `sync` and `sessionEnd` report what they changed — fills, status changes, split adjustments,
 * cancellations by the policy; the results of `submitOrder`, `cancelOrder` and `replaceOrder`
 * are returned by those calls and not reported again. The awaitable methods answer copies of
 * the orders; the `…Now` methods (`ImmediateBroker`, what the engine calls in a backtest) answer
 * at once with the broker's own records of working orders (a finished order is kept in columns
 * once the bar is done, and answered as a new copy).
 */
export class SimulatedBroker implements Broker, ImmediateBroker {
  readonly name: string;
  readonly fillPolicy: FillPolicy;
  private commission: CommissionModel = new PerShareCommission();
  private slippage: SlippageModel = new FixedBasisPointsSlippage();
  private cancelPolicy: CancelPolicy = new NeverCancel();
  private readonly marketData: MarketData;
  /** Every order by id, the working ones, and the links of OCO groups and bracket / OTO legs. */
  private readonly orders: WorkingOrders;
  /** Splits and dividends, each applied at the first bar at or after the start of its session. */
  private readonly actions: DatedAction[];
  private nextAction = 0;
  private readonly bars: SimulatedBrokerOptions['bars'];
  /** The broker's own cash and positions, kept by the same Ledger as the engine's books (null: none kept, `keepBook`). */
  private readonly book: Ledger | null;
  private readonly newId: () => string;
  private now = Number.NaN;
  private readonly time: (() => number) | undefined;
  /** Shares filled per asset on one bar: a slot per sid (`volumeSlot`) with the bar's dt, so a new bar starts from 0 without clearing. */
  private readonly volumeSlot = new Map<number, number>();
  private readonly volumeUsedAt: number[] = [];
  private readonly volumeUsed: number[] = [];
  /** Changes made outside `sync` (legs opened, linked orders cancelled), reported by the next `sync`. */
  private pending: BrokerEvent[] = [];
  /** How orders leave the broker: copies, or the records themselves during an immediate call. */
  private out: (o: Order) => Order = snapshot;
  private readonly volumeUnknown: ReadonlySet<number>;
  private readonly venueRules: BrokerageModel | undefined;
  /** Why each order did not fill on the last bar it was matched against. */
  private readonly missed = new Map<string, string>();

  constructor(options: SimulatedBrokerOptions) {
    this.name = options.name ?? 'simulated';
    this.marketData = options.marketData;
    this.fillPolicy = options.fill ?? 'next-close';
    if (options.models) this.configure(options.models);
    this.bars = options.bars;
    this.actions = corporateActionTimes(options.splits ?? [], options.dividends ?? [], this.bars?.calendar);
    // Its fills are made here, one per execution with a fresh id: no id set to keep.
    this.venueRules = options.venueRules;
    this.book = options.keepBook === false && !this.venueRules ? null : new Ledger(options.startingCash ?? 100_000, { uniqueFills: true });
    const ids = new IdSequence(options.idPrefix ?? 'fill');
    this.newId = options.newId ?? (() => ids.take());
    this.time = options.time;
    this.volumeUnknown = new Set(options.volumeUnknown ?? []);
    this.orders = new WorkingOrders(this.name, (o) => this.out(o), () => this.now, options.keepFinishedOrders ?? true);
  }

  /** Why the order did not fill on the last bar it was matched against, if it was. */
  unfilledReason(orderId: string): string | undefined {
    return this.missed.get(orderId);
  }

  /** The commission, slippage and cancel models in force. */
  get models(): Required<ExecutionModels> {
    return { commission: this.commission, slippage: this.slippage, cancelPolicy: this.cancelPolicy };
  }

  configure(models: ExecutionModels): void {
    if (models.commission) this.commission = models.commission;
    if (models.slippage) this.slippage = models.slippage;
    if (models.cancelPolicy) this.cancelPolicy = models.cancelPolicy;
  }

  /** Accepts an order as `open`; its id is the client order id. Throws `OrderRejectedError` when it cannot be placed. */
  async submitOrder(request: OrderRequest): Promise<Order> {
    return snapshot(this.place(request));
  }

  /** `submitOrder`, answering the broker's own record at once. */
  submitOrderNow(request: OrderRequest): Order {
    this.out = same;
    try {
      return this.place(request);
    } finally {
      this.out = snapshot;
    }
  }

  private place(request: OrderRequest): Order {
    const price = this.marketData.current(request.asset, 'price');
    const now = this.time?.() ?? this.now;
    validateOrderRequest(request, { price, now, known: this.orders.has(request.clientOrderId) });
    validateStyleExtras(request);
    if (this.venueRules) checkVenueRules(this.venueRules, request, price, this.book!.positions.get(request.asset)?.amount ?? 0, this.orders.working);
    const { style } = request;
    const order = placedOrder(request, price, now);
    const w: WorkingOrder = { order, lastBar: Number.NaN, mark: style.type === 'trailing_stop' ? price : undefined };
    this.orders.add(w);
    if (style.orderClass === 'oco' && style.legs?.stopLoss) {
      const leg = legOrder(order, 'sl', order.amount, stopLossStyle(style.legs.stopLoss), now);
      this.orders.open(leg, Number.NaN);
      this.orders.link([order.id, leg.id]);
      this.pending.push({ kind: 'order', order: this.out(leg) });
    }
    return order;
  }

  async cancelOrder(orderId: string): Promise<Order> {
    return snapshot(this.cancelRequested(orderId));
  }

  /** `cancelOrder`, answering the broker's own record at once. */
  cancelOrderNow(orderId: string): Order {
    this.out = same;
    try {
      return this.cancelRequested(orderId);
    } finally {
      this.out = snapshot;
    }
  }

  private cancelRequested(orderId: string): Order {
    const w = this.orders.lookup(orderId);
    if (!isTerminal(w.order.status)) {
      this.orders.cancel(w, 'cancelled on request', this.pending);
      this.orders.cancelLinked(w.order.id, `cancelled with ${w.order.id}`, this.pending);
    }
    return w.order;
  }

  /** Changes an open order in place (same id) and returns it; `stopReached` is kept. */
  async replaceOrder(orderId: string, changes: { amount?: number; limitPrice?: number; stopPrice?: number }): Promise<Order> {
    const w = this.orders.lookup(orderId);
    validateOrderChanges(w.order, changes);
    const o = w.order;
    const limitPrice = changes.limitPrice ?? o.limitPrice;
    const stopPrice = changes.stopPrice ?? o.stopPrice;
    w.order = { ...o, amount: changes.amount ?? o.amount, limitPrice, stopPrice, style: restyle(o.style, limitPrice, stopPrice), updatedAt: this.now };
    return snapshot(w.order);
  }

  async getOrder(orderId: string): Promise<Order | undefined> {
    const w = this.orders.get(orderId);
    return w && snapshot(w.order);
  }

  async getOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    return this.getOrder(clientOrderId);
  }

  async getOpenOrders(asset?: Asset): Promise<Order[]> {
    const out: Order[] = [];
    for (const w of this.orders.working) {
      if (!isTerminal(w.order.status) && (!asset || w.order.asset.sid === asset.sid)) out.push(snapshot(w.order));
    }
    return out;
  }

  async getPositions(): Promise<Position[]> {
    const book = this.ownBook();
    book.markToMarket(this.markPrice, this.now);
    return book.held.map((p) => ({ ...p }));
  }

  async getAccount(): Promise<BrokerAccount> {
    const book = this.ownBook();
    book.markToMarket(this.markPrice, this.now);
    return { cash: book.cash, equity: book.portfolioValue, buyingPower: book.cash };
  }

  private ownBook(): Ledger {
    if (this.book === null) throw new Error(`broker ${this.name} keeps no positions or cash of its own (built with keepBook: false); read the engine's ledger instead`);
    return this.book;
  }

  /**
   * Moves to the bar at `dt`: applies splits (and dividends) whose date starts at or before it, then
   * matches each eligible open order once per bar, in submission order, sharing the bar's volume
   * among orders of the same asset. Calling it again at the same `dt` only matches orders not yet
   * matched on that bar (with `same-close`, the orders the handler just placed). Call it at bar
   * instants only, after advancing the `MarketData` to `dt`: the bar it shows is the fill bar.
   */
  sync(dt: number): Promise<BrokerEvent[]> {
    try {
      return this.hasWork(dt) ? Promise.resolve(this.matchBar(dt)) : NO_BROKER_EVENTS;
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** `sync`, answering its events at once (with the broker's own order records). */
  syncNow(dt: number): readonly BrokerEvent[] {
    if (!this.hasWork(dt)) return NO_EVENTS;
    this.out = same;
    try {
      return this.matchBar(dt);
    } finally {
      this.out = snapshot;
    }
  }

  /**
   * Applies the splits and dividends due at or before `dt` without matching any order (a venue
   * does it overnight, before the session's first bar); returns the orders a split adjusted or
   * cancelled. `sync` applies those still due before it matches.
   */
  applyCorporateActions(dt: number): BrokerEvent[] {
    const events: BrokerEvent[] = [];
    if (this.nextAction < this.actions.length) this.applyActions(dt, events);
    return events;
  }

  /** Moves to `dt`; whether events are pending, a split or dividend is due or some order may be matched on its bar. */
  private hasWork(dt: number): boolean {
    this.now = dt;
    const actionDue = this.nextAction < this.actions.length && this.actions[this.nextAction]!.at <= dt;
    return actionDue || this.pending.length > 0 || this.hasOrderToMatch(dt);
  }

  /** Whether some open order has not been matched on the bar at `dt` yet and may fill on it. */
  private hasOrderToMatch(dt: number): boolean {
    const working = this.orders.working;
    for (let i = 0; i < working.length; i++) {
      const w = working[i]!;
      if (!isTerminal(w.order.status) && w.lastBar !== dt && isEligible(this.fillPolicy, w.order.createdAt, dt)) return true;
    }
    return false;
  }

  private matchBar(dt: number): BrokerEvent[] {
    const events = this.takePending();
    if (this.nextAction < this.actions.length) this.applyActions(dt, events);
    if (this.orders.working.length > 0) {
      for (const w of this.orders.working) {
        if (isTerminal(w.order.status) || w.lastBar === dt || !isEligible(this.fillPolicy, w.order.createdAt, dt)) continue;
        w.lastBar = dt;
        if (this.marketData.canTrade(w.order.asset)) this.match(w, dt, events);
        else this.missed.set(w.order.id, 'no bar to fill on');
      }
      if (this.cancelPolicy.shouldCancel('bar')) this.cancelMatched('cancelled by the cancel policy', events);
      this.orders.prune();
    }
    return events;
  }

  /**
   * The session ended at `dt`: with a cancel policy that cancels at the session end
   * (`cancelPolicy.eod()`), cancels the open orders that had at least one bar to fill on.
   */
  async sessionEnd(dt: number): Promise<BrokerEvent[]> {
    return this.endSession(dt);
  }

  /** `sessionEnd`, answering its events at once (with the broker's own order records). */
  sessionEndNow(dt: number): readonly BrokerEvent[] {
    this.out = same;
    try {
      return this.endSession(dt);
    } finally {
      this.out = snapshot;
    }
  }

  private endSession(dt: number): BrokerEvent[] {
    const events = this.takePending();
    if (Number.isNaN(this.now) || dt > this.now) this.now = dt;
    if (this.cancelPolicy.shouldCancel('session-end')) {
      this.cancelMatched(`cancelled at the session end (cancel policy ${this.cancelPolicy.name})`, events);
      this.orders.prune();
    }
    return events;
  }

  async close(): Promise<void> {}

  private takePending(): BrokerEvent[] {
    if (this.pending.length === 0) return [];
    const events = this.pending;
    this.pending = [];
    return events;
  }

  private readonly markPrice = (asset: Asset): number => this.marketData.current(asset, 'price');

  private match(w: WorkingOrder, dt: number, events: BrokerEvent[]): void {
    const o = w.order;
    const md = this.marketData;
    const a = o.asset;
    const volume = this.volumeUnknown.has(a.sid) ? Number.POSITIVE_INFINITY : md.current(a, 'volume');
    const bar = new LazyFillBar(md, a, volume);
    const trigger = applyTriggers(o, bar, fillsAtOpen(this.fillPolicy));
    o.stopReached = trigger.stopReached;
    if (w.mark !== undefined && !o.stopReached) w.mark = trailAfterBar(o, w.mark, bar);
    if (trigger.price === null) {
      const price = o.stopPrice !== null && !o.stopReached ? 'stop' : o.limitPrice !== null ? 'limit' : null;
      this.missed.set(o.id, price ? `${price} price never reached` : 'no price on the fill bar');
      return;
    }
    bar.price = trigger.price;
    const slot = this.volumeSlotOf(a.sid);
    const used = this.volumeUsedAt[slot] === dt ? this.volumeUsed[slot]! : 0;
    // The models see the order as it is before this fill (it changes only below, after they answered).
    const slipped = this.slippage.fill(o, bar, used);
    if (!slipped || !Number.isFinite(slipped.price) || !Number.isFinite(slipped.amount)) {
      this.missed.set(o.id, !(volume > 0) ? 'zero volume on the fill bars' : 'volume cap used up by other orders');
      return;
    }
    const remaining = o.amount - o.filled;
    const amount = Math.sign(remaining) * Math.min(Math.abs(slipped.amount), Math.abs(remaining));
    if (amount === 0 || Math.sign(slipped.amount) !== Math.sign(remaining)) return;
    const price = capAtLimit(o, slipped.price);
    const commission = this.commission.calculate(o, amount, price);
    const statusBefore = o.status;
    const at = this.bars && fillsAtOpen(this.fillPolicy) ? barOpen(this.bars.calendar, this.bars.frequency, dt) : dt;
    const fill = { executionId: this.newId(), orderId: o.id, asset: a, amount, price, commission, dt: at === at ? at : dt };
    o.filled = filledAfter(o.amount, o.filled, amount);
    o.commission += commission;
    o.status = statusAfterFill(o.status, o.amount, o.filled);
    o.updatedAt = dt;
    this.volumeUsedAt[slot] = dt;
    this.volumeUsed[slot] = used + Math.abs(amount);
    if (this.book !== null) this.book.applyFill(fill);
    const after = this.out(o);
    events.push({ kind: 'fill', fill, order: after });
    if (o.status !== statusBefore) events.push({ kind: 'order', order: after });
    if (this.orders.isLinked(o.id)) this.orders.cancelLinked(o.id, `cancelled: ${o.id} executed`, events);
    if (o.status === 'filled') this.orders.openLegs(w, dt, events);
  }

  /** The slot of asset `sid` in the volume-used columns (made on its first fill). */
  private volumeSlotOf(sid: number): number {
    let slot = this.volumeSlot.get(sid);
    if (slot === undefined) {
      slot = this.volumeUsed.length;
      this.volumeSlot.set(sid, slot);
      this.volumeUsed.push(0);
      this.volumeUsedAt.push(Number.NaN);
    }
    return slot;
  }

  private applyActions(dt: number, events: BrokerEvent[]): void {
    while (this.nextAction < this.actions.length && this.actions[this.nextAction]!.at <= dt) {
      const action = this.actions[this.nextAction++]!;
      if (action.kind === 'ex-dividend') this.book?.processDividends(action.session, [action.dividend]);
      else if (action.kind === 'pay-dividends') this.book?.processDividends(action.session, []);
      else this.applySplit(action.sid, action.ratio, dt, events);
    }
  }

  private applySplit(sid: number, ratio: number, dt: number, events: BrokerEvent[]): void {
    this.book?.applySplit(sid, ratio);
    for (const w of this.orders.working) {
      if (w.order.asset.sid !== sid || isTerminal(w.order.status)) continue;
      w.order = { ...splitAdjustedOrder(w.order, ratio), updatedAt: dt };
      if (w.order.amount === w.order.filled) this.orders.cancel(w, `nothing left to fill after the ${ratio}:1 split`, events);
      if (w.mark !== undefined) w.mark /= ratio;
      events.push({ kind: 'order', order: this.out(w.order) });
    }
  }

  private cancelMatched(reason: string, events: BrokerEvent[]): void {
    for (const w of this.orders.working) {
      if (isTerminal(w.order.status) || Number.isNaN(w.lastBar)) continue;
      this.orders.cancel(w, reason, events);
      events.push({ kind: 'order', order: this.out(w.order) });
    }
  }

}
