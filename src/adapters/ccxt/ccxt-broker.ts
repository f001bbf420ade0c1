import ccxt, { type Exchange, type Order as CcxtOrder, type Trade as CcxtTrade } from 'ccxt';
import { OrderRejectedError, ZiplimeError } from '../../core/errors.js';
import { ExecutionIds } from '../../finance/execution-tracker.js';
import type { BrokerAccount } from '../../model/account.js';
import type { Asset } from '../../model/asset.js';
import { isTerminal, type Order, type OrderRequest } from '../../model/order.js';
import type { Position } from '../../model/position.js';
import type { BrokerEvent } from '../../ports/broker.js';
import type { BrokerSnapshot, LiveBroker } from '../../ports/live-broker.js';
import { describeCcxtError, errorAction } from './errors.js';
import { toFill, toOrder } from './parse.js';
import { retryTransient } from './retry.js';

/**
 * The exchange answered an order POST with a refusal of that order (`InsufficientFunds`,
 * `InvalidOrder`, `BadSymbol`, a filter failure, …): a rejection. Key and permission errors are
 * not: they stop the run.
 */
function isRefusal(err: unknown): boolean {
  return err instanceof ccxt.ExchangeError && !(err instanceof ccxt.AuthenticationError || err instanceof ccxt.PermissionDenied || err instanceof ccxt.AccountSuspended);
}

/** What a `CcxtBroker` needs. */
export interface CcxtBrokerOptions {
  /** A ccxt instance with keys (`createCcxtExchange`). */
  readonly exchange: Exchange;
  /** The run's asset of a unified symbol (`BTC/USDT`), undefined when it has none. */
  readonly resolveAsset: (symbol: string) => Asset | undefined;
  /** The quote currency cash is held in (default USDT). */
  readonly quote?: string;
  /** The exchange's symbol of an asset (default: its own symbol, `BTC/USDT`). */
  readonly marketSymbol?: (asset: Asset) => string;
  /** The session's time (epoch ms) for `brokerNow` (default: the exchange's clock read at connect). */
  readonly now?: () => number;
  /**
   * Told, once per currency, when a fee was charged outside the quote currency (booked at its
   * value, or not at all: the message says which). Default: one line on stderr.
   */
  readonly onWarning?: (message: string) => void;
}

/**
 * A spot exchange through ccxt's unified REST API as a `LiveBroker`, polled (no stream): `sync`
 * lists the account's trades since the last seen one for every symbol traded and reports each
 * trade id once as a fill, then the orders whose status changed. Orders carry the engine's
 * deterministic client order id; an order POST whose answer is lost (`NetworkError`) is never
 * resent — the order is looked up by that id. `InsufficientFunds` and `InvalidOrder` are
 * rejections; transient errors of reads are retried (`retryTransient`).
 */
export class CcxtBroker implements LiveBroker {
  readonly name: string;
  private readonly ex: Exchange;
  private readonly quote: string;
  private readonly orders = new Map<string, Order>();
  /** Trade ids already delivered as fills (or taken over with an adopted order). */
  private readonly trades = new ExecutionIds();
  /** Per order id: the (unsigned) amount of its trades seen. */
  private readonly traded = new Map<string, number>();
  /** Per symbol: the timestamp of the newest trade seen (the next listing starts there). */
  private readonly tradesSince = new Map<string, number>();
  private readonly pending: BrokerEvent[] = [];
  /** Fee currencies already warned about. */
  private readonly feeWarned = new Set<string>();
  private readonly reconnectListeners = new Set<() => void>();
  /** True from a `sync` that could not reach the exchange until the next one that could. */
  private unreachable = false;
  private clockOffset = 0;
  private connecting: Promise<void> | undefined;

  constructor(private readonly options: CcxtBrokerOptions) {
    this.ex = options.exchange;
    this.name = `ccxt:${this.ex.id}`;
    this.quote = options.quote ?? 'USDT';
  }

  /** Loads the markets and reads the exchange's clock (once; every other call waits for it). */
  connect(): Promise<void> {
    this.connecting ??= (async () => {
      await retryTransient(() => this.ex.loadMarkets(true), `loading ${this.ex.id}'s markets`);
      const t = await retryTransient(() => this.ex.fetchTime(), `reading ${this.ex.id}'s clock`);
      if (typeof t === 'number') this.clockOffset = t - Date.now();
    })();
    this.connecting.catch(() => { this.connecting = undefined; });
    return this.connecting;
  }

  private asset(symbol: string): Asset {
    const a = this.options.resolveAsset(symbol);
    if (!a) throw new ZiplimeError(`${this.ex.id} reported ${symbol}, which is not an asset of this run; add it to the bundle or close it at the exchange`);
    return a;
  }

  private remember(o: CcxtOrder): Order {
    const order = toOrder(o, this.asset(o.symbol ?? ''), this.brokerNow());
    this.orders.set(order.id, order);
    return order;
  }

  /** The exchange's markets that are assets of this run (where an order of an earlier process may be). */
  private runSymbols(): string[] {
    return Object.keys(this.ex.markets ?? {}).filter((s) => this.options.resolveAsset(s) !== undefined).sort();
  }

  /** An order of an earlier process, looked up at the exchange in each of the run's markets (by id, or by client id). */
  private async findAtExchange(key: { id?: string; clientOrderId?: string }): Promise<Order | undefined> {
    await this.connect();
    for (const symbol of this.runSymbols()) {
      const what = key.id !== undefined ? `order ${key.id}` : `order ${key.clientOrderId}`;
      try {
        const o = await retryTransient(() => (key.id !== undefined
          ? this.ex.fetchOrder(key.id, symbol)
          : this.ex.fetchOrder(undefined as unknown as string, symbol, { origClientOrderId: key.clientOrderId })), `looking up ${what} in ${symbol}`);
        return { ...this.remember(o) };
      } catch (err) {
        if (err instanceof ZiplimeError && err.cause instanceof ccxt.OrderNotFound) continue;
        throw err;
      }
    }
    return undefined;
  }

  private symbolOf(asset: Asset): string {
    return this.options.marketSymbol?.(asset) ?? asset.symbol;
  }

  /** An amount or price ccxt would silently truncate to the market's precision is refused instead. */
  private checkPrecision(symbol: string, amount: number, price: number | undefined, what: string): void {
    if (!(amount > 0)) throw new OrderRejectedError(`${what}: the amount must be positive`);
    const rounded = Number(this.ex.amountToPrecision(symbol, amount));
    if (rounded !== amount) throw new OrderRejectedError(`${what}: ${symbol} trades amounts in its step; ${amount} would be ${rounded}`);
    if (price !== undefined && Number(this.ex.priceToPrecision(symbol, price)) !== price) {
      throw new OrderRejectedError(`${what}: price ${price} is not on ${symbol}'s tick (${this.ex.priceToPrecision(symbol, price)})`);
    }
  }

  async submitOrder(request: OrderRequest): Promise<Order> {
    await this.connect();
    const { asset, style } = request;
    const what = `${request.amount} ${asset.symbol}`;
    if (style.type === 'trailing_stop' || style.orderClass) throw new OrderRejectedError(`${what}: ${this.name} places market, limit, stop and stop-limit orders only`);
    const symbol = this.symbolOf(asset);
    const side = request.amount > 0 ? 'buy' : 'sell';
    const amount = Math.abs(request.amount);
    const price = style.type === 'limit' || style.type === 'stop_limit' ? style.limitPrice : undefined;
    const stop = style.type === 'stop' || style.type === 'stop_limit' ? style.stopPrice : undefined;
    this.checkPrecision(symbol, amount, price, what);
    if (stop !== undefined) this.checkPrecision(symbol, amount, stop, what);
    const params = { newClientOrderId: request.clientOrderId, ...(stop !== undefined ? { stopLossPrice: stop } : {}) };
    try {
      const o = await this.ex.createOrder(symbol, price !== undefined ? 'limit' : 'market', side, amount, price, params);
      const order = this.remember(o);
      const placed = { ...order, style, stopPrice: stop ?? null };
      this.orders.set(order.id, placed);
      return { ...placed };
    } catch (err) {
      if (isRefusal(err)) {
        throw new OrderRejectedError(`${what}: ${describeCcxtError(err)}`);
      }
      if (errorAction(err) !== 'retry') throw new ZiplimeError(`${this.name}: placing ${request.clientOrderId} failed: ${describeCcxtError(err)}`, undefined, { cause: err });
      // The answer was lost: the order may exist. Look it up by its client id; never resend.
      const found = await this.lookUp(symbol, request.clientOrderId);
      if (found) return { ...found };
      throw new ZiplimeError(`${this.name}: placing ${request.clientOrderId} got no answer (${describeCcxtError(err)}) and the exchange has no such order; it was not placed`, undefined, { cause: err });
    }
  }

  private async lookUp(symbol: string, clientOrderId: string): Promise<Order | undefined> {
    try {
      const o = await retryTransient(() => this.ex.fetchOrder(undefined as unknown as string, symbol, { origClientOrderId: clientOrderId }), `looking up order ${clientOrderId}`);
      return this.remember(o);
    } catch (err) {
      if (err instanceof ZiplimeError && err.cause instanceof ccxt.OrderNotFound) return undefined;
      throw err;
    }
  }

  async cancelOrder(orderId: string): Promise<Order> {
    const known = this.orders.get(orderId);
    if (!known) throw new ZiplimeError(`${this.name}: unknown order ${orderId}`);
    try {
      await this.ex.cancelOrder(orderId, this.symbolOf(known.asset));
    } catch (err) {
      if (!(err instanceof ccxt.OrderNotFound) && errorAction(err) !== 'retry') throw new ZiplimeError(`${this.name}: cancelling ${orderId} failed: ${describeCcxtError(err)}`, undefined, { cause: err });
    }
    return { ...(await this.refresh(known)) };
  }

  private async refresh(order: Order): Promise<Order> {
    const o = await retryTransient(() => this.ex.fetchOrder(order.id, this.symbolOf(order.asset)), `reading order ${order.id}`);
    const fresh = this.remember(o);
    // The exchange's answer does not say which of our styles placed it: keep the one we know.
    const merged = { ...fresh, style: order.style, stopPrice: order.stopPrice, ...(order.marketable !== undefined ? { marketable: order.marketable } : {}) };
    this.orders.set(fresh.id, merged);
    return merged;
  }

  /**
   * Cancels the order, then places the rest of it with the changes under the client id
   * `<id>-r<n>` (spot exchanges have no atomic replace through ccxt's unified API). An order
   * that filled before the cancel is returned as it is, nothing placed.
   */
  async replaceOrder(orderId: string, changes: { amount?: number; limitPrice?: number; stopPrice?: number }): Promise<Order> {
    const cancelled = await this.cancelOrder(orderId);
    if (cancelled.status !== 'cancelled') return cancelled;
    const style = cancelled.style;
    const limitPrice = changes.limitPrice ?? (style.type === 'limit' || style.type === 'stop_limit' ? style.limitPrice : undefined);
    const stopPrice = changes.stopPrice ?? (style.type === 'stop' || style.type === 'stop_limit' ? style.stopPrice : undefined);
    const newStyle = style.type === 'limit' ? { type: 'limit' as const, limitPrice: limitPrice! }
      : style.type === 'stop' ? { type: 'stop' as const, stopPrice: stopPrice! }
        : style.type === 'stop_limit' ? { type: 'stop_limit' as const, limitPrice: limitPrice!, stopPrice: stopPrice! } : style;
    const n = (/-r(\d+)$/.exec(cancelled.clientOrderId)?.[1] ?? '0');
    const base = cancelled.clientOrderId.replace(/-r\d+$/, '');
    const amount = changes.amount ?? cancelled.amount - cancelled.filled;
    return this.submitOrder({ asset: cancelled.asset, amount, style: newStyle, clientOrderId: `${base}-r${Number(n) + 1}` });
  }

  /** The order as last seen; one this process never saw (an earlier process's) is looked up at the exchange. */
  async getOrder(orderId: string): Promise<Order | undefined> {
    const o = this.orders.get(orderId);
    return o ? { ...o } : this.findAtExchange({ id: orderId });
  }

  /** As `getOrder`, by the client order id. */
  async getOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    for (const o of this.orders.values()) if (o.clientOrderId === clientOrderId) return { ...o };
    return this.findAtExchange({ clientOrderId });
  }

  /** The exchange's open orders in the run's markets (others are not this run's to manage). */
  async getOpenOrders(asset?: Asset): Promise<Order[]> {
    await this.connect();
    const open = await retryTransient(() => this.ex.fetchOpenOrders(asset ? this.symbolOf(asset) : undefined), 'listing open orders');
    return open.filter((o) => this.options.resolveAsset(o.symbol ?? '') !== undefined).map((o) => {
      const known = this.orders.get(String(o.id));
      const fresh = this.remember(o);
      const merged = known ? { ...fresh, style: known.style, stopPrice: known.stopPrice } : fresh;
      this.orders.set(fresh.id, merged);
      return { ...merged };
    });
  }

  /** Base-currency balances of the run's assets as positions, marked at the last 1-minute close. */
  async getPositions(): Promise<Position[]> {
    await this.connect();
    const balance = await retryTransient(() => this.ex.fetchBalance(), 'reading the balance');
    const out: Position[] = [];
    for (const [currency, total] of Object.entries(balance.total as unknown as Record<string, number>)) {
      const asset = currency === this.quote ? undefined : this.options.resolveAsset(`${currency}/${this.quote}`);
      if (!asset || !(total > 0)) continue;
      const [last] = await retryTransient(() => this.ex.fetchOHLCV(this.symbolOf(asset), '1m', undefined, 1), `reading ${asset.symbol}'s last price`);
      const price = Number(last?.[4] ?? Number.NaN);
      out.push({ asset, amount: total, costBasis: await this.costBasis(asset), lastSalePrice: price, lastSaleDate: Number(last?.[0] ?? 0) });
    }
    return out;
  }

  /** Average price of the buys still held, from the account's trades (average-cost method). */
  private async costBasis(asset: Asset): Promise<number> {
    const trades = await retryTransient(() => this.ex.fetchMyTrades(this.symbolOf(asset)), `listing ${asset.symbol} trades`);
    let held = 0, cost = 0;
    for (const t of trades) {
      const amount = t.amount ?? 0, price = t.price ?? 0;
      if (t.side === 'buy') { cost += amount * price; held += amount; } else if (held > 0) { cost -= (cost / held) * Math.min(amount, held); held = Math.max(0, held - amount); }
    }
    return held > 0 ? cost / held : Number.NaN;
  }

  async getAccount(): Promise<BrokerAccount> {
    await this.connect();
    const balance = await retryTransient(() => this.ex.fetchBalance(), 'reading the balance');
    const cash = Number((balance.total as unknown as Record<string, number>)[this.quote] ?? 0);
    const free = Number((balance.free as unknown as Record<string, number>)[this.quote] ?? 0);
    const positions = await this.getPositions();
    const equity = cash + positions.reduce((s, p) => s + p.amount * p.lastSalePrice, 0);
    return { cash, equity, buyingPower: free };
  }

  async snapshot(): Promise<BrokerSnapshot> {
    const positions = await this.getPositions();
    const account = await this.getAccount();
    return { positions, account };
  }

  async adopt(order: Order): Promise<void> {
    this.orders.set(order.id, { ...order });
    const trades = await retryTransient(() => this.ex.fetchMyTrades(this.symbolOf(order.asset)), `listing ${order.asset.symbol} trades`);
    for (const t of trades) if (String(t.order) === order.id && this.trades.first(String(t.id))) this.count(t);
  }

  /** Counts a trade delivered (or taken over) toward its order's traded amount. */
  private count(t: CcxtTrade): void {
    this.traded.set(String(t.order), (this.traded.get(String(t.order)) ?? 0) + Math.abs(t.amount ?? 0));
  }

  /** True while an order may still get trades listed: working, or filled beyond the trades seen. */
  private awaitingTrades(o: Order): boolean {
    return !isTerminal(o.status) || Math.abs(o.filled) - (this.traded.get(o.id) ?? 0) > 1e-9;
  }

  /**
   * Lists trades since the last seen in every symbol with an order awaiting trades, then the
   * working orders' states; queued for `sync` as they are found (a trade is marked delivered
   * only with its event queued, so a request failing midway loses nothing: the next call
   * lists it again).
   */
  async recoverFills(): Promise<BrokerEvent[]> {
    const symbols = new Set([...this.orders.values()].filter((o) => this.awaitingTrades(o)).map((o) => this.symbolOf(o.asset)));
    const events: BrokerEvent[] = [];
    const queue = (e: BrokerEvent) => {
      events.push(e);
      this.pending.push(e);
    };
    for (const symbol of symbols) {
      const since = this.tradesSince.get(symbol);
      const trades = await retryTransient(() => this.ex.fetchMyTrades(symbol, since), `listing ${symbol} trades`);
      for (const t of trades) {
        const id = String(t.id);
        if (!this.orders.has(String(t.order)) || this.trades.has(id)) continue;
        const order = await this.refresh(this.orders.get(String(t.order))!);
        if (!this.trades.first(id)) continue;
        this.count(t);
        this.tradesSince.set(symbol, Math.max(this.tradesSince.get(symbol) ?? 0, t.timestamp ?? 0));
        const { fill, feeWarning } = toFill(t, this.asset(symbol), this.quote);
        if (feeWarning && !this.feeWarned.has(feeWarning.currency)) {
          this.feeWarned.add(feeWarning.currency);
          if (this.options.onWarning) this.options.onWarning(feeWarning.message);
          else process.stderr.write(`warning: ${feeWarning.message}\n`);
        }
        queue({ kind: 'fill', fill, order: { ...order } });
      }
    }
    for (const order of [...this.orders.values()]) {
      if (isTerminal(order.status)) continue;
      const now = await this.refresh(order);
      if (now.status !== order.status && now.filled === order.filled) queue({ kind: 'order', order: { ...now } });
    }
    return events;
  }

  /**
   * The events since the last call. While the exchange cannot be reached (its transient errors
   * outlast the retries) it returns what it has and says so once; the first good poll after that
   * tells the `onReconnect` listeners (the session then checks its books against the exchange).
   */
  async sync(): Promise<BrokerEvent[]> {
    try {
      await this.connect();
      await this.recoverFills();
    } catch (err) {
      const cause = err instanceof ZiplimeError ? err.cause : err;
      if (errorAction(cause) !== 'retry') throw err;
      this.unreachable = true;
      return this.pending.splice(0);
    }
    if (this.unreachable) {
      this.unreachable = false;
      for (const l of [...this.reconnectListeners]) l();
    }
    return this.pending.splice(0);
  }

  async averageFillPrice(orderId: string): Promise<number | undefined> {
    const o = this.orders.get(orderId);
    if (!o || o.filled === 0) return undefined;
    const fetched = await retryTransient(() => this.ex.fetchOrder(orderId, this.symbolOf(o.asset)), `reading order ${orderId}`);
    return fetched.average ?? undefined;
  }

  /** Called when the exchange answers again after `sync` found it unreachable. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => { this.reconnectListeners.delete(listener); };
  }

  brokerNow(): number {
    return this.options.now ? this.options.now() : Date.now() + this.clockOffset;
  }

  configure(): void {}

  async close(): Promise<void> {}
}
