import type { Logger } from 'pino';
import { OrderRejectedError, SymbolNotFoundError, ZiplimeError } from '../core/errors.js';
import { dayNumber, isoUtc } from '../core/time.js';
import type { Account, Portfolio } from '../model/account.js';
import type { Asset } from '../model/asset.js';
import type { Order, OrderStyle, OrderStyleInput } from '../model/order.js';
import type { AssetFinder } from '../ports/asset-finder.js';
import type { CancelPolicy, CommissionModel, SlippageModel } from '../ports/execution-models.js';
import { describeCall } from './settings-description.js';
import type { MarketData } from '../ports/market-data.js';
import { controls, type SizeLimits } from '../finance/controls.js';
import type { Ledger } from '../finance/ledger.js';
import type { AssetRef, Context, ControlOptions, ScheduledFunction } from '../strategy/context.js';
import { isThenable } from '../core/promise.js';
import { isAsset, resolveAsset } from './asset-ref.js';
import type { DateRule, TimeRule } from '../strategy/rules.js';
import type { AttachedPipelines } from '../pipeline/attached.js';
import type { PipelineFrame } from '../pipeline/engine.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { MetricsTracker } from './metrics-tracker.js';
import type { OrderManager } from './order-manager.js';
import { roundShares, sharesForValue } from './order-sizing.js';
import { resolveOrderStyle } from './order-style-input.js';
import type { RunState } from './run-state.js';
import type { Scheduler } from './scheduler.js';

const MARKET: OrderStyle = Object.freeze({ type: 'market' });
const NO_ORDER: Promise<null> = Promise.resolve(null);

/** The order methods of `ctx`, by how they size an order. */
type OrderMethod = 'order' | 'orderValue' | 'orderPercent' | 'orderTarget' | 'orderTargetValue' | 'orderTargetPercent';

/** What the context is built on; all owned by the engine. */
export interface ContextParts {
  readonly state: RunState;
  readonly ledger: Ledger;
  readonly orders: OrderManager;
  readonly market: MarketData;
  readonly assets: AssetFinder;
  readonly scheduler: Scheduler;
  readonly tracker: MetricsTracker;
  readonly logger: Logger;
  /** Pipelines of the run; absent where the mode has none. */
  readonly pipelines?: AttachedPipelines;
}

/**
 * `ctx` (DESIGN.md §3.1) with zipline's order arithmetic: amounts round toward zero for
 * non-fractionable assets (snapping within 0.0001 of a whole share), values and percents are
 * converted at the current price, targets count the position and the open orders of the asset.
 */
export class StrategyContext<P, S> implements Context<P, S> {
  state: S;
  private logDt = NaN;
  private logChild: Logger | undefined;
  /** Each ordered asset's `endDate` as a day number (NaN when it is not a `YYYY-MM-DD` day). */
  private readonly endDays = new Map<Asset, number>();

  constructor(readonly params: P, state: S, private readonly parts: ContextParts) {
    this.state = state;
  }

  get now(): Date { return new Date(this.parts.state.dt); }
  get session(): string { return this.parts.state.session; }
  get portfolio(): Portfolio { return this.parts.ledger.portfolio; }
  get account(): Account { return this.parts.ledger.account; }

  /** A child logger whose lines carry the simulation time. */
  get log(): Logger {
    const dt = this.parts.state.dt;
    if (!this.logChild || dt !== this.logDt) {
      this.logChild = this.parts.logger.child({ simTime: dt > 0 ? isoUtc(dt) : null });
      this.logDt = dt;
    }
    return this.logChild;
  }

  async symbol(ticker: string): Promise<Asset> {
    const asset = await this.parts.assets.lookupSymbol(ticker);
    if (!asset) throw new SymbolNotFoundError(ticker, undefined, this.parts.assets.bundle);
    return asset;
  }

  symbols(...tickers: string[]): Promise<Asset[]> {
    return Promise.all(tickers.map((t) => this.symbol(t)));
  }

  async sid(n: number): Promise<Asset> {
    const asset = await this.parts.assets.lookupSid(n);
    if (!asset) throw new SymbolNotFoundError(`sid ${n}`, undefined, this.parts.assets.bundle);
    return asset;
  }

  order(asset: AssetRef, amount: number, style: OrderStyleInput = MARKET): Promise<Order | null> {
    return this.orderSized(asset, 'order', amount, style);
  }

  orderValue(asset: AssetRef, value: number, style: OrderStyleInput = MARKET): Promise<Order | null> {
    return this.orderSized(asset, 'orderValue', value, style);
  }

  orderPercent(asset: AssetRef, percent: number, style: OrderStyleInput = MARKET): Promise<Order | null> {
    return this.orderSized(asset, 'orderPercent', percent, style);
  }

  orderTarget(asset: AssetRef, target: number, style: OrderStyleInput = MARKET): Promise<Order | null> {
    return this.orderSized(asset, 'orderTarget', target, style);
  }

  orderTargetValue(asset: AssetRef, target: number, style: OrderStyleInput = MARKET): Promise<Order | null> {
    return this.orderSized(asset, 'orderTargetValue', target, style);
  }

  orderTargetPercent(asset: AssetRef, target: number, style: OrderStyleInput = MARKET): Promise<Order | null> {
    // The value is taken before the asset is looked up (a symbol's lookup may wait).
    return this.orderSized(asset, 'orderTargetPercent', this.parts.ledger.portfolioValue * target, style);
  }

  cancelOrder(orderOrId: Order | string): Promise<void> {
    return this.parts.orders.cancel(typeof orderOrId === 'string' ? orderOrId : orderOrId.id);
  }

  getOpenOrders(asset?: AssetRef): Promise<Order[]> {
    if (asset === undefined) return Promise.resolve(this.parts.orders.openOrders());
    return this.withAsset(asset, 'getOpenOrders', (a) => Promise.resolve(this.parts.orders.openOrders(a)));
  }

  getOrder(id: string): Promise<Order | undefined> {
    return Promise.resolve(this.parts.orders.orders.get(id));
  }

  scheduleFunction(fn: ScheduledFunction<P, S>, dateRule?: DateRule, timeRule?: TimeRule, options?: { halfDays?: boolean }): void {
    if (typeof fn !== 'function') throw new TypeError('scheduleFunction: the first argument must be a function');
    this.parts.scheduler.add(fn as ScheduledFunction, dateRule, timeRule, options?.halfDays ?? true);
  }

  record(values: Record<string, number>): void {
    this.parts.tracker.record(values);
  }

  setCommission(model: CommissionModel): void {
    this.initializing('setCommission');
    this.parts.state.models.commission = model;
  }

  setSlippage(model: SlippageModel): void {
    this.initializing('setSlippage');
    this.parts.state.models.slippage = model;
  }

  setCancelPolicy(policy: CancelPolicy): void {
    this.initializing('setCancelPolicy');
    this.parts.state.models.cancelPolicy = policy;
  }

  setBenchmark(assetOrSymbol: Asset | string): void {
    this.initializing('setBenchmark');
    this.parts.state.benchmark = assetOrSymbol;
  }

  setLongOnly(options?: ControlOptions): void {
    this.initializing('setLongOnly');
    this.parts.state.controlCalls.push(describeCall('setLongOnly', [options]));
    this.parts.state.tradingControls.push(controls.longOnly(options));
  }

  setMaxLeverage(maxLeverage: number, options?: ControlOptions): void {
    this.initializing('setMaxLeverage');
    this.parts.state.controlCalls.push(describeCall('setMaxLeverage', [maxLeverage, options]));
    this.parts.state.accountControls.push(controls.maxLeverage(maxLeverage, options));
  }

  setMaxPositionSize(limits: SizeLimits): void {
    this.initializing('setMaxPositionSize');
    this.parts.state.controlCalls.push(describeCall('setMaxPositionSize', [limits]));
    this.parts.state.tradingControls.push(controls.maxPositionSize(limits));
  }

  setMaxOrderSize(limits: SizeLimits): void {
    this.initializing('setMaxOrderSize');
    this.parts.state.controlCalls.push(describeCall('setMaxOrderSize', [limits]));
    this.parts.state.tradingControls.push(controls.maxOrderSize(limits));
  }

  setMaxOrderCount(maxCount: number, options?: ControlOptions): void {
    this.initializing('setMaxOrderCount');
    this.parts.state.controlCalls.push(describeCall('setMaxOrderCount', [maxCount, options]));
    this.parts.state.tradingControls.push(controls.maxOrderCount(maxCount, options));
  }

  setDoNotOrderList(assets: Iterable<Asset | string>, options?: ControlOptions): void {
    this.initializing('setDoNotOrderList');
    const list = [...assets];
    this.parts.state.controlCalls.push(describeCall('setDoNotOrderList', [list, options]));
    this.parts.state.tradingControls.push(controls.doNotOrderList(list, options));
  }

  attachPipeline(pipe: Pipeline, name: string): Pipeline {
    this.initializing('attachPipeline');
    this.pipelines().attach(pipe, name);
    return pipe;
  }

  pipelineOutput(name: string): Promise<PipelineFrame> {
    if (this.parts.state.phase === 'initialize') throw new ZiplimeError('ctx.pipelineOutput() is available from beforeTradingStart() on, not in initialize()');
    return this.pipelines().output(name, this.parts.state.session);
  }

  private pipelines(): AttachedPipelines {
    if (!this.parts.pipelines) throw new ZiplimeError('pipelines need a bundle to compute from; this run has none (backtest, paper and live runs have)');
    return this.parts.pipelines;
  }

  private initializing(method: string): void {
    if (this.parts.state.phase !== 'initialize') {
      throw new ZiplimeError(`ctx.${method}() can only be called in initialize(); move the call there`);
    }
  }

  /**
   * Calls `use` with the asset `ref` names: at once for an Asset, after the lookup for a symbol.
   * A bad argument rejects with an error naming `ctx.<method>` and the argument.
   */
  private withAsset<T>(ref: AssetRef, method: string, use: (asset: Asset) => Promise<T>): Promise<T> {
    try {
      if (isAsset(ref)) return use(ref);
      const asset = resolveAsset(this.parts.assets, ref, `ctx.${method}`, 'the asset (first argument)');
      return isThenable(asset) ? asset.then(use) : use(asset);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * `ctx.<method>(ref, x, style)`: places the order `method` sizes from `x` (see `amountFor`). An
   * Asset goes straight to the book (no closure, no promise but the answer's); a symbol after its
   * lookup. A bad argument or a refused order rejects.
   */
  private orderSized(ref: AssetRef, method: OrderMethod, x: number, style: OrderStyleInput): Promise<Order | null> {
    try {
      if (isAsset(ref)) return this.place(ref, this.amountFor(method, ref, x), style);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.withAsset(ref, method, (a) => this.place(a, this.amountFor(method, a, x), style));
  }

  /** The signed shares `method` orders of `asset` for its argument `x` (a value of `orderTargetPercent` is already in cash). */
  private amountFor(method: OrderMethod, asset: Asset, x: number): number {
    switch (method) {
      case 'order': return x;
      case 'orderValue': return this.sharesFor(asset, x);
      case 'orderPercent': return this.sharesFor(asset, this.parts.ledger.portfolioValue * x);
      case 'orderTarget': return x - this.heldOrOrdered(asset);
      case 'orderTargetValue':
      case 'orderTargetPercent': return this.sharesFor(asset, x) - this.heldOrOrdered(asset);
    }
  }

  /** Whether the current session is after the asset's last trading day (compared as day numbers, no date text). */
  private pastEnd(asset: Asset): boolean {
    let end = this.endDays.get(asset);
    if (end === undefined) this.endDays.set(asset, (end = dayNumber(asset.endDate)));
    return end === end ? this.parts.state.day > end : this.parts.state.session > asset.endDate;
  }

  /** Shares held plus shares still to fill on open orders. */
  private heldOrOrdered(asset: Asset): number {
    return (this.parts.ledger.positions.get(asset)?.amount ?? 0) + this.parts.orders.openAmount(asset);
  }

  private sharesFor(asset: Asset, value: number): number {
    const shares = sharesForValue(value, this.parts.market.current(asset, 'price'), asset);
    if (shares !== shares) {
      throw new ZiplimeError(`cannot size an order for ${asset.symbol} on ${this.parts.state.session}: it has no price yet; check data.canTrade() first`);
    }
    return shares;
  }

  /** Places an order (the broker's answer, or null when there is nothing to order); throws what it refuses. */
  private place(asset: Asset, rawAmount: number, input: OrderStyleInput): Promise<Order | null> {
    const { state, orders, market, ledger } = this.parts;
    if (state.phase !== 'run') throw new ZiplimeError('orders can only be placed once the simulation runs, not in initialize() or analyze()');
    // The default market style is already resolved and has no prices to check.
    const style = input === MARKET ? MARKET : resolveOrderStyle(input);
    if (style !== MARKET) checkStyle(style);
    if (this.pastEnd(asset)) {
      this.log.warn({ symbol: asset.symbol }, `cannot order ${asset.symbol}: it stopped trading on ${asset.endDate}; its position is closed out`);
      return NO_ORDER;
    }
    const amount = roundShares(rawAmount, asset);
    if (amount === 0) return NO_ORDER;
    if (state.tradingControls.length > 0) {
      const check = { asset, amount, price: market.current(asset, 'price') };
      const view = { portfolio: ledger.portfolio, account: ledger.account, ordersPlacedToday: state.ordersToday, now: state.dt };
      for (const control of state.tradingControls) {
        const problem = control.check(check, view);
        if (problem === null) continue;
        if (control.onError === 'fail') throw new OrderRejectedError(problem);
        this.log.warn({ control: control.name }, problem);
      }
    }
    state.ordersToday++;
    return orders.submit(asset, amount, style);
  }
}

function checkStyle(style: OrderStyle): void {
  const bad = (p: number | undefined) => p !== undefined && !(p > 0 && Number.isFinite(p));
  const s = style as { type: string; limitPrice?: number; stopPrice?: number };
  if (bad(s.limitPrice) || bad(s.stopPrice)) {
    throw new RangeError(`order style ${s.type}: prices must be positive numbers (limit ${s.limitPrice}, stop ${s.stopPrice})`);
  }
}
