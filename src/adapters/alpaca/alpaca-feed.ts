import type { Logger } from 'pino';
import { isoUtc, MINUTE_MS } from '../../core/time.js';
import type { FeedStatus, LiveBar, LiveFeed } from '../../ports/live-feed.js';
import { createAlpacaRest, type AlpacaRestOptions } from './client.js';
import type { AlpacaConfig } from './config.js';
import { isCryptoSymbol, type MarketDataApi } from './http/market-data-api.js';
import { adapterLogger } from './logger.js';
import { liveBarFromHistorical } from './parse.js';
import { symbolSid } from './symbol-assets.js';
import type { ReconnectingSocketOptions } from '../../net/reconnecting-socket.js';
import { MarketDataStream } from './ws/market-data-stream.js';

/** Options of `AlpacaFeed`. */
export interface AlpacaFeedOptions {
  config: AlpacaConfig;
  rest?: AlpacaRestOptions;
  /** Market-data socket timings (ping, pong deadline, watchdog, reconnect backoff). */
  stream?: Partial<Omit<ReconnectingSocketOptions, 'url' | 'name'>>;
  /** The sid a bar of `symbol` carries (default: a stable hash of the symbol). */
  sidOf?: (symbol: string) => number;
  /** After a reconnect, fetch the minute bars missed meanwhile over REST (default true). */
  backfillOnReconnect?: boolean;
  /** Wall clock (tests). */
  now?: () => number;
  logger?: Logger;
  /** Prebuilt market-data REST client. */
  marketData?: MarketDataApi;
}

/**
 * The `LiveFeed` port over Alpaca: minute bars (`b`) and corrections (`u`) from the market-data
 * stream (stocks on `/v2/<feed>`, crypto pairs on `/v1beta3/crypto/us`), REST backfill via
 * `/v2/stocks/bars` or `/v1beta3/crypto/us/bars`, and after each reconnect the bars missed
 * while disconnected, delivered before the live ones that arrived meanwhile.
 */
export class AlpacaFeed implements LiveFeed {
  readonly marketData: MarketDataApi;
  private readonly streams = new Map<'stocks' | 'crypto', MarketDataStream>();
  private readonly barListeners = new Set<(bar: LiveBar) => void>();
  private readonly statusListeners = new Set<(s: FeedStatus) => void>();
  private readonly lastTs = new Map<string, number>();
  private buffering: LiveBar[] | undefined;
  private readonly sidOf: (symbol: string) => number;
  private readonly log: Logger;

  constructor(private readonly options: AlpacaFeedOptions) {
    this.marketData = options.marketData ?? createAlpacaRest(options.config, { logger: options.logger, ...options.rest }).marketData;
    this.sidOf = options.sidOf ?? symbolSid;
    this.log = adapterLogger(options.logger, 'alpaca-feed');
  }

  /** The stream of a kind of symbol, created and connected on first use. */
  private async stream(kind: 'stocks' | 'crypto'): Promise<MarketDataStream> {
    let s = this.streams.get(kind);
    if (!s) {
      const { config } = this.options;
      s = new MarketDataStream({
        url: kind === 'crypto' ? config.cryptoStreamUrl : config.dataStreamUrl,
        keyId: config.keyId,
        secretKey: config.secretKey,
        sidOf: this.sidOf,
        logger: this.options.logger,
        ...this.options.stream,
      });
      this.streams.set(kind, s);
      s.onBar((bar) => this.onLiveBar(bar));
      s.onStatus((status) => this.onStreamStatus(kind, status));
      await s.start();
    }
    return s;
  }

  private split(symbols: readonly string[]): [kind: 'stocks' | 'crypto', symbols: string[]][] {
    const crypto = symbols.filter(isCryptoSymbol);
    const stocks = symbols.filter((s) => !isCryptoSymbol(s));
    return [['stocks', stocks], ['crypto', crypto]].filter(([, list]) => list.length > 0) as [kind: 'stocks' | 'crypto', symbols: string[]][];
  }

  async subscribe(symbols: readonly string[]): Promise<void> {
    await Promise.all(this.split(symbols).map(async ([kind, list]) => (await this.stream(kind)).subscribe(list)));
  }

  async unsubscribe(symbols: readonly string[]): Promise<void> {
    await Promise.all(this.split(symbols).map(async ([kind, list]) => this.streams.get(kind)?.unsubscribe(list)));
    for (const s of symbols) this.lastTs.delete(s);
  }

  onBar(listener: (bar: LiveBar) => void): () => void {
    this.barListeners.add(listener);
    return () => this.barListeners.delete(listener);
  }

  onStatus(listener: (status: FeedStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  async backfill(symbols: readonly string[], startMs: number, endMs: number): Promise<LiveBar[]> {
    if (symbols.length === 0 || endMs <= startMs) return [];
    const bySymbol = await this.marketData.bars({
      symbols, timeframe: '1Min', start: isoUtc(startMs), end: isoUtc(endMs - 1), limit: 10_000,
    });
    const out: LiveBar[] = [];
    for (const [symbol, bars] of bySymbol) {
      for (const b of bars) {
        const bar = liveBarFromHistorical(b, symbol, this.sidOf(symbol));
        if (bar.ts >= startMs && bar.ts < endMs) out.push(bar);
      }
    }
    return out.sort((a, b) => a.ts - b.ts || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  }

  async close(): Promise<void> {
    await Promise.all([...this.streams.values()].map((s) => s.close()));
  }

  private deliver(bar: LiveBar): void {
    const last = this.lastTs.get(bar.symbol);
    if (!bar.corrected && last !== undefined && bar.ts <= last) return;
    if (!bar.corrected) this.lastTs.set(bar.symbol, bar.ts);
    for (const l of this.barListeners) l(bar);
  }

  private onLiveBar(bar: LiveBar): void {
    if (this.buffering) this.buffering.push(bar);
    else this.deliver(bar);
  }

  private onStreamStatus(kind: 'stocks' | 'crypto', status: FeedStatus): void {
    for (const l of this.statusListeners) l(status);
    if (status === 'reconnected' && this.options.backfillOnReconnect !== false) void this.catchUp(kind);
  }

  /** Delivers the bars missed while disconnected, then the live bars that arrived meanwhile. */
  private async catchUp(kind: 'stocks' | 'crypto'): Promise<void> {
    const symbols = [...this.lastTs.keys()].filter((s) => isCryptoSymbol(s) === (kind === 'crypto'));
    if (symbols.length === 0) return;
    const start = Math.min(...symbols.map((s) => this.lastTs.get(s)!)) + MINUTE_MS;
    const end = Math.floor((this.options.now ?? Date.now)() / MINUTE_MS) * MINUTE_MS;
    this.buffering ??= [];
    try {
      for (const bar of await this.backfill(symbols, start, end)) this.deliver(bar);
    } catch (err) {
      this.log.error({ err }, 'backfill after reconnect failed; bars may be missing');
    } finally {
      const held = this.buffering ?? [];
      this.buffering = undefined;
      for (const bar of held) this.deliver(bar);
    }
  }
}
