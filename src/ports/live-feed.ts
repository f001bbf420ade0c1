import type { Bar } from '../model/bar.js';

/** A bar from a live stream; `corrected` marks a replacement of an earlier bar (Alpaca `u`). */
export interface LiveBar extends Bar {
  readonly symbol: string;
  readonly corrected: boolean;
}

/** Connection state changes a feed reports (for logs and reconciliation). */
export type FeedStatus = 'connecting' | 'connected' | 'disconnected' | 'reconnected';

/** A live stream of minute bars, with REST backfill for gaps. */
export interface LiveFeed {
  subscribe(symbols: readonly string[]): Promise<void>;
  unsubscribe(symbols: readonly string[]): Promise<void>;
  /** Registers a bar listener; returns a function that removes it. */
  onBar(listener: (bar: LiveBar) => void): () => void;
  onStatus(listener: (status: FeedStatus) => void): () => void;
  /** Historical minute bars `startMs ≤ t < endMs` (REST), oldest first. */
  backfill(symbols: readonly string[], startMs: number, endMs: number): Promise<LiveBar[]>;
  close(): Promise<void>;
}
