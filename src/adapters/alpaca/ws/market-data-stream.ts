import type { LiveBar } from '../../../ports/live-feed.js';
import { AlpacaAuthError } from '../errors.js';
import { liveBarFromStream } from '../parse.js';
import { symbolSid } from '../symbol-assets.js';
import { MarketDataMessageWire, type MarketDataActionWire, type MarketDataMessageWire as Message, type SubscriptionMessageWire } from '../wire/streams.js';
import type { ReconnectingSocketOptions, SocketSession } from '../../../net/reconnecting-socket.js';
import { MessageStream } from '../../../net/stream-base.js';
import { adapterLogger } from '../logger.js';

/** Options of a market-data stream (socket options plus credentials). */
export interface MarketDataStreamOptions extends Omit<ReconnectingSocketOptions, 'name'> {
  keyId: string;
  secretKey: string;
  /** The sid a live bar of `symbol` carries (default: `symbolSid`). */
  sidOf?: (symbol: string) => number;
  /** Also subscribe to corrected bars (`u`); default true. */
  updatedBars?: boolean;
}

/** Market-data error codes that reconnecting cannot fix. */
const FATAL_CODES = new Set([402, 409]);

/** The elements of a market-data message (always an array on the wire; a bare object is tolerated). */
function elements(m: unknown): Message[] {
  const out: Message[] = [];
  for (const item of Array.isArray(m) ? m : [m]) {
    const p = MarketDataMessageWire.safeParse(item);
    if (p.success) out.push(p.data);
  }
  return out;
}

function pickOrThrow<T>(m: unknown, pick: (e: Message) => T | undefined): T | undefined {
  for (const e of elements(m)) {
    if (e.T === 'error') {
      const text = `error ${e.code} ${e.msg}`;
      throw FATAL_CODES.has(e.code) ? new AlpacaAuthError('market data stream', text) : new Error(text);
    }
    const v = pick(e);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * The market-data stream (reference §4): connected → auth → subscribe. Subscriptions are kept
 * as the wanted set and sent again after every reconnect; acks carry the server's full set.
 * Minute bars (`b`) and corrected bars (`u`) are delivered as `LiveBar`s.
 */
export class MarketDataStream extends MessageStream<LiveBar> {
  private readonly wanted = new Set<string>();
  private acked = new Set<string>();
  private readonly sidOf: (symbol: string) => number;

  constructor(private readonly options: MarketDataStreamOptions) {
    super({ ...options, name: 'market data', logger: adapterLogger(options.logger, 'alpaca-ws:market data') });
    this.sidOf = options.sidOf ?? symbolSid;
  }

  /** Bar symbols the server last acknowledged. */
  get subscribed(): ReadonlySet<string> {
    return this.acked;
  }

  /** Adds bar subscriptions; resolves when the server's ack includes them. */
  async subscribe(symbols: readonly string[]): Promise<void> {
    for (const s of symbols) this.wanted.add(s);
    if (!this.socket.connected || symbols.length === 0) return;
    const ack = this.socket.expect((m) => pickOrThrow(m, (e) => (e.T === 'subscription' && symbols.every((s) => e.bars?.includes(s)) ? e : undefined)));
    this.socket.send(this.action('subscribe', symbols));
    await this.settled(ack);
  }

  /** Removes bar subscriptions; resolves when the server's ack no longer has them. */
  async unsubscribe(symbols: readonly string[]): Promise<void> {
    for (const s of symbols) this.wanted.delete(s);
    if (!this.socket.connected || symbols.length === 0) return;
    const ack = this.socket.expect((m) => pickOrThrow(m, (e) => (e.T === 'subscription' && !symbols.some((s) => e.bars?.includes(s)) ? e : undefined)));
    this.socket.send(this.action('unsubscribe', symbols));
    await this.settled(ack);
  }

  /** An ack lost to a drop is not an error: the next handshake sends the wanted set again. */
  private async settled(ack: Promise<unknown>): Promise<void> {
    try {
      await ack;
    } catch (err) {
      if (this.socket.connected) throw err;
    }
  }

  /** Registers a bar listener; returns its remover. */
  onBar(listener: (bar: LiveBar) => void): () => void {
    return this.listen(listener);
  }

  private action(action: 'subscribe' | 'unsubscribe', symbols: readonly string[]): MarketDataActionWire {
    const list = [...symbols];
    return this.options.updatedBars === false ? { action, bars: list } : { action, bars: list, updatedBars: list };
  }

  protected async handshake(session: SocketSession): Promise<void> {
    await session.expect((m) => pickOrThrow(m, (e) => (e.T === 'success' && e.msg === 'connected' ? true : undefined)));
    const authed = session.expect((m) => pickOrThrow(m, (e) => (e.T === 'success' && e.msg === 'authenticated' ? true : undefined)));
    session.send({ action: 'auth', key: this.options.keyId, secret: this.options.secretKey } satisfies MarketDataActionWire);
    await authed;
    if (this.wanted.size === 0) return;
    const symbols = [...this.wanted];
    const ack = session.expect((m) => pickOrThrow(m, (e) => (e.T === 'subscription' && symbols.every((s) => e.bars?.includes(s)) ? e : undefined)));
    session.send(this.action('subscribe', symbols));
    await ack;
  }

  protected message(m: unknown): void {
    for (const e of elements(m)) {
      if (e.T === 'subscription') this.acked = new Set((e as SubscriptionMessageWire).bars ?? []);
      else if (e.T === 'b' || e.T === 'u') this.emit(liveBarFromStream(e, this.sidOf(e.S)));
    }
  }
}
