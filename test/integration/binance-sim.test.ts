import { createHmac } from 'node:crypto';
import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { AlpacaSim } from '../../src/alpaca-sim/index.js';
import { NoSlippage } from '../../src/finance/slippage/no-slippage.js';
import { until } from '../helpers/poll.js';
import { DEMO_CRYPTO_T0, demoCryptoSeries, useDemoCryptoMarket } from '../helpers/demo-crypto-market.js';

// ccxt's binance class against `ziplime sim --protocol binance` over loopback, on the synthetic
// crypto market. Expected prices come from the generator (demo-crypto's BTC/USDT series), not
// from the simulator: minute k of 2024-12-25 is index k of the generated minute bars.
const market = useDemoCryptoMarket('ziplime-binance-');
const BTC = demoCryptoSeries(0).minute;
const T0 = DEMO_CRYPTO_T0; // first minute bar

async function started(options: { partialFillRatio?: number } = {}): Promise<AlpacaSim> {
  const sim = await market.startSim({ models: { slippage: new NoSlippage() }, ...options });
  await sim.admin.advance(5); // 00:05: minutes 0–4 complete
  return sim;
}

/** ccxt's binance pointed at the simulator (spot only: no margin, futures or currency endpoints). */
function exchange(s: AlpacaSim, secret = 'test'): any {
  const ex = new ccxt.binance({ apiKey: 'test', secret, enableRateLimit: false, options: { fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false } });
  for (const k of Object.keys(ex.urls['api'] as Record<string, string>)) (ex.urls['api'] as Record<string, string>)[k] = s.env.BINANCE_API_URL!;
  return ex;
}

/** A signed request as Binance documents it (HMAC-SHA256 of the query string). */
async function signed(s: AlpacaSim, method: string, path: string, query: string, opts: { secret?: string; key?: string | null } = {}) {
  const sig = createHmac('sha256', opts.secret ?? 'test').update(query).digest('hex');
  const res = await fetch(`${s.baseUrl}${path}?${query}&signature=${sig}`, { method, headers: opts.key === null ? {} : { 'X-MBX-APIKEY': opts.key ?? 'test' } });
  return { status: res.status, headers: res.headers, json: await res.json() as any };
}

describe('binance protocol through ccxt', () => {
  it('lists markets, serves klines equal to the generated bars, and trades: market fill, balance, trades, cancel', async () => {
    const s = await started();
    const ex = exchange(s);
    const markets = await ex.fetchMarkets();
    expect(markets.map((m: any) => [m.symbol, m.spot, m.precision.amount, m.limits.cost?.min])).toEqual([
      ['BTC/USDT', true, 0.00001, 5], ['ETH/USDT', true, 0.00001, 5], ['SOL/USDT', true, 0.00001, 5],
    ]);
    const ohlcv = await ex.fetchOHLCV('BTC/USDT', '1m', undefined, 3);
    expect(ohlcv).toEqual([2, 3, 4].map((k) => [T0 + k * 60_000, BTC.open[k], BTC.high[k], BTC.low[k], BTC.close[k], BTC.volume[k]]));
    const five = await ex.fetchOHLCV('BTC/USDT', '5m', T0, 1);
    expect(five).toEqual([[T0, BTC.open[0], Math.max(...BTC.high.subarray(0, 5)), Math.min(...BTC.low.subarray(0, 5)), BTC.close[4], expect.closeTo([...BTC.volume.subarray(0, 5)].reduce((a, b) => a + b, 0), 6)]]);
    expect((await ex.fetchBalance()).total).toMatchObject({ USDT: 100_000, BTC: 0 });

    const placed = await ex.createOrder('BTC/USDT', 'market', 'buy', 0.01);
    expect(placed.status).toBe('open');
    await s.admin.advance(1); // minute 5 completes: the order fills at its close
    const price = BTC.close[5]!;
    const filled = await ex.fetchOrder(placed.id, 'BTC/USDT');
    expect([filled.status, filled.filled, filled.average]).toEqual(['closed', 0.01, price]);
    const trades = await ex.fetchMyTrades('BTC/USDT');
    expect(trades.map((t: any) => [t.order, t.price, t.amount, t.fee?.currency])).toEqual([[placed.id, price, 0.01, 'USDT']]);
    expect(trades[0]!.fee!.cost).toBeCloseTo(0.01 * price * 0.001, 8);
    const balance = await ex.fetchBalance();
    expect(balance.total['BTC']).toBeCloseTo(0.01, 12);
    expect(balance.total['USDT']).toBeCloseTo(100_000 - 0.01 * price * 1.001, 6);

    const resting = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 1000);
    expect((await ex.fetchOpenOrders('BTC/USDT')).map((o: any) => o.id)).toEqual([resting.id]);
    expect((await ex.fetchBalance()).used['USDT']).toBeCloseTo(0.01 * 1000 * 1.001, 8);
    expect((await ex.cancelOrder(resting.id, 'BTC/USDT')).status).toBe('canceled');
    expect((await ex.fetchOrder(resting.id, 'BTC/USDT')).status).toBe('canceled');
  });

  it('maps rejections to ccxt\'s errors: insufficient funds, filters, unknown orders, bad signatures', async () => {
    const s = await started();
    const ex = exchange(s);
    await ex.loadMarkets();
    await expect(ex.createOrder('BTC/USDT', 'market', 'sell', 1)).rejects.toBeInstanceOf(ccxt.InsufficientFunds); // spot: nothing to sell
    await expect(ex.createOrder('BTC/USDT', 'market', 'buy', 10)).rejects.toBeInstanceOf(ccxt.InsufficientFunds); // ≈ 245k USDT
    await expect(ex.createOrder('BTC/USDT', 'limit', 'buy', 0.0001, 1000)).rejects.toThrow(/-1013.*Filter failure: NOTIONAL/); // 0.1 USDT < 5
    await expect(ex.fetchOrder('999', 'BTC/USDT')).rejects.toBeInstanceOf(ccxt.OrderNotFound);
    await expect(ex.cancelOrder('999', 'BTC/USDT')).rejects.toBeInstanceOf(ccxt.OrderNotFound);
    await expect(exchange(s, 'wrong').fetchBalance()).rejects.toBeInstanceOf(ccxt.AuthenticationError);
  });

  it('checks keys, timestamps and signatures like Binance and reports the used weight', async () => {
    const s = await started();
    const now = Date.now();
    const ok = await signed(s, 'GET', '/api/v3/account', `timestamp=${now}`);
    expect(ok.status).toBe(200);
    expect(Number(ok.headers.get('x-mbx-used-weight-1m'))).toBeGreaterThanOrEqual(20); // account weighs 20
    expect((await signed(s, 'GET', '/api/v3/account', `timestamp=${now}`, { key: null })).json).toEqual({ code: -2014, msg: 'API-key format invalid.' });
    expect((await signed(s, 'GET', '/api/v3/account', `timestamp=${now}`, { key: 'other' })).status).toBe(401);
    expect((await signed(s, 'GET', '/api/v3/account', `timestamp=${now}`, { secret: 'other' })).json).toEqual({ code: -1022, msg: 'Signature for this request is not valid.' });
    expect((await signed(s, 'GET', '/api/v3/account', `timestamp=${now - 10_000}`)).json.code).toBe(-1021); // outside the 5 s recvWindow
    expect((await signed(s, 'GET', '/api/v3/account', `timestamp=${now - 10_000}&recvWindow=20000`)).status).toBe(200);
    expect((await signed(s, 'GET', '/api/v3/account', 'recvWindow=5000')).json.code).toBe(-1102);
    const klines = await fetch(`${s.baseUrl}/api/v3/klines?symbol=NOPE&interval=1m`);
    expect([klines.status, await klines.json()]).toEqual([400, { code: -1121, msg: 'Invalid symbol.' }]);
  });
});

describe('binance protocol faults', () => {
  it('answers 429 and 418 with Retry-After, 5xx, and loses the answer of an executed order POST', async () => {
    const s = await started();
    const ex = exchange(s);
    await ex.loadMarkets();
    const admin = (body: unknown) => fetch(`${s.baseUrl}/_sim/faults`, { method: 'POST', headers: { 'X-MBX-APIKEY': 'test', 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    await admin({ rateLimit: { count: 1, retryAfterSec: 7 } });
    const limited = await fetch(`${s.baseUrl}/api/v3/time`);
    expect([limited.status, limited.headers.get('retry-after'), (await limited.json() as any).code]).toEqual([429, '7', -1003]);
    await admin({ ipBan: { count: 1 } });
    await expect(ex.fetchTime()).rejects.toBeInstanceOf(ccxt.DDoSProtection);
    await admin({ serverErrors: { count: 1, status: 503 } });
    await expect(ex.fetchTime()).rejects.toBeInstanceOf(ccxt.ExchangeNotAvailable);
    expect(s.admin.faultStats).toMatchObject({ rateLimited: 1, ipBans: 1, serverErrors: 1 });

    await admin({ ambiguousPosts: 1 });
    await expect(ex.createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, { newClientOrderId: 'zl-run-1' })).rejects.toBeInstanceOf(ccxt.NetworkError);
    const found = await ex.fetchOrder(undefined as unknown as string, 'BTC/USDT', { origClientOrderId: 'zl-run-1' });
    expect([found.clientOrderId, found.amount, found.status]).toEqual(['zl-run-1', 0.01, 'open']); // executed once, found by its client id
  });

  it('fills in parts with --partial-fills: one trade per execution', async () => {
    const s = await started({ partialFillRatio: 0.5 });
    const ex = exchange(s);
    await ex.loadMarkets();
    const o = await ex.createOrder('BTC/USDT', 'market', 'buy', 0.02);
    await s.admin.advance(2);
    const trades = await ex.fetchMyTrades('BTC/USDT');
    expect(trades.map((t: any) => [t.order, t.amount, t.price])).toEqual([[o.id, 0.01, BTC.close[5]], [o.id, 0.01, BTC.close[6]]]);
  });
});

describe('binance streams', () => {
  it('publishes closed 1-minute klines and execution reports on the user-data stream', async () => {
    const s = await started();
    const base = s.env.BINANCE_STREAM_URL!;
    const klines: any[] = [];
    const kws = new WebSocket(`${base}/btcusdt@kline_1m`);
    kws.on('message', (d) => klines.push(JSON.parse(d.toString())));
    const listen = await fetch(`${s.env.BINANCE_API_URL}/userDataStream`, { method: 'POST', headers: { 'X-MBX-APIKEY': 'test' } });
    const { listenKey } = await listen.json() as { listenKey: string };
    const events: any[] = [];
    const uws = new WebSocket(`${base}/${listenKey}`);
    uws.on('message', (d) => events.push(JSON.parse(d.toString())));
    await until(() => kws.readyState === WebSocket.OPEN && uws.readyState === WebSocket.OPEN, 'both sockets open');
    try {
      const ex = exchange(s);
      await ex.loadMarkets();
      const o = await ex.createOrder('BTC/USDT', 'market', 'buy', 0.01);
      await s.admin.advance(1);
      await until(() => klines.length >= 1 && events.some((e) => e.x === 'TRADE'), 'kline and execution report');
      expect(klines[0]).toMatchObject({
        e: 'kline', s: 'BTCUSDT',
        k: { t: T0 + 5 * 60_000, T: T0 + 6 * 60_000 - 1, i: '1m', x: true, o: BTC.open[5]!.toFixed(8), c: BTC.close[5]!.toFixed(8), h: BTC.high[5]!.toFixed(8), l: BTC.low[5]!.toFixed(8) },
      });
      const reports = events.filter((e) => e.e === 'executionReport');
      expect(reports.map((e) => [e.i, e.x, e.X, e.l, e.L])).toEqual([
        [Number(o.id), 'NEW', 'NEW', '0.00000000', '0.00000000'],
        [Number(o.id), 'TRADE', 'FILLED', '0.01000000', BTC.close[5]!.toFixed(8)],
      ]);
      await until(() => events.some((e) => e.e === 'outboundAccountPosition'), 'account position');
      const position = events.find((e) => e.e === 'outboundAccountPosition');
      expect(position.B.find((b: any) => b.a === 'BTC').f).toBe('0.01000000');
    } finally {
      kws.close();
      uws.close();
    }
  });

  it('subscribes with SUBSCRIBE messages on /ws and refuses streams it does not serve', async () => {
    const s = await started();
    const ws = new WebSocket(s.env.BINANCE_STREAM_URL!);
    const got: any[] = [];
    ws.on('message', (d) => got.push(JSON.parse(d.toString())));
    await until(() => ws.readyState === WebSocket.OPEN, 'socket open');
    try {
      ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['ethusdt@kline_1m'], id: 1 }));
      ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['ethusdt@depth'], id: 2 }));
      await until(() => got.length >= 2, 'two answers');
      expect(got[0]).toEqual({ result: null, id: 1 });
      expect(got[1]).toMatchObject({ error: { code: 2 }, id: 2 });
      await s.admin.advance(1);
      await until(() => got.some((m) => m.e === 'kline'), 'an ETH kline');
      expect(got.find((m) => m.e === 'kline').s).toBe('ETHUSDT');
    } finally {
      ws.close();
    }
  });

  it('drops and silences its sockets on request (socket faults)', async () => {
    const s = await started();
    const base = s.env.BINANCE_STREAM_URL!;
    const dropped = new WebSocket(`${base}/btcusdt@kline_1m`);
    let closed = false;
    dropped.on('close', () => { closed = true; });
    await until(() => dropped.readyState === WebSocket.OPEN, 'socket open');
    s.admin.dropSockets('data');
    await until(() => closed, 'the dropped socket closing');
    const silent = new WebSocket(`${base}/btcusdt@kline_1m`);
    const got: unknown[] = [];
    let pongs = 0;
    silent.on('message', (d) => got.push(d));
    silent.on('pong', () => { pongs++; });
    await until(() => silent.readyState === WebSocket.OPEN, 'socket open');
    silent.ping();
    await until(() => pongs === 1, 'a pong before the silence');
    s.admin.silenceSockets('all');
    silent.ping();
    await s.admin.advance(2); // two klines due, none sent
    await fetch(`${s.baseUrl}/api/v3/ping`); // a round trip: anything sent before it has arrived
    expect([got.length, pongs, silent.readyState]).toEqual([0, 1, WebSocket.OPEN]);
    expect(s.admin.faultStats).toMatchObject({ drops: 1, silenced: 1 });
    silent.close();
  });
});
