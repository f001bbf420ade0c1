import { describe, expect, it } from 'vitest';
import type { FeedStatus, LiveBar, LiveFeed } from '../../src/ports/live-feed.js';
import { until } from '../helpers/poll.js';

const MINUTE_MS = 60_000;

/** One venue with a feed on it, for one test. */
export interface LiveFeedHarness {
  readonly feed: LiveFeed;
  /** Two symbols the venue streams a bar of every session minute. */
  readonly symbols: readonly [string, string];
  /** The venue's close of `symbol` for the minute opening at `ts`, known independently of the feed. */
  expectedClose(symbol: string, ts: number): number;
  /** The opening instant of the first minute the next `advance` publishes. */
  nextMinute(): number;
  /** Moves the venue `minutes` forward; resolves once it has published their bars. */
  advance(minutes: number): Promise<void>;
  /** The venue drops the feed's connection (the feed reconnects by itself). */
  drop(): void;
  close(): Promise<void>;
}

/** The simulator's side of a harness: what `ziplime sim`'s admin API provides. */
interface SimAdmin {
  readonly admin: { now(): number; advance(minutes: number): Promise<void>; dropSockets(kind: 'data'): unknown };
  close(): Promise<void>;
}

/** A harness for `feed` on one of our simulators: minutes, advancing and drops through its admin API. */
export function simFeedHarness(
  sim: SimAdmin, feed: LiveFeed, symbols: readonly [string, string], expectedClose: (symbol: string, ts: number) => number,
): LiveFeedHarness {
  return {
    feed,
    symbols,
    expectedClose,
    nextMinute: () => Math.floor(sim.admin.now() / MINUTE_MS) * MINUTE_MS,
    advance: (minutes) => sim.admin.advance(minutes),
    drop: () => { sim.admin.dropSockets('data'); },
    close: async () => {
      await feed.close();
      await sim.close();
    },
  };
}

/** Makes a fresh harness (a venue in a known state, nothing subscribed yet). */
export type LiveFeedHarnessFactory = () => Promise<LiveFeedHarness>;

const key = (b: LiveBar) => `${b.symbol}@${b.ts}`;

/**
 * The LiveFeed contract: every implementation delivers each subscribed symbol's minute bars once,
 * in order, with the venue's values; backfills `[start, end)` oldest first; stops delivering what
 * was unsubscribed or to a removed listener; and after a dropped connection delivers the bars
 * missed meanwhile, with neither gap nor duplicate.
 */
export function liveFeedContract(name: string, make: LiveFeedHarnessFactory): void {
  describe(`LiveFeed contract: ${name}`, () => {
    const withHarness = (body: (h: LiveFeedHarness) => Promise<void>) => async () => {
      const h = await make();
      try {
        await body(h);
      } finally {
        await h.close();
      }
    };

    it('delivers every minute bar of the subscribed symbols once, in order, with the venue\'s values', withHarness(async (h) => {
      const [a, b] = h.symbols;
      const bars: LiveBar[] = [];
      h.feed.onBar((bar) => bars.push(bar));
      await h.feed.subscribe([a, b]);
      const first = h.nextMinute();
      await h.advance(3);
      await until(() => bars.length >= 6, 'six live bars');
      const wanted = [0, 1, 2].flatMap((k) => [a, b].map((s) => ({ symbol: s, ts: first + k * MINUTE_MS, close: h.expectedClose(s, first + k * MINUTE_MS), corrected: false })));
      const got = bars.map((x) => ({ symbol: x.symbol, ts: x.ts, close: x.close, corrected: x.corrected }));
      const order = (x: { symbol: string; ts: number }, y: { symbol: string; ts: number }) => x.ts - y.ts || (x.symbol < y.symbol ? -1 : 1);
      expect([...got].sort(order)).toEqual(wanted.sort(order));
      for (const s of [a, b]) {
        const ts = bars.filter((x) => x.symbol === s).map((x) => x.ts);
        expect(ts).toEqual([...ts].sort((x, y) => x - y));
      }
      expect(new Set(bars.map((x) => x.sid)).size).toBe(2);
    }));

    it('backfills [start, end) of the symbols oldest first, with the venue\'s values', withHarness(async (h) => {
      const [a, b] = h.symbols;
      const first = h.nextMinute();
      await h.advance(5);
      const from = first + MINUTE_MS, to = first + 4 * MINUTE_MS;
      const bars = await h.feed.backfill([a, b], from, to);
      expect(bars.map((x) => ({ symbol: x.symbol, ts: x.ts, close: x.close }))).toEqual(
        [1, 2, 3].flatMap((k) => [a, b].sort().map((s) => ({ symbol: s, ts: first + k * MINUTE_MS, close: h.expectedClose(s, first + k * MINUTE_MS) }))),
      );
      expect(await h.feed.backfill([a], to, from)).toEqual([]);
      expect(await h.feed.backfill([], from, to)).toEqual([]);
    }));

    it('stops delivering an unsubscribed symbol, and to a removed listener', withHarness(async (h) => {
      const [a, b] = h.symbols;
      const kept: LiveBar[] = [];
      const removed: LiveBar[] = [];
      h.feed.onBar((bar) => kept.push(bar));
      const off = h.feed.onBar((bar) => removed.push(bar));
      await h.feed.subscribe([a, b]);
      await h.advance(1);
      await until(() => kept.length >= 2 && removed.length >= 2, 'the first minute\'s bars');
      off();
      await h.feed.unsubscribe([b]);
      const next = h.nextMinute();
      await h.advance(2);
      await until(() => kept.some((x) => x.ts === next + MINUTE_MS), 'the third minute\'s bar');
      expect(kept.filter((x) => x.ts >= next).map(key)).toEqual([`${a}@${next}`, `${a}@${next + MINUTE_MS}`]);
      expect(removed).toHaveLength(2);
    }));

    it('after a dropped connection: reports the reconnect and delivers the missed bars, no gap, no duplicate', withHarness(async (h) => {
      const [a, b] = h.symbols;
      const bars: LiveBar[] = [];
      const statuses: FeedStatus[] = [];
      h.feed.onBar((bar) => bars.push(bar));
      h.feed.onStatus((s) => statuses.push(s));
      await h.feed.subscribe([a, b]);
      const first = h.nextMinute();
      await h.advance(2);
      await until(() => bars.length >= 4, 'the bars before the drop');
      h.drop();
      await h.advance(3); // published while the feed is away (or reconnecting)
      await until(() => statuses.includes('reconnected'), 'the feed to report its reconnect');
      await h.advance(1);
      const last = first + 5 * MINUTE_MS;
      await until(() => bars.filter((x) => x.ts === last).length === 2, 'the bars of the minute after the reconnect');
      await until(() => bars.length >= 12, 'the missed bars');
      const keys = bars.map(key);
      expect(new Set(keys).size).toBe(keys.length);
      const expected = [0, 1, 2, 3, 4, 5].flatMap((k) => [a, b].map((s) => `${s}@${first + k * MINUTE_MS}`));
      expect([...keys].sort()).toEqual(expected.sort());
      for (const s of [a, b]) {
        const ts = bars.filter((x) => x.symbol === s).map((x) => x.ts);
        expect(ts).toEqual([...ts].sort((x, y) => x - y));
        for (const x of bars.filter((y) => y.symbol === s)) expect(x.close).toBe(h.expectedClose(s, x.ts));
      }
    }));
  });
}
