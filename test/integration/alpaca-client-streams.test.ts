import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { AlpacaAuthError } from '../../src/adapters/alpaca/errors.js';
import type { TradeUpdate } from '../../src/adapters/alpaca/parse.js';
import { MarketDataStream } from '../../src/adapters/alpaca/ws/market-data-stream.js';
import { TradingStream } from '../../src/adapters/alpaca/ws/trading-stream.js';
import type { FeedStatus, LiveBar } from '../../src/ports/live-feed.js';
import { orderWire } from '../unit/adapters/alpaca/fixtures.js';
import { FAST_SOCKET, until, useLoopbacks, type Loopback } from '../unit/adapters/alpaca/loopback.js';

const loops = useLoopbacks();

type Action = { action: string; key?: string; bars?: string[]; data?: { key_id?: string; streams?: string[] } };

/** Speaks the market-data protocol on one connection; records the client's actions. */
function marketDataPeer(ws: WebSocket, log: Action[][], options: { refuseWith?: number } = {}) {
  const actions: Action[] = [];
  log.push(actions);
  const bars = new Set<string>();
  const send = (m: unknown[]) => ws.send(JSON.stringify(m));
  send([{ T: 'success', msg: 'connected' }]);
  ws.on('message', (raw) => {
    const a = JSON.parse(raw.toString()) as Action;
    actions.push(a);
    if (a.action === 'auth') {
      if (options.refuseWith) {
        send([{ T: 'error', code: options.refuseWith, msg: 'connection limit exceeded' }]);
        ws.close();
      } else if (a.key !== 'test-key') send([{ T: 'error', code: 402, msg: 'auth failed' }]);
      else send([{ T: 'success', msg: 'authenticated' }]);
    } else if (a.action === 'subscribe' || a.action === 'unsubscribe') {
      for (const s of a.bars ?? []) (a.action === 'subscribe' ? bars.add(s) : bars.delete(s));
      send([{ T: 'subscription', trades: [], quotes: [], bars: [...bars], updatedBars: [...bars], dailyBars: [], statuses: [], lulds: [], corrections: [], cancelErrors: [] }]);
    }
  });
  return { send };
}

/** Speaks the trade_updates protocol on one connection, in binary frames when asked. */
function tradingPeer(ws: WebSocket, options: { binary: boolean; authorize?: boolean; onListening?: (send: (m: unknown) => void) => void }) {
  const send = (m: unknown) => ws.send(options.binary ? Buffer.from(JSON.stringify(m)) : JSON.stringify(m), { binary: options.binary });
  ws.on('message', (raw) => {
    const a = JSON.parse(raw.toString()) as Action;
    if (a.action === 'authenticate') {
      const ok = options.authorize !== false && a.data?.key_id === 'test-key';
      send({ stream: 'authorization', data: { status: ok ? 'authorized' : 'unauthorized', action: 'authenticate' } });
    } else if (a.action === 'listen') {
      send({ stream: 'listening', data: { streams: ['trade_updates'] } });
      options.onListening?.(send);
    }
  });
}

const fill = (executionId: string, qty: string, price: string, filled: string, status: string) => ({
  stream: 'trade_updates',
  data: { event: status === 'filled' ? 'fill' : 'partial_fill', execution_id: executionId, price, qty, position_qty: filled, timestamp: '2024-01-02T15:00:00.123456789Z',
    order: orderWire({ id: 'o-1', side: 'buy', qty: '10', filled_qty: filled, filled_avg_price: price, status }) },
});

describe('trade_updates stream', () => {
  for (const binary of [true, false]) {
    it(`authenticates, listens and delivers each execution once (${binary ? 'binary' : 'text'} frames)`, async () => {
      const server = await loops.start({
        ws: (ws) => tradingPeer(ws, {
          binary,
          onListening: (send) => {
            send(fill('e-1', '4', '10', '4', 'partially_filled'));
            send(fill('e-1', '4', '10', '4', 'partially_filled')); // duplicate
            send(fill('e-2', '6', '11', '10', 'filled'));
          },
        }),
      });
      const stream = new TradingStream({ url: server.config.tradingStreamUrl, keyId: 'test-key', secretKey: 'test-secret', ...FAST_SOCKET });
      loops.closeAfterTest(() => stream.close());
      const updates: TradeUpdate[] = [];
      stream.onUpdate((u) => updates.push(u));
      await stream.start();
      await until(() => stream.executions.duplicates === 1 && updates.length === 2, 'two fills');
      expect(updates.map((u) => [u.executionId, u.qty, u.price])).toEqual([['e-1', 4, 10], ['e-2', 6, 11]]);
      expect(stream.executions.of('o-1')).toEqual({ qty: 10, notional: 106 }); // 4·10 + 6·11
    });
  }

  it('stops (no reconnect loop) when the credentials are refused', async () => {
    const server = await loops.start({ ws: (ws) => tradingPeer(ws, { binary: true, authorize: false }) });
    const stream = new TradingStream({ url: server.config.tradingStreamUrl, keyId: 'test-key', secretKey: 'wrong', ...FAST_SOCKET });
    loops.closeAfterTest(() => stream.close());
    const err = await stream.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlpacaAuthError);
    expect((err as Error).message).not.toContain('wrong');
    expect(server.sockets).toHaveLength(1);
  });
});

describe('market data stream', () => {
  const open = (loop: Loopback, extra: Partial<ConstructorParameters<typeof MarketDataStream>[0]> = {}) => {
    const stream = new MarketDataStream({ url: loop.config.dataStreamUrl, keyId: 'test-key', secretKey: 'test-secret', sidOf: () => 7, ...FAST_SOCKET, ...extra });
    loops.closeAfterTest(() => stream.close());
    const statuses: FeedStatus[] = [];
    const bars: LiveBar[] = [];
    stream.onStatus((s) => statuses.push(s));
    stream.onBar((b) => bars.push(b));
    return { stream, statuses, bars };
  };

  it('connects, authenticates, subscribes with full-set acks and decodes batched b/u bars', async () => {
    const log: Action[][] = [];
    let peer: ReturnType<typeof marketDataPeer> | undefined;
    const server = await loops.start({ ws: (ws) => (peer = marketDataPeer(ws, log)) });
    const { stream, bars } = open(server);
    await stream.start();
    await stream.subscribe(['AAPL']);
    await stream.subscribe(['MSFT']);
    expect([...stream.subscribed]).toEqual(['AAPL', 'MSFT']);
    expect(log[0]!.map((a) => a.action)).toEqual(['auth', 'subscribe', 'subscribe']);
    expect(server.requests).toHaveLength(0);
    peer!.send([
      { T: 'b', S: 'AAPL', o: 1, h: 2, l: 0.5, c: 1.5, v: 100, t: '2024-01-02T15:00:00Z', n: 1, vw: 1 },
      { T: 'u', S: 'AAPL', o: 1, h: 2, l: 0.5, c: 1.6, v: 120, t: '2024-01-02T15:00:00Z', n: 1, vw: 1 },
      { T: 't', S: 'AAPL', p: 1, s: 1, t: '2024-01-02T15:00:01Z' },
    ]);
    await until(() => bars.length === 2, 'two bars');
    expect(bars.map((b) => [b.symbol, b.sid, b.close, b.corrected, b.ts])).toEqual([
      ['AAPL', 7, 1.5, false, Date.UTC(2024, 0, 2, 15)],
      ['AAPL', 7, 1.6, true, Date.UTC(2024, 0, 2, 15)],
    ]);
    await stream.unsubscribe(['AAPL']);
    expect([...stream.subscribed]).toEqual(['MSFT']);
  });

  it('a peer that stops answering pings: pong deadline → reconnect → re-auth → resubscribe', async () => {
    const log: Action[][] = [];
    const server = await loops.start({
      autoPong: false,
      ws: (ws, index) => {
        marketDataPeer(ws, log);
        if (index > 0) ws.on('ping', () => ws.pong());
      },
    });
    const { stream, statuses } = open(server, { pingIntervalMs: 20, pongTimeoutMs: 40 });
    await stream.start();
    await stream.subscribe(['AAPL', 'MSFT']);
    await until(() => statuses.includes('reconnected'), 'reconnect');
    expect(stream.socket.stats.pongTimeouts).toBeGreaterThanOrEqual(1);
    expect(log[1]!.map((a) => a.action)).toEqual(['auth', 'subscribe']);
    expect(log[1]![1]!.bars).toEqual(['AAPL', 'MSFT']);
    expect(statuses.slice(0, 4)).toEqual(['connecting', 'connected', 'disconnected', 'reconnected']);
  });

  it('a silent socket (pongs but no data) is caught by the staleness watchdog', async () => {
    const log: Action[][] = [];
    const server = await loops.start({ ws: (ws) => marketDataPeer(ws, log) });
    const { stream, statuses } = open(server, { staleAfterMs: 60, pingIntervalMs: 10 });
    await stream.start();
    await stream.subscribe(['SPY']);
    await until(() => statuses.includes('reconnected'), 'reconnect');
    expect(stream.socket.stats.staleTimeouts).toBeGreaterThanOrEqual(1);
    expect(stream.socket.stats.pongTimeouts).toBe(0);
    expect(log[1]!.find((a) => a.action === 'subscribe')!.bars).toEqual(['SPY']);
  });

  it('tolerates 406 connection-limit errors after a drop: backs off and retries', async () => {
    const log: Action[][] = [];
    const server = await loops.start({
      ws: (ws, index) => {
        marketDataPeer(ws, log, index === 1 || index === 2 ? { refuseWith: 406 } : {});
      },
    });
    const { stream, statuses } = open(server);
    await stream.start();
    await stream.subscribe(['AAPL']);
    server.sockets[0]!.terminate(); // abrupt drop
    await until(() => statuses.includes('reconnected'), 'reconnect');
    expect(stream.socket.stats.failedAttempts).toBe(2);
    expect(server.sockets).toHaveLength(4);
    expect(log[3]!.map((a) => a.action)).toEqual(['auth', 'subscribe']);
    expect([...stream.subscribed]).toEqual(['AAPL']);
  });

  it('a refused key (402) is fatal, not retried', async () => {
    const server = await loops.start({ ws: (ws) => marketDataPeer(ws, []) });
    const { stream } = open(server, { keyId: 'bad' });
    await expect(stream.start()).rejects.toBeInstanceOf(AlpacaAuthError);
    expect(server.sockets).toHaveLength(1);
  });
});
