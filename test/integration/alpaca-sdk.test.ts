import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { marketData, OrdersApi, streaming, trading } from '@alpacahq/alpaca-trade-api';
import { startAlpacaSim, type AlpacaSim } from '../../src/alpaca-sim/index.js';
import { openBundle } from '../../src/data/registry.js';
import { NoSlippage } from '../../src/finance/slippage/no-slippage.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import { until } from '../helpers/poll.js';
import { tempDir } from '../helpers/temp-dir.js';
import { contractBar, ingestContractBundle } from '../contract/contract-bundle.js';

// The official SDK (@alpacahq/alpaca-trade-api) against `ziplime sim` over loopback: REST through
// the SDK's own transport, trade_updates in JSON and the market-data stream in MessagePack (the
// SDK always asks for it).
const tmp = tempDir('ziplime-sdk-');
let reader: BundleReader;
let sim: AlpacaSim;
const credentials = { keyId: 'test', secret: 'test' };
const streams: { disconnect(): void }[] = [];

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
  await sim.admin.advance(1); // 09:31: bar 0 complete
});
afterEach(async () => {
  for (const s of streams.splice(0)) s.disconnect();
  await sim.close();
});

const config = () => new trading.Configuration({ basePath: sim.env.APCA_API_BASE_URL, ...credentials, retry: undefined });
const dataConfig = () => new marketData.Configuration({ basePath: sim.env.APCA_API_DATA_URL, ...credentials });
const streamUrl = (path: string) => `${sim.env.APCA_API_STREAM_URL}${path}`;

/** The first value `get` gives once there is one (fails the test after the poll helper's time-out). */
async function first<T>(what: string, get: () => T | undefined): Promise<T> {
  let v: T | undefined;
  await until(() => (v = get()) !== undefined, what);
  return v!;
}

async function tradeStream() {
  const updates: streaming.TradeUpdate[] = [];
  const s = new streaming.TradingStream({ credentials, url: streamUrl('/stream') });
  streams.push(s);
  let listening = false;
  s.onTradeUpdate((u) => updates.push(u));
  s.on(streaming.EVENT.SUBSCRIPTION, () => { listening = true; });
  s.onConnect(() => s.subscribeTradeUpdates());
  s.connect();
  await until(() => listening, 'trade_updates listening');
  return updates;
}

async function barStream(symbols: string[]) {
  const bars: streaming.StreamBar[] = [];
  const s = new streaming.StockDataStream({ credentials, feed: 'iex', url: streamUrl('/v2/iex') });
  streams.push(s);
  let subscribed = false;
  s.onBar((b) => bars.push(b));
  s.on(streaming.EVENT.SUBSCRIPTION, () => { subscribed = true; });
  s.onConnect(() => s.subscribeForBars(symbols));
  s.connect();
  await until(() => subscribed, 'bar subscription');
  return bars;
}

describe('the official Alpaca SDK against ziplime sim', () => {
  it('places a market order, hears its fill on trade_updates, and receives the minute bars in MessagePack', async () => {
    const updates = await tradeStream();
    const bars = await barStream(['AAA']);
    const orders = new OrdersApi(config());
    const placed = await orders.market({ symbol: 'AAA', qty: 10, side: 'buy', timeInForce: 'day', clientOrderId: 'sdk-1' });
    expect(placed).toMatchObject({ symbol: 'AAA', clientOrderId: 'sdk-1', status: 'new' });
    await sim.admin.advance(1); // 09:32: bar 1 completes; the order fills at its close
    const fill = await first('fill update', () => updates.find((u) => u.event === 'fill'));
    const close1 = contractBar('AAA', 1).close; // 101.5
    expect(fill.order).toMatchObject({ id: placed.id, status: 'filled', filledQty: '10' });
    expect([Number(fill.price), Number(fill.qty), Number(fill.positionQty)]).toEqual([close1, 10, 10]);
    const bar = await first('bar 1', () => bars.find((b) => b.timestamp.getTime() === Date.parse('2024-10-01T13:31:00Z')));
    expect(bar).toMatchObject({ symbol: 'AAA', open: 101, high: 101.75, low: 100.75, close: close1, volume: 10_000 });
    const again = await orders.getOrderByOrderID({ orderId: placed.id! });
    expect([again.status, Number(again.filledAvgPrice)]).toEqual(['filled', close1]);
    const positions = await new trading.PositionsApi(config()).getAllOpenPositions();
    expect(positions.map((p) => [p.symbol, Number(p.qty)])).toEqual([['AAA', 10]]);
  });

  it('cancels a resting limit order and reads the v3 clock and calendar, snapshots and weekly bars', async () => {
    const updates = await tradeStream();
    const orders = new OrdersApi(config());
    const rest = await orders.limit({ symbol: 'AAA', qty: 1, side: 'buy', limitPrice: 90, timeInForce: 'day' });
    await orders.deleteOrderByOrderID({ orderId: rest.id! });
    await first('canceled update', () => updates.find((u) => u.event === 'canceled' && u.order.id === rest.id));

    const clock = await new trading.ClockApi(config()).clock({});
    expect(clock.clocks[0]).toMatchObject({ isMarketDay: true, phase: 'core', market: { mic: 'XNYS' } });
    expect(clock.clocks[0]!.timestamp.toISOString()).toBe('2024-10-01T13:31:00.000Z');
    expect(clock.clocks[0]!.phaseUntil.toISOString()).toBe('2024-10-01T20:00:00.000Z'); // the 16:00 close
    const cal = await new trading.CalendarApi(config()).calendar({ market: 'NYSE', start: new Date('2024-11-29'), end: new Date('2024-11-29') });
    expect(cal.calendar.map((d) => [d.coreStart.toISOString(), d.coreEnd.toISOString()])).toEqual([['2024-11-29T14:30:00.000Z', '2024-11-29T18:00:00.000Z']]);

    const stock = new marketData.StockApi(dataConfig());
    const snaps = await stock.stockSnapshots({ symbols: 'AAA' });
    expect(snaps.AAA!.latestTrade!.p).toBe(contractBar('AAA', 0).close);
    expect(snaps.AAA!.prevDailyBar).toMatchObject({ c: 98.5 }); // 2024-09-30's close
    const weekly = await stock.stockBars({ symbols: 'AAA', timeframe: '1Week', start: new Date('2024-09-23T00:00:00Z'), end: new Date('2024-09-30T23:00:00Z') });
    // Week of Monday 2024-09-23: only Friday 27th is in the bundle; week of the 30th: Monday 30th (the 1st is not complete yet).
    expect(weekly.bars!.AAA!.map((b) => [new Date(b.t).toISOString(), b.o, b.h, b.l, b.c, b.v])).toEqual([
      ['2024-09-23T04:00:00.000Z', 95, 97, 94, 96, 300_000],
      ['2024-09-30T04:00:00.000Z', 96, 99, 95, 98.5, 350_000],
    ]);
    const monthly = await stock.stockBars({ symbols: 'AAA', timeframe: '1Month', start: new Date('2024-09-01T00:00:00Z') });
    expect(monthly.bars!.AAA!.map((b) => [new Date(b.t).toISOString(), b.o, b.h, b.l, b.c, b.v])).toEqual([
      ['2024-09-01T04:00:00.000Z', 95, 99, 94, 98.5, 650_000], // the 27th and the 30th
    ]);
  });

  it('runs bracket, trailing-stop and OCO orders through the venue with Alpaca\'s legs and events', async () => {
    const updates = await tradeStream();
    const orders = new OrdersApi(config());
    // AAA climbs a dollar a minute (bar k closes at 100.5 + k, high 100.75 + k).
    const entry = await orders.bracket({ symbol: 'AAA', qty: 10, side: 'buy', timeInForce: 'day', takeProfit: { limitPrice: 103.5 }, stopLoss: { stopPrice: 95 } });
    expect(entry.orderClass).toBe('bracket');
    expect(entry.legs!.map((l) => [l.side, l.type, l.status, l.limitPrice ?? null, l.stopPrice ?? null])).toEqual([['sell', 'limit', 'held', '103.5', null], ['sell', 'stop', 'held', null, '95']]);
    // BBB is flat (49.5–50.5, close 50): a sell trailing 0.75 starts at 49.25, moves to 50.5 − 0.75 = 49.75 after a bar, then 49.5 touches it.
    const trail = await orders.trailingStop({ symbol: 'BBB', qty: 4, side: 'sell', timeInForce: 'day', trailPrice: 0.75 });
    expect([trail.type, Number(trail.stopPrice), Number(trail.hwm)]).toEqual(['trailing_stop', 49.25, 50]);
    await sim.admin.advance(1); // bar 1: entry fills at 101.5, legs open; BBB holds
    const moved = await orders.getOrderByOrderID({ orderId: trail.id! });
    expect([moved.status, Number(moved.stopPrice), Number(moved.hwm)]).toEqual(['new', 49.75, 50.5]);
    await sim.admin.advance(2); // bar 2: BBB trailing stop fills at 50; bar 3: AAA high 103.75 ≥ 103.5, take-profit fills
    const [tp, sl] = entry.legs!;
    await first('stop-loss cancelled', () => updates.find((u) => u.event === 'canceled' && u.order.id === sl!.id));
    const events = updates.map((u) => [u.event, u.order.id, u.price === undefined ? null : Number(u.price)]);
    expect(events).toEqual([
      ['new', entry.id, null], ['new', trail.id, null],
      ['fill', entry.id, 101.5], ['new', tp!.id, null], ['new', sl!.id, null],
      ['fill', trail.id, 50],
      ['fill', tp!.id, 103.5], ['canceled', sl!.id, null],
    ]);

    const oco = await orders.oco({ symbol: 'AAA', qty: 10, side: 'sell', timeInForce: 'gtc', takeProfit: { limitPrice: 200 }, stopLoss: { stopPrice: 50 } });
    expect([oco.orderClass, oco.type, Number(oco.limitPrice), oco.legs!.map((l) => [l.type, l.status, Number(l.stopPrice)])]).toEqual(['oco', 'limit', 200, [['stop', 'new', 50]]]);
    await orders.deleteOrderByOrderID({ orderId: oco.id! });
    await sim.admin.advance(1);
    await first('OCO stop leg cancelled', () => updates.find((u) => u.event === 'canceled' && u.order.id === oco.legs![0]!.id));
  });
});
