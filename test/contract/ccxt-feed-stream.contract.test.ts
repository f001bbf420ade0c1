import { describe, expect, it } from 'vitest';
import { CcxtFeed } from '../../src/adapters/ccxt/ccxt-feed.js';
import { resolveCcxtConfig } from '../../src/adapters/ccxt/config.js';
import { createCcxtExchange } from '../../src/adapters/ccxt/exchange.js';
import { startAlpacaSim, type AlpacaSim } from '../../src/alpaca-sim/index.js';
import { MINUTE_MS } from '../../src/core/time.js';
import type { FeedStatus, LiveBar } from '../../src/ports/live-feed.js';
import { until } from '../helpers/poll.js';
import { DEMO_CRYPTO_T0, demoCryptoSeries, useDemoCryptoMarket } from '../helpers/demo-crypto-market.js';
import { liveFeedContract, simFeedHarness } from './live-feed.contract.js';

// CcxtFeed streaming klines through ccxt pro's binance class (watchOHLCVForSymbols) from
// `ziplime sim --protocol binance` over loopback. Expected bars come from the demo generator:
// minute k of 2024-12-25 is index k.
const market = useDemoCryptoMarket('ziplime-ccxt-feed-stream-');
const T0 = DEMO_CRYPTO_T0;
const SYMBOLS = ['BTC/USDT', 'ETH/USDT'] as const;
const series = new Map(SYMBOLS.map((symbol, i) => [symbol as string, demoCryptoSeries(i).minute]));
const sids = new Map([['BTC/USDT', 0], ['ETH/USDT', 1]]);

/** A simulator 5 minutes into the day and a streaming feed on it; `pollMs` paces the REST fallback. */
async function streamingFeed(pollMs: number, warnings: string[] = []): Promise<{ sim: AlpacaSim; feed: CcxtFeed }> {
  const sim = await startAlpacaSim({ reader: market.reader, speed: 0, protocol: 'binance' });
  await sim.admin.advance(5);
  const config = resolveCcxtConfig({ exchange: 'binance', apiUrl: sim.env.BINANCE_API_URL }, {});
  const exchange = createCcxtExchange(config, { enableRateLimit: false, stream: true, streamUrl: sim.env.BINANCE_STREAM_URL });
  const feed = new CcxtFeed({ exchange, sidOf: (s) => sids.get(s), now: () => sim.admin.now(), pollMs, warn: (m) => warnings.push(m) });
  return { sim, feed };
}

liveFeedContract('CcxtFeed (streaming) on the binance simulator', async () => {
  const { sim, feed } = await streamingFeed(20);
  return simFeedHarness(sim, feed, SYMBOLS, (symbol, ts) => series.get(symbol)!.close[(ts - T0) / MINUTE_MS]!);
});

/**
 * A streaming feed (REST polled once a minute) that has delivered two minutes, the second streamed,
 * and has just seen its socket dropped; `first` is the first minute delivered.
 */
async function droppedAfterTwoMinutes(warnings: string[] = []) {
  const { sim, feed } = await streamingFeed(60_000, warnings);
  const bars: LiveBar[] = [];
  const statuses: FeedStatus[] = [];
  feed.onBar((b) => bars.push(b));
  feed.onStatus((s) => statuses.push(s));
  try {
    await feed.subscribe([...SYMBOLS]);
    const first = Math.floor(sim.admin.now() / MINUTE_MS) * MINUTE_MS;
    await sim.admin.advance(1);
    await until(() => bars.length >= 2, 'the first minute');
    await sim.admin.advance(1); // the next poll is a minute of wall time away: this one is streamed
    await until(() => bars.length >= 4, 'the streamed minute before the drop');
    sim.admin.dropSockets('data');
    await until(() => statuses.includes('disconnected'), 'the feed to see its socket dropped');
    return { sim, feed, bars, statuses, first };
  } catch (e) {
    await feed.close();
    await sim.close();
    throw e;
  }
}

describe('CcxtFeed streaming (REST polled only once a minute)', () => {
  const expected = (from: number, minutes: number) => Array.from({ length: minutes }, (_, k) => from + k * MINUTE_MS).flatMap((ts) => SYMBOLS.map((symbol) => {
    const m = series.get(symbol)!, i = (ts - T0) / MINUTE_MS;
    return { symbol, ts, open: m.open[i], high: m.high[i], low: m.low[i], close: m.close[i], volume: m.volume[i] };
  }));
  const values = (bars: LiveBar[]) => bars.map(({ symbol, ts, open, high, low, close, volume }) => ({ symbol, ts, open, high, low, close, volume }));

  it('streams the generator\'s bars of a replayed window, each once and in order', async () => {
    const { sim, feed } = await streamingFeed(60_000);
    try {
      expect(feed.streams).toBe(true);
      const bars: LiveBar[] = [];
      feed.onBar((b) => bars.push(b));
      await feed.subscribe([...SYMBOLS]);
      const first = Math.floor(sim.admin.now() / MINUTE_MS) * MINUTE_MS;
      await sim.admin.advance(1);
      await until(() => bars.length >= 2, 'the first streamed minute');
      // Polling is a minute of wall time away: these bars can only come through the socket.
      for (let k = 0; k < 4; k++) {
        await sim.admin.advance(1);
        await until(() => bars.length >= 4 + 2 * k, `streamed minute ${k + 2}`);
      }
      expect(values(bars)).toEqual(expected(first, 5));
    } finally {
      await feed.close();
      await sim.close();
    }
  });

  it('a dropped socket loses no bar and doubles none: warns, reconnects, fills the gap by REST', async () => {
    const warnings: string[] = [];
    const { sim, feed, bars, statuses, first } = await droppedAfterTwoMinutes(warnings);
    try {
      await sim.admin.advance(3); // published while the stream is away
      // The stream reopens (its retry), and the first kline after it shows the gap REST fills.
      for (let k = 0; k < 20 && bars.length < 12; k++) {
        await sim.admin.advance(1);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(bars.length).toBeGreaterThanOrEqual(12);
      const minutes = bars.at(-1)!.ts / MINUTE_MS - first / MINUTE_MS + 1;
      expect(values(bars)).toEqual(expected(first, minutes));
      expect(warnings.length).toBeGreaterThanOrEqual(1);
      expect(warnings[0]).toMatch(/kline stream failed.*polling REST/);
      expect(statuses).toContain('reconnected');
    } finally {
      await feed.close();
      await sim.close();
    }
  });

  it('bars published after a drop reach the session by REST while the reopened stream has sent nothing', async () => {
    const { sim, feed, bars, first } = await droppedAfterTwoMinutes();
    try {
      await new Promise((r) => setTimeout(r, 1_500)); // the poll made at the failure and the resubscription are done
      await sim.admin.advance(2); // no kline follows: only REST can deliver these two minutes
      await until(() => bars.length >= 8, 'the two minutes published after the drop', 5_000);
      expect(values(bars)).toEqual(expected(first, 4));
    } finally {
      await feed.close();
      await sim.close();
    }
  });

  it('polls REST when the instance cannot stream', async () => {
    const sim = await startAlpacaSim({ reader: market.reader, speed: 0, protocol: 'binance' });
    const config = resolveCcxtConfig({ exchange: 'binance', apiUrl: sim.env.BINANCE_API_URL }, {});
    const feed = new CcxtFeed({ exchange: createCcxtExchange(config, { enableRateLimit: false }), sidOf: (s) => sids.get(s), now: () => sim.admin.now(), pollMs: 20 });
    try {
      expect(feed.streams).toBe(false);
      const bars: LiveBar[] = [];
      feed.onBar((b) => bars.push(b));
      await feed.subscribe([...SYMBOLS]);
      await sim.admin.advance(2);
      await until(() => bars.length >= 4, 'two polled minutes');
      expect(values(bars)).toEqual(expected(T0, 2));
    } finally {
      await feed.close();
      await sim.close();
    }
  });

  it('refuses a REST override without a stream URL (no socket to the real exchange)', () => {
    const config = resolveCcxtConfig({ exchange: 'binance', apiUrl: 'http://127.0.0.1:9/api/v3' }, {});
    expect(() => createCcxtExchange(config, { stream: true })).toThrow(/stream URL/);
  });
});
