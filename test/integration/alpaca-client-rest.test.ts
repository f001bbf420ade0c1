import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlpacaRest, type AlpacaRestOptions } from '../../src/adapters/alpaca/client.js';
import { AlpacaApiError, AlpacaNetworkError, AlpacaPayloadError, OrderStateUnknownError } from '../../src/adapters/alpaca/errors.js';
import { fetchBars } from '../../src/adapters/alpaca/historical.js';
import type { Timing } from '../../src/net/timing.js';
import { orderWire } from '../unit/adapters/alpaca/fixtures.js';
import { json, startLoopback, type Loopback, type RestHandler } from '../unit/adapters/alpaca/loopback.js';

/** Real-time `now`, but sleeps are recorded and return at once (no timed assertions). */
function recordingTiming(): Timing & { sleeps: number[] } {
  let skew = 0;
  const sleeps: number[] = [];
  return { sleeps, now: () => Date.now() + skew, sleep: async (ms) => { sleeps.push(ms); skew += ms; } };
}

const ACCOUNT = { id: 'acc', status: 'ACTIVE', currency: 'USD', cash: '1000', buying_power: '4000', equity: '1000' };
const BODY = { symbol: 'AAPL', qty: '1', side: 'buy' as const, type: 'market' as const, time_in_force: 'day' as const, client_order_id: 'run-7' };

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(rest: RestHandler, options: AlpacaRestOptions = {}) {
  server = await startLoopback({ rest });
  const timing = recordingTiming();
  const clients = createAlpacaRest(server.config, { rateLimit: false, timing, random: () => 0.5, ...options });
  return { ...clients, timing, server };
}

/** A tiny order book: POST stores, by_client_order_id finds; `lose` decides per POST whether to store and/or drop the answer. */
function orderServer(lose: (n: number) => { store: boolean; answer: 'ok' | 'drop' | 504 }) {
  const orders = new Map<string, ReturnType<typeof orderWire>>();
  let posts = 0;
  const handler: RestHandler = (req, res, raw) => {
    if (req.method === 'POST' && req.path === '/v2/orders') {
      const body = JSON.parse(req.body) as typeof BODY;
      const plan = lose(posts++);
      const order = orderWire({ id: `id-${posts}`, client_order_id: body.client_order_id, qty: body.qty, side: body.side, type: body.type });
      if (plan.store) orders.set(body.client_order_id, order);
      if (plan.answer === 'drop') raw.socket.destroy();
      else if (plan.answer === 504) json(res, 504, { message: 'gateway timeout' });
      else json(res, 200, order);
      return;
    }
    if (req.method === 'GET' && req.path === '/v2/orders:by_client_order_id') {
      const o = orders.get(req.query.get('client_order_id') ?? '');
      if (o) json(res, 200, o);
      else json(res, 404, { code: 40410000, message: 'order not found' });
      return;
    }
    json(res, 404, { code: 40410000, message: 'not found' });
  };
  return { handler, orders, posts: () => posts };
}

describe('REST client against a loopback server', () => {
  it('sends the auth headers and honours Retry-After on 429, then succeeds', async () => {
    let n = 0;
    const { trading, timing, server: s } = await setup((_req, res) => {
      if (n++ === 0) json(res, 429, { message: 'too many requests' }, { 'Retry-After': '2', 'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '0' });
      else json(res, 200, ACCOUNT);
    });
    const account = await trading.getAccount();
    expect(account.cash).toBe('1000');
    expect(s.requests).toHaveLength(2);
    expect(s.requests[0]!.headers['apca-api-key-id']).toBe('test-key');
    expect(s.requests[0]!.headers['apca-api-secret-key']).toBe('test-secret');
    expect(timing.sleeps).toEqual([2_000]);
  });

  it('waits until X-RateLimit-Reset when there is no Retry-After; the shared limiter pauses too', async () => {
    // the client's clock is fixed a quarter second into a whole second, so the wait is exact
    const T0 = Date.parse('2026-01-05T15:00:00.250Z');
    const sleeps: number[] = [];
    const timing: Timing = { now: () => T0 + sleeps.reduce((a, b) => a + b, 0), sleep: async (ms) => { sleeps.push(ms); } };
    let n = 0;
    const { trading, limiter } = await setup((_req, res) => {
      if (n++ === 0) json(res, 429, { message: 'too many requests' }, { 'X-RateLimit-Reset': String(Math.floor(T0 / 1000) + 3) });
      else json(res, 200, ACCOUNT);
    }, { rateLimit: { perMinute: 200 }, timing });
    await trading.getAccount();
    // reset at 15:00:03.000, asked at 15:00:00.250: 2.75 s; the limiter's pause ends with it
    expect(sleeps).toEqual([2_750]);
    expect(limiter!.stats.acquired).toBe(2);
  });

  it('retries a GET after 503 and returns the answer', async () => {
    let n = 0;
    const { trading, server: s, timing } = await setup((_req, res) => (n++ === 0 ? json(res, 503, { message: 'unavailable' }) : json(res, 200, ACCOUNT)));
    expect((await trading.getAccount()).equity).toBe('1000');
    expect(s.requests).toHaveLength(2);
    expect(timing.sleeps).toEqual([250]); // first backoff step, jitter centred
  });

  it('gives up on a GET after the configured attempts with a typed error', async () => {
    const { trading, server: s } = await setup((_req, res) => json(res, 500, { code: 50010000, message: 'internal' }), { attempts: 3 });
    const err = await trading.getAccount().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlpacaApiError);
    expect(err).toMatchObject({ status: 500, code: 50010000, apiMessage: 'internal', requestId: 'req-test' });
    expect((err as Error).message).not.toContain('test-secret');
    expect(s.requests).toHaveLength(3);
  });

  it('429 answers do not use up the attempts: five in a row, then the account, with attempts 4', async () => {
    let n = 0;
    const { trading, server: s, timing } = await setup((_req, res) => {
      if (n++ < 5) json(res, 429, { code: 42910000, message: 'rate limit exceeded' });
      else json(res, 200, ACCOUNT);
    }, { attempts: 4 });
    expect((await trading.getAccount()).cash).toBe('1000');
    expect(s.requests).toHaveLength(6);
    // no Retry-After: the backoff steps 250, 500, 1000, 2000, 4000 ms (jitter centred)
    expect(timing.sleeps).toEqual([250, 500, 1000, 2000, 4000]);
  });

  it('gives up after rateLimitAttempts answers of 429', async () => {
    const { trading, server: s } = await setup((_req, res) => json(res, 429, { code: 42910000, message: 'rate limit exceeded' }), { attempts: 4, rateLimitAttempts: 3 });
    const err = await trading.getAccount().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlpacaApiError);
    expect(err).toMatchObject({ status: 429 });
    expect(s.requests).toHaveLength(3);
  });

  it('times out a request that never answers (AbortSignal) and reports it as ambiguous', async () => {
    const { trading, server: s } = await setup(() => undefined, { timeoutMs: 100, attempts: 2 });
    const err = await trading.getClock().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlpacaNetworkError);
    expect((err as AlpacaNetworkError).ambiguous).toBe(true);
    expect(s.requests).toHaveLength(2);
  });

  it('never writes the credentials to the log, even at trace level', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(chunk.toString()); done(); } });
    let n = 0;
    const { trading } = await setup((_req, res) => (n++ < 2 ? json(res, 503, { message: 'unavailable' }) : json(res, 200, ACCOUNT)), { logger: pino({ level: 'trace' }, sink) });
    await trading.getAccount();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('')).not.toMatch(/test-secret|test-key/);
  });

  it('rejects a payload that breaks the schema', async () => {
    const { trading } = await setup((_req, res) => json(res, 200, { id: 'acc', status: 'ACTIVE' }));
    await expect(trading.getAccount()).rejects.toBeInstanceOf(AlpacaPayloadError);
  });
});

describe('POST /v2/orders is never retried blindly', () => {
  it('order accepted, answer lost (socket destroyed): found by client_order_id, exactly one order exists', async () => {
    const book = orderServer(() => ({ store: true, answer: 'drop' }));
    const { trading, server: s } = await setup(book.handler);
    const { order, recovered } = await trading.submitOrder(BODY);
    expect(recovered).toBe(true);
    expect(order.client_order_id).toBe('run-7');
    expect(book.posts()).toBe(1);
    expect(book.orders.size).toBe(1);
    const lookup = s.requests.find((r) => r.method === 'GET')!;
    expect(lookup.path).toBe('/v2/orders:by_client_order_id');
    expect(lookup.query.get('client_order_id')).toBe('run-7');
  });

  it('5xx and the lookup proves it absent: sent once more, and only once', async () => {
    const book = orderServer((n) => (n === 0 ? { store: false, answer: 504 } : { store: true, answer: 'ok' }));
    const { trading } = await setup(book.handler);
    const { order, recovered } = await trading.submitOrder(BODY);
    expect(recovered).toBe(false);
    expect(order.id).toBe('id-2');
    expect(book.posts()).toBe(2);
    expect(book.orders.size).toBe(1);
  });

  it('lost twice and absent twice: a typed unknown-state error, never a third POST', async () => {
    const book = orderServer(() => ({ store: false, answer: 'drop' }));
    const { trading } = await setup(book.handler);
    await expect(trading.submitOrder(BODY)).rejects.toBeInstanceOf(OrderStateUnknownError);
    expect(book.posts()).toBe(2);
  });

  it('the second answer lost after it was stored: found by the second lookup', async () => {
    const book = orderServer((n) => (n === 0 ? { store: false, answer: 'drop' } : { store: true, answer: 'drop' }));
    const { trading } = await setup(book.handler);
    const { recovered } = await trading.submitOrder(BODY);
    expect(recovered).toBe(true);
    expect(book.posts()).toBe(2);
    expect(book.orders.size).toBe(1);
  });

  it('a 429 (not processed) is waited out and resent; a 403 is final', async () => {
    let n = 0;
    const { trading, server: s } = await setup((req, res) => {
      if (n++ === 0) json(res, 429, { message: 'rate limit exceeded' }, { 'Retry-After': '1' });
      else json(res, 403, { code: 40310000, message: 'insufficient buying power', buying_power: '0', cost_basis: '100' });
    });
    const err = await trading.submitOrder(BODY).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, code: 40310000, apiMessage: 'insufficient buying power' });
    expect((err as AlpacaApiError).body).toMatchObject({ buying_power: '0' });
    expect(s.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(s.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
  });
});

describe('historical bars', () => {
  it('follows next_page_token, passes limit/adjustment/feed, and converts daily stamps', async () => {
    const pages: Record<string, { bars: Record<string, unknown[]>; next_page_token: string | null }> = {
      '': { bars: { AAPL: [{ t: '2022-02-28T05:00:00Z', o: 1, h: 2, l: 0.5, c: 1.5, v: 100 }] }, next_page_token: 'p2' },
      p2: { bars: { AAPL: [{ t: '2022-03-01T05:00:00Z', o: 2, h: 3, l: 1, c: 2.5, v: 200 }], MSFT: [{ t: '2022-02-28T05:00:00Z', o: 9, h: 9, l: 9, c: 9, v: 9 }] }, next_page_token: 'p3' },
      p3: { bars: { MSFT: [{ t: '2022-03-01T05:00:00Z', o: 8, h: 8, l: 8, c: 8, v: 8 }] }, next_page_token: null },
    };
    const { marketData, server: s } = await setup((req, res) => json(res, 200, pages[req.query.get('page_token') ?? '']));
    const bars = await fetchBars({ symbols: ['AAPL', 'MSFT'], timeframe: '1Day', start: '2022-02-28', end: '2022-03-01', adjustment: 'split', pageSize: 2 }, { marketData });
    expect(s.requests.map((r) => r.query.get('page_token'))).toEqual([null, 'p2', 'p3']);
    expect(s.requests[0]!.path).toBe('/v2/stocks/bars');
    expect(Object.fromEntries(['symbols', 'timeframe', 'limit', 'adjustment', 'feed', 'sort'].map((k) => [k, s.requests[0]!.query.get(k)])))
      .toEqual({ symbols: 'AAPL,MSFT', timeframe: '1Day', limit: '2', adjustment: 'split', feed: 'iex', sort: 'asc' });
    expect([...bars.get('AAPL')!.ts]).toEqual([Date.UTC(2022, 1, 28), Date.UTC(2022, 2, 1)]);
    expect([...bars.get('AAPL')!.close]).toEqual([1.5, 2.5]);
    expect([...bars.get('MSFT')!.open]).toEqual([9, 8]);
  });

  it('uses the crypto endpoint for pairs', async () => {
    const { marketData, server: s } = await setup((_req, res) => json(res, 200, { bars: { 'BTC/USD': [{ t: '2024-01-01T00:00:00Z', o: 1, h: 1, l: 1, c: 1, v: 0.5 }] }, next_page_token: null }));
    const bars = await marketData.bars({ symbols: ['BTC/USD'], timeframe: '1Min', start: '2024-01-01T00:00:00Z' });
    expect(s.requests[0]!.path).toBe('/v1beta3/crypto/us/bars');
    expect(s.requests[0]!.query.get('adjustment')).toBeNull();
    expect(bars.get('BTC/USD')![0]!.v).toBe(0.5);
  });
});
