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
}

/**
 * Minute bars of a ccxt exchange by REST polling (the fallback where no stream is used): every
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

  constructor(private readonly options: CcxtFeedOptions) {}

  async subscribe(symbols: readonly string[]): Promise<void> {
    const next = Math.floor(this.options.now() / MINUTE_MS) * MINUTE_MS;
    for (const s of symbols) if (!this.symbols.has(s)) this.symbols.set(s, next);
    this.schedule(0);
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
  }

  private bar(symbol: string, [ts, open, high, low, close, volume]: number[]): LiveBar | undefined {
    const sid = this.options.sidOf(symbol);
    if (sid === undefined) return undefined;
    return { symbol, sid, ts: ts!, open: open!, high: high!, low: low!, close: close!, volume: volume ?? 0, corrected: false };
  }

  private schedule(ms: number): void {
    if (this.closed || this.timer !== undefined || this.polling) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        if (this.symbols.size > 0) this.schedule(this.pollWait());
      });
    }, ms);
  }

  private pollWait(): number {
    const { pollMs } = this.options;
    return typeof pollMs === 'function' ? pollMs() : pollMs ?? 5_000;
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
  private async poll(): Promise<void> {
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
    out.sort((a, b) => a.ts - b.ts || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    for (const bar of out) for (const l of this.barListeners) l(bar);
    this.setStatus(failed ? 'disconnected' : wasDown ? 'reconnected' : 'connected');
  }
}
