import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startAlpacaSim, type AlpacaSim } from '../../src/alpaca-sim/index.js';
import { openBundle } from '../../src/data/registry.js';
import { NoSlippage } from '../../src/finance/slippage/no-slippage.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ingestContractBundle } from '../contract/contract-bundle.js';
import { until } from '../helpers/poll.js';

const tmp = tempDir('ziplime-sim-');
let reader: BundleReader;
let sim: AlpacaSim;
const AUTH = { 'APCA-API-KEY-ID': 'test', 'APCA-API-SECRET-KEY': 'test' };

beforeAll(async () => {
  const { bundlesDir, bundle } = await ingestContractBundle(tmp.dir);
  reader = await openBundle(bundlesDir, bundle);
});
afterAll(async () => {
  await reader?.close();
  tmp.remove();
});
beforeEach(async () => {
  sim = await startAlpacaSim({ reader, speed: 0, models: { slippage: new NoSlippage() } });
  await sim.admin.advance(1); // 09:31, bar 0 (AAA close 100.5) visible
});
afterEach(() => sim.close());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = AUTH) {
  const res = await fetch(sim.baseUrl + path, {
    method, headers: { ...headers, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}
const order = (o: Record<string, unknown>) => call('POST', '/v2/orders', { symbol: 'AAA', side: 'buy', type: 'market', time_in_force: 'day', ...o });

/** Opens a socket and collects decoded frames (and whether each was binary). */
async function socket(path: string) {
  const ws = new WebSocket(sim.baseUrl.replace('http', 'ws') + path);
  const frames: { msg: any; binary: boolean }[] = [];
  ws.on('message', (data, binary) => frames.push({ msg: JSON.parse(data.toString()), binary }));
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  const next = async (pred: (m: any) => boolean) => {
    for (let i = 0; i < 400; i++) {
      const f = frames.find((x) => pred(x.msg));
      if (f) return f;
      await delay(5);
    }
    throw new Error(`no frame matched on ${path}: ${JSON.stringify(frames.map((f) => f.msg))}`);
  };
  return { ws, frames, next, send: (m: unknown) => ws.send(JSON.stringify(m)) };
}

describe('alpaca-sim REST', () => {
  it('authenticates like Alpaca and stamps every answer with X-Request-ID', async () => {
    const none = await call('GET', '/v2/account', undefined, {});
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ code: 40110000, message: 'request is not authorized' });
    const wrong = await call('GET', '/v2/account', undefined, { 'APCA-API-KEY-ID': 'test', 'APCA-API-SECRET-KEY': 'nope' });
    expect(wrong.status).toBe(403);
    const ok = await call('GET', '/v2/account');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.json).toMatchObject({ cash: '100000', equity: '100000', buying_power: '100000', status: 'ACTIVE' });
  });

  it('reports the simulated time on /v2/clock and the XNYS calendar', async () => {
    const clock = (await call('GET', '/v2/clock')).json;
    expect(clock).toEqual({
      timestamp: '2024-10-01T09:31:00.000000000-04:00', is_open: true,
      next_open: '2024-10-02T09:30:00.000000000-04:00', next_close: '2024-10-01T16:00:00.000000000-04:00',
    });
    const cal = (await call('GET', '/v2/calendar?start=2024-11-28&end=2024-11-29')).json;
    expect(cal).toEqual([{ date: '2024-11-29', open: '09:30', close: '13:00', session_open: '0400', session_close: '2000', settlement_date: '2024-12-02' }]);
  });

  it('validates orders with Alpaca codes: sub-penny, buying power, wash trade, duplicate id after cancel', async () => {
    expect((await order({ type: 'limit', limit_price: '100.123', qty: '1' })).json)
      .toEqual({ code: 42210000, message: 'invalid limit_price 100.123. sub-penny increment does not fulfill minimum pricing criteria' });
    const poor = await order({ qty: '1000' }); // 1000 × 100.5 = 100 500 > 100 000
    expect(poor.status).toBe(403);
    expect(poor.json).toMatchObject({ code: 40310000, message: 'insufficient buying power', cost_basis: '100500' });
    const first = await order({ qty: '1', type: 'limit', limit_price: '90', client_order_id: 'dup-1' });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ status: 'new', qty: '1', filled_qty: '0', filled_avg_price: null, limit_price: '90', client_order_id: 'dup-1' });
    expect((await order({ qty: '1', side: 'sell' })).json).toEqual({ code: 40310000, message: 'potential wash trade detected. use complex orders' });
    expect((await call('DELETE', `/v2/orders/${first.json.id}`)).status).toBe(204);
    expect((await call('DELETE', `/v2/orders/${first.json.id}`)).json).toEqual({ code: 42210000, message: 'order is not cancelable' });
    const again = await order({ qty: '1', client_order_id: 'dup-1' });
    expect(again.status).toBe(422);
    expect(again.json).toEqual({ code: 40010001, message: 'client_order_id must be unique' });
    expect((await call('GET', '/v2/orders:by_client_order_id?client_order_id=dup-1')).json).toMatchObject({ id: first.json.id, status: 'canceled' });
    expect((await call('GET', '/v2/orders/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call('GET', '/v2/orders/not-a-uuid')).status).toBe(422);
  });

  it('replaces with a new order, lists with filters, cancels all with 207', async () => {
    const a = (await order({ qty: '2', type: 'limit', limit_price: '90' })).json;
    const b = (await call('PATCH', `/v2/orders/${a.id}`, { qty: '3', limit_price: '91' })).json;
    expect(b).toMatchObject({ replaces: a.id, qty: '3', limit_price: '91', status: 'new' });
    expect((await call('GET', `/v2/orders/${a.id}`)).json).toMatchObject({ status: 'replaced', replaced_by: b.id });
    await call('POST', '/v2/orders', { symbol: 'BBB', side: 'buy', type: 'limit', limit_price: '40', qty: '1', time_in_force: 'gtc' });
    expect((await call('GET', '/v2/orders')).json.map((o: any) => o.symbol)).toEqual(['BBB', 'AAA']); // open, newest first
    expect((await call('GET', '/v2/orders?status=all&direction=asc&symbols=AAA')).json.map((o: any) => o.id)).toEqual([a.id, b.id]);
    expect((await call('GET', '/v2/orders?status=closed')).json.map((o: any) => o.id)).toEqual([a.id]);
    const all = await call('DELETE', '/v2/orders');
    expect(all.status).toBe(207);
    expect(all.json.map((e: any) => e.status)).toEqual([200, 200]);
    expect((await call('GET', '/v2/orders')).json).toEqual([]);
  });

  it('fills through the replay and closes positions; DAY orders expire at the close', async () => {
    await order({ qty: '10' });
    await order({ symbol: 'BBB', qty: '4', type: 'limit', limit_price: '10' });
    await sim.admin.advance(1); // bar 1: AAA close 101.5
    const pos = (await call('GET', '/v2/positions/AAA')).json;
    expect(pos).toMatchObject({ symbol: 'AAA', qty: '10', side: 'long', avg_entry_price: '101.5', market_value: '1015', cost_basis: '1015', unrealized_pl: '0' });
    expect((await call('GET', '/v2/account')).json).toMatchObject({ cash: '98985', long_market_value: '1015', equity: '100000' });
    expect((await call('GET', '/v2/positions/BBB')).json).toEqual({ code: 40410000, message: 'position does not exist' });
    const close = (await call('DELETE', '/v2/positions/AAA?percentage=50')).json;
    expect(close).toMatchObject({ side: 'sell', qty: '5', type: 'market' });
    await sim.admin.advance(1); // bar 2 close 102.5
    expect((await call('GET', '/v2/positions')).json.map((p: any) => [p.symbol, p.qty])).toEqual([['AAA', '5']]);
    expect((await call('GET', '/v2/account')).json.cash).toBe('99497.5'); // 98 985 + 5 × 102.5
    await sim.admin.advanceTo(Date.parse('2024-10-01T20:00:00Z')); // past the 16:00 close
    const bbb = (await call('GET', '/v2/orders?status=closed&symbols=BBB')).json[0];
    expect(bbb).toMatchObject({ status: 'expired', expired_at: '2024-10-01T20:00:00.000000000Z' });
  });

  it('serves bars page by page and never a bar that has not completed', async () => {
    await sim.admin.advance(4); // 09:35: bars 0–4 complete
    const q = '/v2/stocks/bars?symbols=BBB,AAA&timeframe=1Min&start=2024-10-01&limit=3';
    const p1 = (await call('GET', q)).json;
    expect(Object.keys(p1.bars)).toEqual(['AAA']);
    expect(p1.bars.AAA.map((b: any) => [b.t, b.c])).toEqual([['2024-10-01T13:30:00Z', 100.5], ['2024-10-01T13:31:00Z', 101.5], ['2024-10-01T13:32:00Z', 102.5]]);
    const p2 = (await call('GET', `${q}&page_token=${p1.next_page_token}`)).json;
    expect(p2.bars.AAA.map((b: any) => b.c)).toEqual([103.5, 104.5]);
    expect(p2.bars.BBB).toHaveLength(1);
    const p3 = (await call('GET', `${q}&page_token=${p2.next_page_token}`)).json;
    expect(p3.bars.BBB).toHaveLength(3);
    const p4 = (await call('GET', `${q}&page_token=${p3.next_page_token}`)).json;
    expect(p4.bars.BBB.map((b: any) => b.t)).toEqual(['2024-10-01T13:34:00Z']); // bar 4 is the last complete one
    expect(p4.next_page_token).toBe(null);
    const five = (await call('GET', '/v2/stocks/AAA/bars?timeframe=5Min&start=2024-10-01')).json;
    // bars 0–4 aggregate: open 100, high 104.75, low 99.75, close 104.5, volume 50 000
    expect(five.bars).toMatchObject([{ t: '2024-10-01T13:30:00Z', o: 100, h: 104.75, l: 99.75, c: 104.5, v: 50_000 }]);
    expect((await call('GET', '/v2/stocks/bars?symbols=AAA&timeframe=1Day&start=2024-10-01')).json.bars).toEqual({});
  });
});

describe('alpaca-sim replay speed', () => {
  it('runs on its own at speed > 0: bars stream and /v2/clock advances', async () => {
    await sim.close();
    sim = await startAlpacaSim({ reader, speed: 600 }); // ten simulated minutes per real second
    const s = await socket('/v2/iex');
    s.send({ action: 'auth', key: 'test', secret: 'test' });
    await s.next((m) => m[0]?.msg === 'authenticated');
    s.send({ action: 'subscribe', bars: ['*'] });
    await s.next((m) => m[0]?.T === 'subscription');
    const bars = await s.next((m) => m[0]?.T === 'b' && m.length === 2);
    expect(bars.msg.map((b: any) => b.S)).toEqual(['AAA', 'BBB']);
    const clock = (await call('GET', '/v2/clock')).json;
    expect(Date.parse(clock.timestamp)).toBeGreaterThan(Date.parse('2024-10-01T13:31:00Z'));
    s.ws.close();
  });
});

describe('alpaca-sim streams', () => {
  it('trade_updates: authenticate → authorization, listen → listening, per-execution fills in binary frames', async () => {
    const s = await socket('/stream');
    s.send({ action: 'authenticate', data: { key_id: 'test', secret_key: 'test' } });
    expect((await s.next((m) => m.stream === 'authorization')).msg.data).toEqual({ status: 'authorized', action: 'authenticate' });
    s.send({ action: 'listen', data: { streams: ['trade_updates'] } });
    expect((await s.next((m) => m.stream === 'listening')).msg.data).toEqual({ streams: ['trade_updates'] });
    await order({ qty: '10' });
    await sim.admin.advance(1);
    const fill = await s.next((m) => m.data?.event === 'fill');
    expect(fill.binary).toBe(true);
    expect(fill.msg.data).toMatchObject({ price: '101.5', qty: '10', position_qty: '10', order: { filled_qty: '10', filled_avg_price: '101.5', status: 'filled' } });
    expect(fill.msg.data.execution_id).toMatch(/^[0-9a-f-]{36}$/);
    s.ws.close();
    const bad = await socket('/stream');
    bad.send({ action: 'authenticate', data: { key_id: 'test', secret_key: 'wrong' } });
    expect((await bad.next((m) => m.stream === 'authorization')).msg.data.status).toBe('unauthorized');
  });

  it('market data: connected → auth → subscribe with full-set acks, bars as text frames, 401/402/406 errors', async () => {
    const s = await socket('/v2/iex');
    expect((await s.next((m) => m[0]?.T === 'success')).msg).toEqual([{ T: 'success', msg: 'connected' }]);
    s.send({ action: 'subscribe', bars: ['AAA'] });
    expect((await s.next((m) => m[0]?.T === 'error')).msg).toEqual([{ T: 'error', code: 401, msg: 'not authenticated' }]);
    s.send({ action: 'auth', key: 'test', secret: 'test' });
    await s.next((m) => m[0]?.msg === 'authenticated');
    s.send({ action: 'subscribe', bars: ['aaa'], updatedBars: ['AAA'] });
    s.send({ action: 'subscribe', bars: ['BBB'] });
    const ack = await s.next((m) => m[0]?.T === 'subscription' && m[0].bars.length === 2);
    expect(ack.msg[0]).toMatchObject({ bars: ['AAA', 'BBB'], updatedBars: ['AAA'], trades: [], quotes: [] });
    s.send({ action: 'unsubscribe', bars: ['BBB'] });
    await until(() => s.frames.filter((f) => f.msg[0]?.T === 'subscription').length >= 3, 'the unsubscribe acknowledgement');
    expect(s.frames.filter((f) => f.msg[0]?.T === 'subscription').at(-1)!.msg[0].bars).toEqual(['AAA']);
    await sim.admin.advance(1);
    const bar = await s.next((m) => m[0]?.T === 'b');
    expect(bar.binary).toBe(false);
    expect(bar.msg).toEqual([expect.objectContaining({ T: 'b', S: 'AAA', t: '2024-10-01T13:31:00Z', o: 101, h: 101.75, l: 100.75, c: 101.5, v: 10_000 })]);
    sim.admin.correctBar('AAA', { t: Date.parse('2024-10-01T13:31:00Z'), o: 101, h: 101.75, l: 100.75, c: 101.25, v: 10_500 });
    expect((await s.next((m) => m[0]?.T === 'u')).msg).toEqual([expect.objectContaining({ T: 'u', S: 'AAA', t: '2024-10-01T13:31:00Z', c: 101.25, v: 10_500 })]);
    const second = await socket('/v2/iex');
    second.send({ action: 'auth', key: 'test', secret: 'test' });
    expect((await second.next((m) => m[0]?.T === 'error')).msg).toEqual([{ T: 'error', code: 406, msg: 'connection limit exceeded' }]);
    const wrong = await socket('/v2/sip');
    wrong.send({ action: 'auth', key: 'test', secret: 'x' });
    expect((await wrong.next((m) => m[0]?.T === 'error')).msg[0].code).toBe(402);
    s.ws.close();
  });
});
