import type { Exchange } from 'ccxt';
import { MINUTE_MS } from '../../core/time.js';
import type { FeedStatus, LiveBar, LiveFeed } from '../../ports/live-feed.js';
import { fetchOhlcvRange } from './historical.js';

/** What a `CcxtFeed` needs. */
export interface CcxtFeedOptions {
  /** A ccxt instance (keys not needed). */
  readonly exchange: Exchange;
  /** The run's sid of a symbol, undefined when it has none (its bars are dropped). */
  readonly sidOf: (symbol: string) => number | undefined;
  /** The exchange's time now (epoch ms): a minute's bar is complete once it has passed. */
  readonly now: () => number;
  /**
   * Wall ms between polls (default 5 000; one `fetchOHLCV` per symbol a poll, within ccxt's rate
   * limit); a function is asked before each wait (a replayed clock running faster polls more often).
   */
  readonly pollMs?: number | (() => number);
  /**
   * Stream bars through ccxt pro's `watchOHLCVForSymbols` (default: when the instance has it, i.e.
   * it was built with `createCcxtExchange(config, { stream: true })`); false polls REST only.
   */
  readonly stream?: boolean;
  /** Where a fallback to polling is reported (default: a `warning:` line on stderr). */
  readonly warn?: (message: string) => void;
}

/** Wall ms between attempts to reopen a failed stream (REST polling covers the gap). */
const RESTREAM_MS = 1_000;

/**
 * Minute bars of a ccxt exchange. Where the instance can stream (`watchOHLCVForSymbols`), the
 * exchange's kline stream wakes the feed and the bars come from ccxt's OHLCV cache; a bar is handed
 * on once its minute has passed (`now`), each once and in order by the per-symbol cursor shared
 * with the polling path, so a switch between the two neither loses nor doubles a bar. A stream that
 * fails is reported (`disconnected`, a warning) and REST polling takes over until it reopens; a
 * gap in the stream's cache (bars missed while reconnecting) is filled by one REST poll first.
 *
 * Polling (the fallback, and the only path where no stream is used): every
 * `pollMs` it asks each subscribed symbol's 1-minute OHLCV from the minute after the last bar
 * delivered and hands on the complete ones, each once and in order (a symbol whose next bar
 * cannot be complete yet is not asked). A failed poll reports
 * `disconnected`, the next good one `reconnected` and the bars missed meanwhile.
 */
export class CcxtFeed implements LiveFeed {
  private readonly symbols = new Map<string, number>(); // symbol → next bar's open
  private readonly barListeners = new Set<(bar: LiveBar) => void>();
  private readonly statusListeners = new Set<(status: FeedStatus) => void>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private status: FeedStatus = 'connecting';
  private closed = false;
  /** The stream loop while it runs. */
  private streaming: Promise<void> | undefined;
  /** True while the stream delivers (polling pauses). */
  private streamUp = false;
  /** Polls and stream wakes run one at a time (each moves the cursors after its awaits). */
  private turn: Promise<void> = Promise.resolve();

  constructor(private readonly options: CcxtFeedOptions) {}

  /** Whether this feed streams (else it polls REST). */
  get streams(): boolean {
    const has = (this.options.exchange.has as Record<string, unknown>)['watchOHLCVForSymbols'] === true;
    return (this.options.stream ?? has) && has;
  }

  async subscribe(symbols: readonly string[]): Promise<void> {
    const next = Math.floor(this.options.now() / MINUTE_MS) * MINUTE_MS;
    for (const s of symbols) if (!this.symbols.has(s)) this.symbols.set(s, next);
    if (this.streams) this.streaming ??= this.streamLoop().finally(() => { this.streaming = undefined; });
    this.schedule(0); // polls until the stream delivers
  }

  async unsubscribe(symbols: readonly string[]): Promise<void> {
    for (const s of symbols) this.symbols.delete(s);
  }

  onBar(listener: (bar: LiveBar) => void): () => void {
    this.barListeners.add(listener);
    return () => { this.barListeners.delete(listener); };
  }

  onStatus(listener: (status: FeedStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => { this.statusListeners.delete(listener); };
  }

  async backfill(symbols: readonly string[], startMs: number, endMs: number): Promise<LiveBar[]> {
    if (!(endMs > startMs) || symbols.length === 0) return [];
    const out: LiveBar[] = [];
    for (const symbol of symbols) {
      const cols = await fetchOhlcvRange(this.options.exchange, { symbol, timeframe: '1m', startMs, endMs: endMs - 1 });
      for (let i = 0; i < cols.ts.length; i++) {
        const bar = this.bar(symbol, [cols.ts[i]!, cols.open[i]!, cols.high[i]!, cols.low[i]!, cols.close[i]!, cols.volume[i]!]);
        if (bar) out.push(bar);
      }
    }
    return out.sort((a, b) => a.ts - b.ts || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.polling;
    if (this.streams) await (this.options.exchange as unknown as { close(): Promise<void> }).close().catch(() => undefined);
    await this.streaming;
  }

  /**
   * Watches the subscribed symbols' 1m klines until closed. Each wake hands on the closed bars past
   * each cursor from ccxt's cache (after one REST poll when the cache starts beyond a cursor). A
   * failure switches to polling (with a warning) and retries the stream every `RESTREAM_MS`.
   */
  private async streamLoop(): Promise<void> {
    const ex = this.options.exchange as Exchange & { loadHttpProxyAgent(): Promise<unknown>; ohlcvs: Record<string, Record<string, unknown[][]>> };
    await ex.loadHttpProxyAgent(); // ccxt opens ws:// (loopback) sockets only through an http agent
    while (!this.closed && this.symbols.size > 0) {
      const wanted = [...this.symbols.keys()];
      try {
        await ex.watchOHLCVForSymbols(wanted.map((s) => [s, '1m']));
        if (this.closed) return;
        if (!this.streamUp) {
          this.streamUp = true;
          clearTimeout(this.timer);
          this.timer = undefined;
          await this.polling;
          await this.poll(); // the bars published before the stream opened
        }
        await this.inTurn(() => this.fromCache(ex.ohlcvs));
      } catch (e) {
        if (this.closed) return;
        if (this.streamUp || this.status !== 'disconnected') {
          (this.options.warn ?? ((m) => process.stderr.write(`warning: ${m}\n`)))(`ccxt ${ex.id} kline stream failed (${(e as Error).message.split('\n')[0]}); polling REST until it reopens`);
        }
        this.streamUp = false;
        this.setStatus('disconnected');
        clearTimeout(this.timer); // poll now, not at the next slow poll
        this.timer = undefined;
        this.schedule(0);
        await new Promise((r) => setTimeout(r, RESTREAM_MS));
      }
    }
  }

  /** Hands on the closed cached bars past each cursor; a cache starting beyond a cursor is first filled by REST. */
  private async fromCache(ohlcvs: Record<string, Record<string, unknown[][]>>): Promise<void> {
    const now = this.options.now();
    const rowsOf = (s: string) => (ohlcvs[s]?.['1m'] ?? []).map((r) => r.map(Number)).filter((r) => r[0]! + MINUTE_MS <= now);
    const gap = [...this.symbols].some(([s, next]) => { const r = rowsOf(s).find((x) => x[0]! >= next); return r !== undefined && r[0]! > next; });
    if (gap) await this.pollOnce();
    const out: LiveBar[] = [];
    for (const [symbol, next] of [...this.symbols]) {
      let cursor = next;
      for (const r of rowsOf(symbol).sort((a, b) => a[0]! - b[0]!)) {
        if (r[0]! < cursor) continue; // already handed on (by the stream or by polling)
        if (r[0]! > cursor) break; // a gap REST could not fill yet: the next wake retries
        const bar = this.bar(symbol, r);
        cursor += MINUTE_MS;
        if (bar) out.push(bar);
      }
      this.symbols.set(symbol, cursor);
    }
    this.emit(out);
    this.setStatus(this.status === 'disconnected' ? 'reconnected' : 'connected');
  }

  private inTurn(body: () => Promise<void>): Promise<void> {
    const run = this.turn.then(body);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private poll(): Promise<void> {
    return this.inTurn(() => this.pollOnce());
  }

  private emit(out: LiveBar[]): void {
    out.sort((a, b) => a.ts - b.ts || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    for (const bar of out) for (const l of this.barListeners) l(bar);
  }

  private bar(symbol: string, [ts, open, high, low, close, volume]: number[]): LiveBar | undefined {
    const sid = this.options.sidOf(symbol);
    if (sid === undefined) return undefined;
    return { symbol, sid, ts: ts!, open: open!, high: high!, low: low!, close: close!, volume: volume ?? 0, corrected: false };
  }

  private schedule(ms: number): void {
    if (this.closed || this.streamUp || this.timer !== undefined || this.polling) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        if (this.symbols.size > 0) this.schedule(this.pollWait());
      });
    }, ms);
  }

  /**
   * Wall ms to the next poll: `pollMs`, but at most `RESTREAM_MS` while a streaming feed's stream
   * is not delivering (before its first message, and from a failure until it delivers again). A
   * reopened subscription only wakes on the next kline, so a bar published between the failure
   * and the resubscription would otherwise wait for that kline or for the slow poll.
   */
  private pollWait(): number {
    const { pollMs } = this.options;
    const wait = typeof pollMs === 'function' ? pollMs() : pollMs ?? 5_000;
    return this.streams && !this.streamUp ? Math.min(wait, RESTREAM_MS) : wait;
  }

  private setStatus(status: FeedStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const l of this.statusListeners) l(status);
  }

  /**
   * One poll: each symbol's complete bars since its cursor, handed on together once every symbol
   * was asked (oldest first, symbols in order within a minute), so a minute's bars of all symbols
   * arrive at once. A failed request ends the poll: the bars fetched before it are handed on.
   */
  private async pollOnce(): Promise<void> {
    const wasDown = this.status === 'disconnected';
    const fetched: { symbol: string; cursor: number; bars: LiveBar[] }[] = [];
    let failed = false;
    try {
      for (const [symbol, next] of [...this.symbols]) {
        if (next + MINUTE_MS > this.options.now()) continue; // its next bar cannot be complete yet
        const rows = await this.options.exchange.fetchOHLCV(symbol, '1m', next, 1000);
        const now = this.options.now();
        let cursor = next;
        const bars: LiveBar[] = [];
        for (const r of rows) {
          const ts = Number(r[0]);
          if (ts < cursor || ts + MINUTE_MS > now) continue;
          const bar = this.bar(symbol, r.map(Number));
          cursor = ts + MINUTE_MS;
          if (bar) bars.push(bar);
        }
        fetched.push({ symbol, cursor, bars });
      }
    } catch {
      failed = true;
    }
    const out: LiveBar[] = [];
    for (const f of fetched) {
      if (this.closed || !this.symbols.has(f.symbol)) continue;
      this.symbols.set(f.symbol, f.cursor);
      out.push(...f.bars);
    }
    this.emit(out);
    if (failed && this.streamUp) return; // the stream is up: its next wake retries the catch-up
    this.setStatus(failed ? 'disconnected' : wasDown ? 'reconnected' : 'connected');
  }
}
