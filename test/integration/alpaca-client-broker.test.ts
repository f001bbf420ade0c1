import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { AlpacaBroker, MAX_CLIENT_ORDER_ID } from '../../src/adapters/alpaca/alpaca-broker.js';
import { AlpacaFeed } from '../../src/adapters/alpaca/alpaca-feed.js';
import { SymbolAssets } from '../../src/adapters/alpaca/symbol-assets.js';
import { OrderRejectedError } from '../../src/core/errors.js';
import type { BrokerEvent } from '../../src/ports/broker.js';
import type { FeedStatus, LiveBar } from '../../src/ports/live-feed.js';
import { orderWire } from '../unit/adapters/alpaca/fixtures.js';
import { FAST_SOCKET, json, until, useLoopbacks, type Loopback } from '../unit/adapters/alpaca/loopback.js';

const loops = useLoopbacks();

const AAPL = new SymbolAssets().get('AAPL');
type Wire = ReturnType<typeof orderWire>;

/** A minimal Alpaca: an order book over REST and a trade_updates stream the test drives. */
async function fakeAlpaca() {
  const orders = new Map<string, Wire>();
  let live: WebSocket | undefined;
  let listens = 0;
  const loop = await loops.start({
    rest: (req, res) => {
      const id = req.path.startsWith('/v2/orders/') ? decodeURIComponent(req.path.slice('/v2/orders/'.length)) : '';
      if (req.method === 'POST' && req.path === '/v2/orders') {
        const b = JSON.parse(req.body) as { symbol: string; qty: string; side: string; type: string; limit_price?: string; client_order_id: string };
        if (Number(b.qty) > 1000) return json(res, 403, { code: 40310000, message: 'insufficient buying power' });
        const o = orderWire({ id: `ord-${orders.size + 1}`, client_order_id: b.client_order_id, symbol: b.symbol, qty: b.qty, side: b.side, type: b.type, limit_price: b.limit_price ?? null as unknown as string });
        orders.set(o.id, o);
        return json(res, 200, o);
      }
      if (req.method === 'GET' && req.path === '/v2/orders') {
        const open = req.query.get('status') !== 'closed';
        return json(res, 200, [...orders.values()].filter((o) => ['new', 'partially_filled'].includes(o.status) === open));
      }
      if (req.method === 'GET' && req.path === '/v2/orders:by_client_order_id') {
        const o = [...orders.values()].find((x) => x.client_order_id === req.query.get('client_order_id'));
        return o ? json(res, 200, o) : json(res, 404, { code: 40410000, message: 'order not found' });
      }
      if (id && req.method === 'GET') return orders.has(id) ? json(res, 200, orders.get(id)) : json(res, 404, { code: 40410000, message: 'order not found' });
      if (id && req.method === 'DELETE') {
        const o = orders.get(id);
        if (!o) return json(res, 404, { code: 40410000, message: 'order not found' });
        if (o.status === 'filled') return json(res, 422, { code: 42210000, message: 'order is not cancelable' });
        orders.set(id, { ...o, status: 'canceled' });
        res.writeHead(204).end();
        return;
      }
      if (req.path === '/v2/positions') return json(res, 200, []);
      if (req.path === '/v2/clock') return json(res, 200, { timestamp: '2024-01-02T10:00:00.5-05:00', is_open: true, next_open: '2024-01-03T09:30:00-05:00', next_close: '2024-01-02T16:00:00-05:00' });
      json(res, 404, { code: 40410000, message: 'not found' });
    },
    ws: (ws) => {
      ws.on('message', (raw) => {
        const a = JSON.parse(raw.toString()) as { action: string };
        const reply = a.action === 'authenticate'
          ? { stream: 'authorization', data: { status: 'authorized', action: 'authenticate' } }
          : { stream: 'listening', data: { streams: ['trade_updates'] } };
        ws.send(Buffer.from(JSON.stringify(reply)), { binary: true });
        if (a.action === 'listen') { live = ws; listens++; }
      });
    },
  });
  /** Fills `qty` of an order at `price` in the book; `announce` also sends the trade update. */
  const fill = (id: string, executionId: string, qty: number, price: number, announce: boolean) => {
    const o = orders.get(id)!;
    const before = Number(o.filled_qty);
    const total = before + qty;
    const avg = (before * Number(o.filled_avg_price ?? 0) + qty * price) / total;
    const next = { ...o, filled_qty: String(total), filled_avg_price: String(avg), status: total >= Number(o.qty) ? 'filled' : 'partially_filled' };
    orders.set(id, next);
    if (announce) report(id, executionId, qty, price);
  };
  /** Sends a trade update for an execution with the order as the book has it now. */
  const report = (id: string, executionId: string, qty: number, price: number) => {
    const next = orders.get(id)!;
    live!.send(JSON.stringify({ stream: 'trade_updates', data: {
      event: next.status === 'filled' ? 'fill' : 'partial_fill', execution_id: executionId, order: next, price: String(price), qty: String(qty),
      position_qty: next.filled_qty, timestamp: '2024-01-02T15:00:00Z' } }));
  };
  return { loop, orders, fill, report, drop: () => live?.terminate(), listens: () => listens };
}

const fillsOf = (events: BrokerEvent[]) => events.flatMap((e) => (e.kind === 'fill' ? [[e.fill.executionId, e.fill.amount, e.fill.price, e.order.filled]] : []));

function broker(loop: Loopback) {
  const b = new AlpacaBroker({ config: loop.config, rest: { rateLimit: false }, stream: FAST_SOCKET, resolveAsset: (s) => (s === 'AAPL' ? AAPL : undefined) });
  loops.closeAfterTest(() => b.close());
  return b;
}

describe('AlpacaBroker against a loopback Alpaca', () => {
  it('submits, streams fills once per execution id, maps rejections to OrderRejectedError', async () => {
    const fake = await fakeAlpaca();
    const server = fake.loop;
    const b = broker(server);
    await b.connect();
    const order = await b.submitOrder({ asset: AAPL, amount: -10, style: { type: 'limit', limitPrice: 101.5 }, clientOrderId: 'run-1' });
    expect(order).toMatchObject({ id: 'ord-1', clientOrderId: 'run-1', asset: AAPL, amount: -10, filled: 0, status: 'open', limitPrice: 101.5 });
    expect(JSON.parse(server.requests.find((r) => r.method === 'POST')!.body)).toEqual({
      symbol: 'AAPL', qty: '10', side: 'sell', type: 'limit', time_in_force: 'day', limit_price: '101.5', client_order_id: 'run-1',
    });
    fake.fill('ord-1', 'e-1', 4, 101.5, true);
    fake.fill('ord-1', 'e-2', 6, 101.6, true);
    await until(() => b.stream.executions.of('ord-1').qty === 10, 'fills');
    const events = await b.sync(0);
    expect(fillsOf(events)).toEqual([['e-1', -4, 101.5, -4], ['e-2', -6, 101.6, -10]]);
    expect(events[1]!.kind === 'fill' && events[1]!.order.status).toBe('filled');
    expect(await b.sync(0)).toEqual([]);

    await expect(b.submitOrder({ asset: AAPL, amount: 5000, style: { type: 'market' }, clientOrderId: 'run-2' })).rejects.toThrow(OrderRejectedError);
    const posts = server.requests.filter((r) => r.method === 'POST').length;
    await expect(b.submitOrder({ asset: AAPL, amount: 1, style: { type: 'limit', limitPrice: 100.123 }, clientOrderId: 'run-3' })).rejects.toThrow(/sub-penny/);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(posts);
  });

  it('after a reconnect, reconciles over REST: the missed fill is synthesized once at the implied price', async () => {
    const fake = await fakeAlpaca();
    const server = fake.loop;
    const b = broker(server);
    await b.connect();
    await b.submitOrder({ asset: AAPL, amount: 10, style: { type: 'market' }, clientOrderId: 'run-1' });
    fake.fill('ord-1', 'e-1', 4, 10, true);
    await until(() => b.stream.executions.of('ord-1').qty === 4, 'first fill');
    expect(fillsOf(await b.sync(0))).toEqual([['e-1', 4, 10, 4]]);
    fake.drop();
    fake.fill('ord-1', 'e-2', 6, 11, false); // happens while disconnected: never streamed
    await until(() => fake.listens() === 2, 'resubscribed');
    await until(() => b.stream.executions.of('ord-1').qty === 10, 'reconciliation');
    // Average 10.6 over 10 shares, 4 known at 10 → the missing 6 were at (106 − 40) / 6 = 11.
    const events = await b.sync(0);
    expect(fillsOf(events)).toEqual([['ord-1:cum:10', 6, 11, 10]]);
    // A late report of the same execution is already covered.
    fake.report('ord-1', 'e-2', 6, 11);
    await until(() => b.stream.executions.duplicates === 1, 'late duplicate');
    expect(await b.sync(0)).toEqual([]);
    // The closed-order window is 24 h before the broker's clock (10:00:00.5 New York = 15:00:00.5 UTC), not the host's.
    expect(server.requests.find((r) => r.query.get('status') === 'closed')!.query.get('after')).toBe('2024-01-01T15:00:00.500Z');
  });

  it('cancels (and returns the final snapshot when it can no longer be cancelled); long client ids fit 48 chars', async () => {
    const fake = await fakeAlpaca();
    const server = fake.loop;
    const b = broker(server);
    const long = `strategy-with-a-very-long-name-${'x'.repeat(40)}-17`;
    const o = await b.submitOrder({ asset: AAPL, amount: 3, style: { type: 'market' }, clientOrderId: long });
    expect(fake.orders.get(o.id)!.client_order_id.length).toBeLessThanOrEqual(MAX_CLIENT_ORDER_ID);
    expect(o.clientOrderId).toBe(long);
    expect((await b.getOrderByClientId(long))?.id).toBe(o.id);
    expect((await b.cancelOrder(o.id)).status).toBe('cancelled');
    const o2 = await b.submitOrder({ asset: AAPL, amount: 2, style: { type: 'market' }, clientOrderId: 'run-9' });
    fake.orders.set(o2.id, { ...fake.orders.get(o2.id)!, status: 'filled', filled_qty: '2', filled_avg_price: '5' });
    expect(await b.cancelOrder(o2.id)).toMatchObject({ status: 'filled', filled: 2 });
    expect((await b.getOpenOrders()).map((x) => x.id)).toEqual([]);
  });
});

describe('AlpacaFeed', () => {
  it('streams bars, backfills over REST (paged) and catches up after a reconnect, in order', async () => {
    const minute = (m: number) => `2024-01-02T15:0${m}:00Z`;
    const bar = (m: number, c: number) => ({ t: minute(m), o: c, h: c, l: c, c, v: 1 });
    let live: WebSocket | undefined;
    let connections = 0;
    const server = await loops.start({
      rest: (req, res) => {
        // Two pages: 15:01 then 15:02 (the stream delivered 15:00 and will deliver 15:03).
        const token = req.query.get('page_token');
        json(res, 200, token ? { bars: { AAPL: [bar(2, 12)] }, next_page_token: null } : { bars: { AAPL: [bar(0, 10), bar(1, 11)] }, next_page_token: 'p2' });
      },
      ws: (ws) => {
        connections++;
        ws.send(JSON.stringify([{ T: 'success', msg: 'connected' }]));
        ws.on('message', (raw) => {
          const a = JSON.parse(raw.toString()) as { action: string; bars?: string[] };
          if (a.action === 'auth') ws.send(JSON.stringify([{ T: 'success', msg: 'authenticated' }]));
          else if (a.action === 'subscribe') {
            live = ws;
            ws.send(JSON.stringify([{ T: 'subscription', bars: a.bars, updatedBars: a.bars }]));
          }
        });
      },
    });
    const feed = new AlpacaFeed({ config: server.config, rest: { rateLimit: false }, stream: FAST_SOCKET, sidOf: () => AAPL.sid, now: () => Date.parse(minute(3)) + 30_000 });
    loops.closeAfterTest(() => feed.close());
    const bars: LiveBar[] = [];
    const statuses: FeedStatus[] = [];
    feed.onBar((b) => bars.push(b));
    feed.onStatus((s) => statuses.push(s));
    await feed.subscribe(['AAPL']);
    live!.send(JSON.stringify([{ T: 'b', S: 'AAPL', ...bar(0, 10) }]));
    await until(() => bars.length === 1, 'live bar');
    const first = live!;
    first.terminate();
    await until(() => connections === 2 && live !== first, 'resubscribed');
    live!.send(JSON.stringify([{ T: 'b', S: 'AAPL', ...bar(3, 13) }]));
    await until(() => bars.length === 4, 'caught up');
    expect(bars.map((b) => [b.ts, b.close])).toEqual([0, 1, 2, 3].map((m) => [Date.parse(minute(m)), 10 + m]));
    expect(statuses).toContain('reconnected');
    const catchUp = server.requests[0]!;
    expect(catchUp.query.get('start')).toBe('2024-01-02T15:01:00.000Z');
    expect(catchUp.query.get('timeframe')).toBe('1Min');

    const backfilled = await feed.backfill(['AAPL'], Date.parse(minute(0)), Date.parse(minute(2)));
    expect(backfilled.map((b) => b.close)).toEqual([10, 11]);
  });
});
