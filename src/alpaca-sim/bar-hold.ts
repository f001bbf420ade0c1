import type { StreamBar } from './data-stream.js';
import type { BarPublisher } from './wire-front.js';

/**
 * Sits between the replay and the market-data stream: while a symbol is held, its minute bars
 * are kept back from the stream (the venue still trades on them) until `release` publishes them,
 * late — a feed that lags. Corrections (`u`) pass.
 */
export class BarHold implements BarPublisher {
  private symbols = new Set<string>();
  private held: StreamBar[] = [];

  constructor(private readonly stream: BarPublisher) {}

  /** Holds back the bars of `symbols` from now on (replacing the held set). */
  hold(symbols: readonly string[]): void {
    this.symbols = new Set(symbols.map((s) => s.toUpperCase()));
  }

  /** Publishes the bars held so far, oldest first, and keeps holding; returns how many. */
  release(): number {
    const bars = this.held;
    this.held = [];
    for (const b of bars) this.stream.publish([b]);
    return bars.length;
  }

  publish(bars: readonly StreamBar[], kind: 'b' | 'u' = 'b'): void {
    if (kind === 'u' || this.symbols.size === 0) return this.stream.publish(bars, kind);
    const now: StreamBar[] = [];
    for (const b of bars) (this.symbols.has(b.symbol) ? this.held : now).push(b);
    this.stream.publish(now, kind);
  }
}
