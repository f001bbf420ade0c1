import { describe, expect, it } from 'vitest';
import { AlpacaBroker } from '../../src/adapters/alpaca/alpaca-broker.js';
import { createAlpacaRest } from '../../src/adapters/alpaca/client.js';
import type { Timing } from '../../src/net/timing.js';
import { MarketDataStream } from '../../src/adapters/alpaca/ws/market-data-stream.js';
import type { LiveBar } from '../../src/ports/live-feed.js';
import { useContractSim } from '../contract/contract-bundle.js';
import { until } from '../helpers/poll.js';

const fx = useContractSim('ziplime-resilience-');

/** Socket timings short enough to keep every test within a few seconds. */
const FAST_SOCKET = { pingIntervalMs: 100, pongTimeoutMs: 150, handshakeTimeoutMs: 2_000, reconnect: { initialMs: 50, maxMs: 200, jitter: 0 } };

/** Sleeps are recorded and skipped: backoff and Retry-After waits are asserted, not waited for. */
function recordingTiming(): Timing & { waits: number[] } {
  const waits: number[] = [];
  return { waits, now: () => Date.now(), sleep: async (ms) => { waits.push(ms); } };
}

const waitFor = (what: string, pred: () => boolean, ms = 5_000): Promise<void> => until(pred, what, ms, 10);

function dataStream(): MarketDataStream & { bars: LiveBar[] } {
  const stream = Object.assign(new MarketDataStream({ url: fx.config.dataStreamUrl, keyId: 'test', secretKey: 'test', ...FAST_SOCKET }), { bars: [] as LiveBar[] });
  stream.onBar((b) => stream.bars.push(b));
  fx.closeAfterTest(() => stream.close());
  return stream;
}

function broker(timing?: Timing): AlpacaBroker {
  const b = new AlpacaBroker({
    config: fx.config, rest: { rateLimit: false, timing, attempts: 4 }, stream: { ...FAST_SOCKET, reconnect: { initialMs: 300, maxMs: 300, jitter: 0 } },
    resolveAsset: (s) => fx.assets.get(s),
  });
  fx.closeAfterTest(() => b.close());
  return b;
}

describe('REST resilience against the simulator', () => {
  it('the token bucket holds requests back when the burst is spent', async () => {
    const rest = createAlpacaRest(fx.config, { rateLimit: { perMinute: 1_200, burst: 2 } });
    await Promise.all([0, 1, 2, 3].map(() => rest.trading.getClock()));
    expect(rest.limiter!.stats.acquired).toBe(4);
    expect(rest.limiter!.stats.waits).toBeGreaterThanOrEqual(2); // tokens 3 and 4 had to refill (50 ms each)
    expect(fx.sim.admin.stats().requests).toBe(4);
  });

  it('honours 429 Retry-After / X-RateLimit-Reset and then succeeds', async () => {
    const timing = recordingTiming();
    const rest = createAlpacaRest(fx.config, { rateLimit: false, timing });
    fx.sim.admin.setFaults({ rateLimit: { count: 2, retryAfterSec: 1 } });
    expect((await rest.trading.getAccount()).cash).toBe('100000');
    expect(fx.sim.admin.faultStats.rateLimited).toBe(2);
    expect(timing.waits).toHaveLength(2);
    // Retry-After 1 s; X-RateLimit-Reset is the next whole second after it: 1–2 s
    for (const w of timing.waits) expect(w >= 1_000 && w <= 2_000).toBe(true);
  });

  it('retries a GET after 5xx answers', async () => {
    const timing = recordingTiming();
    const rest = createAlpacaRest(fx.config, { rateLimit: false, timing });
    fx.sim.admin.setFaults({ serverErrors: { count: 2, status: 503 } });
    expect((await rest.trading.getClock()).is_open).toBe(true);
    expect(fx.sim.admin.faultStats.serverErrors).toBe(2);
    expect(timing.waits).toHaveLength(2);
  });

  it('an ambiguous POST (order accepted, answer lost) yields exactly one order, found by client_order_id', async () => {
    const b = broker();
    fx.sim.admin.setFaults({ ambiguousPosts: 1 });
    const order = await b.submitOrder({ asset: fx.assets.get('AAA')!, amount: 3, style: { type: 'market' }, clientOrderId: 'amb-1' });
    expect(fx.sim.admin.faultStats.ambiguousPosts).toBe(1);
    expect(order).toMatchObject({ clientOrderId: 'amb-1', amount: 3 });
    const atVenue = fx.sim.admin.venue.all();
    expect(atVenue.map((o) => o.clientOrderId)).toEqual(['amb-1']);
    expect(order.id).toBe(atVenue[0]!.id);
  });

  it('a POST answered 5xx (not executed) is looked up, then sent once more: one order', async () => {
    const b = broker(recordingTiming());
    fx.sim.admin.setFaults({ serverErrors: { count: 1, path: '/v2/orders' } });
    const order = await b.submitOrder({ asset: fx.assets.get('AAA')!, amount: 2, style: { type: 'market' }, clientOrderId: 'five-1' });
    expect(order.clientOrderId).toBe('five-1');
    expect(fx.sim.admin.venue.all().map((o) => o.clientOrderId)).toEqual(['five-1']);
  });
});

describe('stream resilience against the simulator', () => {
  it('a dropped market-data socket reconnects, re-authenticates and resubscribes', async () => {
    const stream = dataStream();
    await stream.start();
    await stream.subscribe(['AAA']);
    const statuses: string[] = [];
    stream.onStatus((s) => statuses.push(s));
    fx.sim.admin.dropSockets('data');
    await waitFor('reconnect', () => statuses.includes('reconnected'));
    expect(stream.subscribed.has('AAA')).toBe(true);
    await fx.sim.admin.advance(1);
    await waitFor('a bar after the reconnect', () => stream.bars.length > 0);
    expect(stream.bars.map((b) => [b.symbol, b.close])).toEqual([['AAA', 101.5]]);
    expect(fx.sim.admin.stats().dataConnections).toBe(2);
  });

  it('a silent socket (open, no pongs) is detected by the keepalive and replaced', async () => {
    const stream = dataStream();
    await stream.start();
    await stream.subscribe(['BBB']);
    fx.sim.admin.silenceSockets('data');
    await waitFor('reconnect after the pong deadline', () => stream.socket.stats.handshakes >= 2);
    expect(stream.socket.stats.pongTimeouts).toBeGreaterThanOrEqual(1);
    await fx.sim.admin.advance(1);
    await waitFor('a bar on the new socket', () => stream.bars.length > 0);
    expect(stream.bars[0]!.symbol).toBe('BBB');
  });

  it('406 connection-limit answers after a drop are retried until the server lets the client back in', async () => {
    const stream = dataStream();
    await stream.start();
    await stream.subscribe(['AAA']);
    fx.sim.admin.setFaults({ reject406ForMs: 400, drop: 'data' });
    await waitFor('reconnect after the 406 window', () => stream.socket.stats.handshakes >= 2);
    expect(fx.sim.admin.faultStats.rejected406).toBeGreaterThanOrEqual(1);
    expect(stream.socket.stats.failedAttempts).toBeGreaterThanOrEqual(1);
    await fx.sim.admin.advance(1);
    await waitFor('a bar', () => stream.bars.length > 0);
  });

  it('trade updates arrive as binary frames; a fill missed while the socket was down is recovered on reconnect', async () => {
    const b = broker();
    await b.connect();
    const aaa = fx.assets.get('AAA')!;
    const first = await b.submitOrder({ asset: aaa, amount: 4, style: { type: 'market' }, clientOrderId: 'tu-1' });
    await fx.sim.admin.advance(1); // bar 1 close 101.5, delivered over the (binary) stream
    await waitFor('fill over the stream', () => b.stream.executions.of(first.id).qty === 4);
    const second = await b.submitOrder({ asset: aaa, amount: 6, style: { type: 'market' }, clientOrderId: 'tu-2' });
    await waitFor('the new event', () => (fx.sim.admin.venue.get(second.id)?.status ?? '') === 'new');
    await b.sync(0);
    fx.sim.admin.dropSockets('trading');
    await fx.sim.admin.advance(1); // bar 2 close 102.5 fills tu-2 while the client is away (reconnect waits 300 ms)
    await waitFor('reconnect', () => b.stream.socket.stats.handshakes >= 2);
    await waitFor('reconciliation', () => b.stream.executions.of(second.id).qty === 6);
    const events = await b.sync(0);
    const fills = events.flatMap((e) => (e.kind === 'fill' ? [e.fill] : []));
    expect(fills.map((f) => [f.orderId, f.amount, f.price])).toEqual([[second.id, 6, 102.5]]);
    expect((await b.getPositions())[0]).toMatchObject({ amount: 10 });
  });
});
