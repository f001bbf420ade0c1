import { MINUTE_MS } from '../../core/time.js';
import type { StreamBar } from '../data-stream.js';
import { StreamHub, type StreamClient } from '../stream-hub.js';
import type { VenueUpdate } from '../venue.js';
import type { BarPublisher } from '../wire-front.js';
import type { BinanceExchange } from './exchange.js';
import { BINANCE_FEE_RATE } from './exchange.js';
import { fmt } from './markets.js';
import { binanceStatus, binanceType } from './order-wire.js';

/** Most streams one connection may subscribe to (Binance's limit). */
export const MAX_STREAMS = 1024;

interface MarketClient {
  /** Subscribed stream names (`btcusdt@kline_1m`). */
  streams: Set<string>;
  /** `/stream` connections wrap each event as `{stream, data}`. */
  combined: boolean;
}

const STREAM = /^([a-z0-9]+)@kline_1m$/;

/**
 * Binance's market streams: `/ws/<name>` and `/stream?streams=<a>/<b>` (or SUBSCRIBE /
 * UNSUBSCRIBE / LIST_SUBSCRIPTIONS messages), closed 1-minute klines of the replayed bars
 * (`<symbol>@kline_1m`). Text JSON frames.
 */
export class BinanceMarketStream extends StreamHub<MarketClient> implements BarPublisher {
  constructor(private readonly exchange: BinanceExchange, private readonly symbolOf: (assetSymbol: string) => string | undefined) {
    super(false);
  }

  /** Names of the streams in a `/ws/<a>/<b>` path or a `streams=a/b` query. */
  static namesIn(list: string): string[] {
    return list.split('/').map((s) => s.trim().toLowerCase()).filter(Boolean);
  }


  publish(bars: readonly StreamBar[], kind: 'b' | 'u' = 'b'): void {
    if (kind !== 'b' || bars.length === 0) return;
    for (const c of this.clients) {
      if (c.state.streams.size === 0) continue;
      for (const b of bars) {
        const symbol = this.symbolOf(b.symbol);
        if (!symbol) continue;
        const name = `${symbol.toLowerCase()}@kline_1m`;
        if (!c.state.streams.has(name)) continue;
        const t = Date.parse(b.bar.t);
        const data = {
          e: 'kline', E: t + MINUTE_MS, s: symbol,
          k: {
            t, T: t + MINUTE_MS - 1, s: symbol, i: '1m', f: -1, L: -1, o: fmt(b.bar.o), c: fmt(b.bar.c), h: fmt(b.bar.h), l: fmt(b.bar.l), v: fmt(b.bar.v),
            n: b.bar.n ?? 0, x: true, q: fmt(b.bar.v * (b.bar.vw ?? b.bar.c)), V: fmt(b.bar.v / 2), Q: fmt((b.bar.v * (b.bar.vw ?? b.bar.c)) / 2), B: '0',
          },
        };
        this.send(c, c.state.combined ? { stream: name, data } : data);
      }
    }
  }

  protected initialState(): MarketClient {
    return { streams: new Set(), combined: false };
  }

  /** Streams named in the path: `/ws/<a>/<b>` (raw events) or `/stream?streams=<a>/<b>` (combined). */
  protected opened(client: StreamClient<MarketClient>): void {
    const url = new URL(client.path, 'http://127.0.0.1');
    client.state.combined = url.pathname === '/stream';
    const list = client.state.combined ? url.searchParams.get('streams') ?? '' : url.pathname.slice('/ws'.length);
    for (const n of BinanceMarketStream.namesIn(list)) if (STREAM.test(n)) client.state.streams.add(n);
  }

  protected message(client: StreamClient<MarketClient>, m: unknown): void {
    const msg = m as { method?: unknown; params?: unknown; id?: unknown } | undefined;
    const id = msg?.id ?? null;
    const error = (code: number, text: string) => this.send(client, { error: { code, msg: text }, id });
    if (!msg || typeof msg !== 'object' || typeof msg.method !== 'string') return error(3, 'Invalid JSON: expected an object with a method');
    if (msg.method === 'LIST_SUBSCRIPTIONS') return this.send(client, { result: [...client.state.streams], id });
    if (msg.method !== 'SUBSCRIBE' && msg.method !== 'UNSUBSCRIBE') return error(2, `Invalid request: unknown method ${msg.method}`);
    const names = Array.isArray(msg.params) ? msg.params : [];
    for (const n of names) {
      if (typeof n !== 'string' || !STREAM.test(n)) return error(2, `Invalid request: the simulator serves <symbol>@kline_1m streams, not ${String(n)}`);
    }
    const next = new Set(client.state.streams);
    for (const n of names as string[]) {
      if (msg.method === 'SUBSCRIBE') next.add(n);
      else next.delete(n);
    }
    if (next.size > MAX_STREAMS) return error(2, `Invalid request: at most ${MAX_STREAMS} streams per connection`);
    client.state.streams = next;
    this.send(client, { result: null, id });
  }
}

interface UserClient {
  listenKey: string;
}

/**
 * Binance's user-data stream at `/ws/<listenKey>`: an `executionReport` for every order event
 * and an `outboundAccountPosition` after each execution. Text JSON frames.
 */
export class BinanceUserStream extends StreamHub<UserClient> {
  constructor(private readonly exchange: BinanceExchange, private readonly listenKeys: Set<string>) {
    super(false);
  }

  /** Sends the update to every connection whose listen key is still valid. */
  async publish(u: VenueUpdate): Promise<void> {
    if (this.clients.size === 0) return;
    const o = u.order;
    const m = this.exchange.marketOfOrder(o);
    const trade = u.executionId !== undefined ? this.exchange.trades.at(-1) : undefined;
    const report = {
      e: 'executionReport', E: u.at, s: m.symbol, c: o.clientOrderId, S: o.side === 'buy' ? 'BUY' : 'SELL', o: binanceType(o.type),
      f: o.timeInForce === 'ioc' ? 'IOC' : 'GTC', q: fmt(o.qty), p: fmt(o.limitPrice ?? 0), P: fmt(o.stopPrice ?? 0), F: fmt(0), g: -1, C: '',
      x: u.event === 'fill' || u.event === 'partial_fill' ? 'TRADE' : u.event === 'canceled' || u.event === 'replaced' ? 'CANCELED' : u.event === 'expired' ? 'EXPIRED' : u.event === 'rejected' ? 'REJECTED' : 'NEW',
      X: binanceStatus(o.status), r: 'NONE', i: o.seq, l: fmt(u.qty ?? 0), z: fmt(o.filledQty), L: fmt(u.price ?? 0),
      n: fmt(u.price !== undefined ? u.price * u.qty! * BINANCE_FEE_RATE : 0), N: u.executionId !== undefined ? m.quote : null, T: u.at,
      t: trade?.id ?? -1, I: o.seq, w: o.status === 'new', m: trade?.isMaker ?? false, M: false, O: o.createdAt, Z: fmt(o.filledNotional),
      Y: fmt((u.price ?? 0) * (u.qty ?? 0)), Q: fmt(0), W: o.createdAt, V: 'NONE',
    };
    const listening = [...this.clients].filter((c) => this.listenKeys.has(c.state.listenKey));
    for (const c of listening) this.send(c, report);
    if (u.executionId === undefined || listening.length === 0) return;
    const balances = (await this.exchange.balances()).filter((b) => b.asset === m.base || b.asset === m.quote);
    const position = { e: 'outboundAccountPosition', E: u.at, u: u.at, B: balances.map((b) => ({ a: b.asset, f: fmt(b.free), l: fmt(b.locked) })) };
    for (const c of listening) this.send(c, position);
  }

  protected initialState(): UserClient {
    return { listenKey: '' };
  }

  protected opened(client: StreamClient<UserClient>): void {
    client.state.listenKey = client.path.slice('/ws/'.length);
  }

  protected message(): void {}
}
