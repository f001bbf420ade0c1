import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { OrderRejectedError, UsageError, ZiplimeError } from '../../core/errors.js';
import { isoUtc } from '../../core/time.js';
import type { BrokerAccount } from '../../model/account.js';
import type { Asset } from '../../model/asset.js';
import { isTerminal, type Order, type OrderRequest } from '../../model/order.js';
import type { Position } from '../../model/position.js';
import type { BrokerEvent } from '../../ports/broker.js';
import type { BrokerSnapshot, LiveBroker } from '../../ports/live-broker.js';
import type { ReconnectingSocketOptions } from '../../net/reconnecting-socket.js';
import { createAlpacaRest, type AlpacaRestOptions } from './client.js';
import { BrokerClock } from '../../net/broker-clock.js';
import type { AlpacaConfig } from './config.js';
import { AlpacaApiError, asOrderRejection } from './errors.js';
import { cumulativeExecutionId } from '../../finance/execution-tracker.js';
import { missedFillPrice } from '../../finance/order-lifecycle.js';
import { MAX_ORDERS_PAGE, type TradingApi } from './http/trading-api.js';
import { adapterLogger } from './logger.js';
import {
  accountFromWire, alpacaRequestFromOrder, decimal, decimalOrNull, formatDecimal, orderFromWire, orderRequestToWire,
  clockFromWire, orderStatusFromWire, positionFromWire, type BrokerClockReading, type TimeInForce, type TradeUpdate,
} from './parse.js';
import { validateOrder } from './rules.js';
import { SymbolAssets, type AssetResolver } from './symbol-assets.js';
import type { OrderWire } from './wire/trading.js';
import { TradingStream } from './ws/trading-stream.js';

/** Longest client_order_id sent to Alpaca (older docs: 48). */
export const MAX_CLIENT_ORDER_ID = 48;

/** The client_order_id sent for a request id: itself when short enough, else a stable 48-char digest form. */
export function wireClientOrderId(id: string): string {
  if (id.length <= MAX_CLIENT_ORDER_ID) return id;
  return `${id.slice(0, 31)}-${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}

/** Options of `AlpacaBroker`. */
export interface AlpacaBrokerOptions {
  config: AlpacaConfig;
  /** REST behaviour (rate limit, timeouts, retries). */
  rest?: AlpacaRestOptions;
  /** trade_updates socket timings (ping, pong deadline, watchdog, reconnect backoff). */
  stream?: Partial<Omit<ReconnectingSocketOptions, 'url' | 'name'>>;
  /** Maps Alpaca symbols to the run's assets. */
  resolveAsset?: AssetResolver;
  /** Time in force of submitted orders (default `day`). */
  timeInForce?: TimeInForce;
  /** How far back, in broker time, reconciliation lists closed orders (default 24 h). */
  reconcileLookbackMs?: number;
  /** Orders per page when reconciliation lists orders (default and most 500). */
  reconcilePageSize?: number;
  logger?: Logger;
  /**
   * The process's estimate of the broker's time (the live session's time source, which samples
   * GET /v2/clock); `brokerNow()` answers from it so one process keeps one estimate.
   */
  time?: { now(): number };
  /** Prebuilt clients (tests, sharing a limiter). */
  trading?: TradingApi;
  tradingStream?: TradingStream;
}

interface Seen {
  status: string;
  filled: number;
  /** Average fill price (null while nothing filled). */
  averagePrice: number | null;
}

/**
 * The `LiveBroker` port over Alpaca: REST for orders, positions and the account; the trade_updates
 * stream for events, which `sync()` drains. After every stream reconnect (and on `reconcile()`),
 * open and recently closed orders are compared with what the stream delivered, and the missing
 * fills and status changes are emitted as synthetic events (fill ids `<order id>:cum:<filled>`,
 * so each is applied once). Alpaca decides commission and slippage: `configure()` ignores models.
 */
export class AlpacaBroker implements LiveBroker {
  readonly name = 'alpaca';
  readonly trading: TradingApi;
  readonly stream: TradingStream;
  /** The broker's time (GET /v2/clock), read at connect and on every reconciliation. */
  readonly brokerClock: BrokerClock<BrokerClockReading>;
  private readonly assets: SymbolAssets;
  private readonly log: Logger;
  private readonly queue: BrokerEvent[] = [];
  private readonly seen = new Map<string, Seen>();
  private readonly longIds = new Map<string, string>();
  /** Wire client order ids submitted here whose order was never seen (answer lost). */
  private readonly unanswered = new Set<string>();
  private connecting: Promise<void> | undefined;
  private reconciling: Promise<BrokerEvent[]> | undefined;

  constructor(private readonly options: AlpacaBrokerOptions) {
    const { config } = options;
    this.log = adapterLogger(options.logger, 'alpaca-broker');
    this.trading = options.trading ?? createAlpacaRest(config, { logger: options.logger, ...options.rest }).trading;
    this.stream = options.tradingStream ?? new TradingStream({
      url: config.tradingStreamUrl, keyId: config.keyId, secretKey: config.secretKey, logger: options.logger, ...options.stream,
    });
    this.assets = new SymbolAssets(options.resolveAsset);
    this.brokerClock = new BrokerClock(async () => clockFromWire(await this.trading.getClock()), Date.now, this.log);
    this.stream.onUpdate((u) => this.onUpdate(u));
    this.stream.onStatus((s) => {
      if (s === 'reconnected') void this.reconcile().catch((err: unknown) => this.log.error({ err }, 'reconciliation after reconnect failed'));
    });
  }

  /** Connects the trade_updates stream and reads the broker clock (also done by the first `sync`). */
  connect(): Promise<void> {
    this.connecting ??= Promise.all([this.stream.start(), this.brokerClock.refresh()]).then(() => undefined);
    return this.connecting;
  }

  /** Reads the broker's clock (GET /v2/clock) and refreshes the offset behind `brokerNow()`. */
  clock(): Promise<BrokerClockReading> {
    return this.brokerClock.read();
  }

  /** Broker time (epoch ms): the session's time source when given one, else estimated from the last clock reading. */
  brokerNow(): number {
    return this.options.time ? this.options.time.now() : this.brokerClock.now();
  }

  async submitOrder(request: OrderRequest): Promise<Order> {
    this.assets.remember(request.asset);
    const req = { ...alpacaRequestFromOrder(request, this.options.timeInForce ?? 'day'), clientOrderId: wireClientOrderId(request.clientOrderId) };
    if (req.clientOrderId !== request.clientOrderId) this.longIds.set(req.clientOrderId, request.clientOrderId);
    const violation = validateOrder(req, {
      asset: { tradable: true, fractionable: request.asset.fractionable },
      positionQty: null, // the venue checks what depends on the position
      openOrders: [],
    });
    if (violation) throw new OrderRejectedError(`${request.asset.symbol}: ${violation.message} (Alpaca code ${violation.code})`);
    this.unanswered.add(req.clientOrderId);
    try {
      const { order, recovered } = await this.trading.submitOrder(orderRequestToWire(req));
      if (recovered) this.log.warn({ clientOrderId: request.clientOrderId }, 'order found by client_order_id after a lost answer');
      return this.orderOf(order);
    } catch (err) {
      if (err instanceof AlpacaApiError && err.status < 500) this.unanswered.delete(req.clientOrderId);
      throw asOrderRejection(err, request.asset.symbol);
    }
  }

  async cancelOrder(orderId: string): Promise<Order> {
    try {
      await this.trading.cancelOrder(orderId);
    } catch (err) {
      if (!(err instanceof AlpacaApiError && err.status === 422)) throw err;
      this.log.info({ orderId }, `order ${orderId} is no longer cancelable (${err.apiMessage})`);
    }
    const order = await this.getOrder(orderId);
    if (!order) throw new ZiplimeError(`order ${orderId} not found at Alpaca after cancelling it`);
    return order;
  }

  async replaceOrder(orderId: string, changes: { amount?: number; limitPrice?: number; stopPrice?: number }): Promise<Order> {
    if (changes.amount !== undefined && !(changes.amount !== 0)) throw new UsageError('a replaced order needs a non-zero amount');
    if (changes.amount !== undefined) {
      const old = await this.trading.getOrder(orderId);
      if (old && (old.side === 'sell') !== changes.amount < 0) {
        throw new UsageError(`order ${orderId}: a replacement cannot change the side; cancel it and submit a new order`);
      }
    }
    try {
      const order = await this.trading.replaceOrder(orderId, {
        qty: changes.amount !== undefined ? formatDecimal(Math.abs(changes.amount)) : undefined,
        limit_price: changes.limitPrice !== undefined ? formatDecimal(changes.limitPrice) : undefined,
        stop_price: changes.stopPrice !== undefined ? formatDecimal(changes.stopPrice) : undefined,
      });
      return this.orderOf(order);
    } catch (err) {
      throw asOrderRejection(err, orderId);
    }
  }

  async getOrder(orderId: string): Promise<Order | undefined> {
    const w = await this.trading.getOrder(orderId);
    return w && this.orderOf(w);
  }

  async getOrderByClientId(clientOrderId: string): Promise<Order | undefined> {
    const w = await this.trading.getOrderByClientId(wireClientOrderId(clientOrderId));
    return w && this.orderOf(w);
  }

  async getOpenOrders(asset?: Asset): Promise<Order[]> {
    const list = await this.trading.listOrders({ status: 'open', limit: 500, symbols: asset ? [asset.symbol] : undefined });
    return list.map((w) => this.orderOf(w));
  }

  async getPositions(): Promise<Position[]> {
    const now = this.brokerNow();
    return (await this.trading.listPositions()).map((p) => positionFromWire(p, this.assets.get(p.symbol), now));
  }

  async getAccount(): Promise<BrokerAccount> {
    return accountFromWire(await this.trading.getAccount());
  }

  async snapshot(): Promise<BrokerSnapshot> {
    const [positions, account] = await Promise.all([this.getPositions(), this.getAccount()]);
    return { positions, account };
  }

  onReconnect(listener: () => void): () => void {
    return this.stream.onStatus((s) => { if (s === 'reconnected') listener(); });
  }

  /** Lists open and recently closed orders at Alpaca and queues what the stream missed (see `reconcile`). */
  recoverFills(): Promise<BrokerEvent[]> {
    return this.reconcile();
  }

  /**
   * Takes over an order an earlier process placed, open or already finished (reconciliation on
   * start looks each one up): what it has filled so far counts as delivered, so a later
   * reconciliation synthesizes fills only for quantity beyond it.
   */
  async adopt(order: Order): Promise<void> {
    const filled = Math.abs(order.filled);
    if (!(filled > 1e-9)) return;
    const average = await this.averageFillPrice(order.id);
    if (average !== undefined) this.recordUnseen(order.id, filled, average);
  }

  /** Average fill price of an order as of its last snapshot here (looked up when none); undefined while nothing filled. */
  async averageFillPrice(orderId: string): Promise<number | undefined> {
    if (!this.seen.has(orderId)) await this.getOrder(orderId);
    return this.seen.get(orderId)?.averagePrice ?? undefined;
  }

  /** Connects if needed, waits for a running reconciliation, and drains the events received since the last call. */
  async sync(_dt: number): Promise<BrokerEvent[]> {
    await this.connect();
    await this.reconciling?.catch(() => undefined);
    return this.queue.splice(0);
  }

  /** Alpaca's venue decides commission and slippage. */
  configure(): void {}

  async close(): Promise<void> {
    await this.stream.close();
  }

  /**
   * Compares Alpaca's open and recently closed orders (and any order this broker saw that is
   * still open) with the executions the stream delivered; queues (and returns) synthetic fills
   * for quantity never seen and order events for changed statuses. Covers
   * the orders this broker saw and those it submitted without ever getting an answer; orders
   * placed elsewhere (another process) are left to the caller. "Recently closed" is the lookback
   * before the broker's own clock, read just before listing (all pages).
   */
  reconcile(): Promise<BrokerEvent[]> {
    const run = this.doReconcile();
    this.reconciling = run;
    return run;
  }

  private async doReconcile(): Promise<BrokerEvent[]> {
    const { timestamp: now } = await this.brokerClock.read();
    const after = isoUtc(now - (this.options.reconcileLookbackMs ?? 86_400_000));
    const pageSize = this.options.reconcilePageSize ?? MAX_ORDERS_PAGE;
    const [open, closed] = await Promise.all([
      this.trading.listAllOrders({ status: 'open' }, pageSize),
      this.trading.listAllOrders({ status: 'closed', after }, pageSize),
    ]);
    const byId = new Map<string, OrderWire>();
    for (const w of [...closed, ...open]) byId.set(w.id, w);
    const stillOpen = [...this.seen].filter(([id, s]) => !byId.has(id) && !isTerminal(orderStatusFromWire(s.status, s.filled).status));
    for (const w of await Promise.all(stillOpen.map(([id]) => this.trading.getOrder(id)))) if (w) byId.set(w.id, w);
    const events: BrokerEvent[] = [];
    for (const w of byId.values()) {
      const before = this.seen.get(w.id) ?? (this.unanswered.has(w.client_order_id) ? { status: '', filled: 0, averagePrice: null } : undefined);
      if (!before) continue;
      const order = this.orderOf(w);
      const fill = this.missedFill(w, order);
      if (fill) events.push(fill);
      else if (before.status !== w.status || before.filled !== decimal(w.filled_qty)) events.push({ kind: 'order', order });
    }
    if (events.length > 0) this.log.warn({ events: events.length }, 'reconciliation found events the stream missed');
    this.queue.push(...events);
    return events;
  }

  private missedFill(w: OrderWire, order: Order): BrokerEvent | undefined {
    const avg = decimalOrNull(w.filled_avg_price);
    const unseen = avg === null ? undefined : this.recordUnseen(w.id, decimal(w.filled_qty), avg);
    if (!unseen) return undefined;
    const amount = w.side === 'sell' ? -unseen.qty : unseen.qty;
    const fill = { executionId: unseen.executionId, orderId: w.id, asset: order.asset, amount, price: unseen.price, commission: 0, dt: order.updatedAt };
    return { kind: 'fill', fill, order };
  }

  /**
   * Records, as one execution with a cumulative id, the part of an order's `total` filled shares
   * (at average price `avg`) that no execution delivered; undefined when nothing is missing.
   */
  private recordUnseen(orderId: string, total: number, avg: number): { executionId: string; qty: number; price: number } | undefined {
    const known = this.stream.executions.of(orderId);
    const qty = total - known.qty;
    if (!(qty > 1e-9)) return undefined;
    const price = missedFillPrice(avg, total, known.qty, known.notional);
    const executionId = cumulativeExecutionId(orderId, total);
    return this.stream.executions.record(orderId, executionId, qty, price) ? { executionId, qty, price } : undefined;
  }

  private onUpdate(u: TradeUpdate): void {
    const order = this.orderOf(u.order);
    const { known } = orderStatusFromWire(u.order.status, 0);
    if (!known) this.log.warn({ orderId: u.order.id }, `unknown Alpaca order status '${u.order.status}'; order kept open`);
    if ((u.event === 'fill' || u.event === 'partial_fill') && u.executionId && u.price !== null) {
      const fill = { executionId: u.executionId, orderId: u.order.id, asset: order.asset, amount: u.qty, price: u.price, commission: 0, dt: u.ts };
      this.queue.push({ kind: 'fill', fill, order });
    } else {
      this.queue.push({ kind: 'order', order });
    }
  }

  /** Our snapshot of a wire order; remembers it as seen (for reconciliation). */
  private orderOf(w: OrderWire): Order {
    this.seen.set(w.id, { status: w.status, filled: decimal(w.filled_qty), averagePrice: decimalOrNull(w.filled_avg_price) });
    this.unanswered.delete(w.client_order_id);
    const order = orderFromWire(w, this.assets.get(w.symbol));
    const longId = this.longIds.get(order.clientOrderId);
    return longId ? { ...order, clientOrderId: longId } : order;
  }
}
