import { describe, expect, it } from 'vitest';
import { OrderRejectedError } from '../../../src/core/errors.js';
import { EndOfDayCancel } from '../../../src/finance/cancel-policy.js';
import { NoCommission, PerTradeCommission } from '../../../src/finance/commission.js';
import { FixedBasisPointsSlippage, NoSlippage } from '../../../src/finance/slippage/index.js';
import { getCalendar } from '../../../src/calendar/index.js';
import { SimulatedBroker } from '../../../src/sim/simulated-broker.js';
import { UnknownOrderError } from '../../../src/sim/unknown-order-error.js';
import { FakeMarketData, ohlcv, testAsset } from '../../helpers/fake-market-data.js';
import { DAY, describeEvents, harness } from './broker-harness.js';

const A = testAsset(1, 'A');
const B = testAsset(2, 'B');
const free = { commission: new NoCommission(), slippage: new NoSlippage() };
const XNYS_DAILY = { calendar: getCalendar('XNYS'), frequency: 'daily' as const };

describe('submitOrder', () => {
  it('rejects what cannot be placed with OrderRejectedError', async () => {
    const h = harness();
    h.md.setBar(A, DAY(0), ohlcv(5, 5, 5, 5, 10));
    await expect(h.submit(A, 1)).rejects.toThrow(/before the simulation started/);
    await h.step(DAY(0));
    await expect(h.submit(A, 0)).rejects.toThrow(OrderRejectedError);
    await expect(h.submit(A, 1.5)).rejects.toThrow(/A is not fractionable; order whole shares/);
    await expect(h.submit(B, 1)).rejects.toThrow(/B has no price yet/);
    await expect(h.submit(A, 1, { type: 'limit', limitPrice: -1 })).rejects.toThrow(/must be positive/);
    await h.broker.submitOrder({ asset: A, amount: 1, style: { type: 'market' }, clientOrderId: 'dup' });
    await expect(h.broker.submitOrder({ asset: A, amount: 1, style: { type: 'market' }, clientOrderId: 'dup' })).rejects.toThrow(/already used/);
  });

  it('accepts fractional amounts of fractionable assets and stamps orders with the injected time', async () => {
    const btc = testAsset(3, 'BTC', { fractionable: true });
    const md = new FakeMarketData().setBar(btc, DAY(0), ohlcv(5, 5, 5, 5, 10));
    md.advanceTo(DAY(0));
    const broker = new SimulatedBroker({ marketData: md, time: () => DAY(0) - 1000 });
    const o = await broker.submitOrder({ asset: btc, amount: 0.25, style: { type: 'market' }, clientOrderId: 'x' });
    expect([o.amount, o.createdAt, o.id, o.clientOrderId]).toEqual([0.25, DAY(0) - 1000, 'x', 'x']);
  });

  it('returns snapshots the caller cannot use to change the broker', async () => {
    const h = harness();
    h.md.setBar(A, DAY(0), ohlcv(5, 5, 5, 5, 10));
    await h.step(DAY(0));
    const o = await h.submit(A, 3);
    o.amount = 999;
    expect((await h.broker.getOrderByClientId('c1'))!.amount).toBe(3);
  });
});

describe('cancel, replace and queries', () => {
  async function open() {
    const h = harness({ models: free });
    for (let i = 0; i < 3; i++) h.md.setBar(A, DAY(i), ohlcv(10, 11, 9, 10, 5)).setBar(B, DAY(i), ohlcv(20, 21, 19, 20, 5));
    await h.step(DAY(0));
    await h.submit(A, 4, { type: 'limit', limitPrice: 8 });
    await h.submit(B, -2, { type: 'limit', limitPrice: 30 });
    return h;
  }

  it('lists open orders, all or per asset', async () => {
    const h = await open();
    expect((await h.broker.getOpenOrders()).map((o) => o.id)).toEqual(['c1', 'c2']);
    expect((await h.broker.getOpenOrders(B)).map((o) => o.id)).toEqual(['c2']);
    expect(await h.broker.getOrder('nope')).toBeUndefined();
  });

  it('cancels an open order, which then never fills; a final order stays as it is', async () => {
    const h = await open();
    const c = await h.broker.cancelOrder('c1');
    expect([c.status, c.reason]).toEqual(['cancelled', 'cancelled on request']);
    await h.broker.replaceOrder('c2', { limitPrice: 20 });
    expect(describeEvents(await h.step(DAY(1)))).toEqual(['fill -2@20', 'filled']); // only B
    expect((await h.broker.cancelOrder('c2')).status).toBe('filled');
    expect(await h.broker.getOpenOrders()).toEqual([]);
    await expect(h.broker.cancelOrder('nope')).rejects.toThrow(UnknownOrderError);
  });

  it('replaces amount and prices in place and refuses impossible changes', async () => {
    const h = await open();
    const r = await h.broker.replaceOrder('c1', { amount: 6, limitPrice: 9.5 });
    expect([r.id, r.amount, r.limitPrice, r.style]).toEqual(['c1', 6, 9.5, { type: 'limit', limitPrice: 9.5 }]);
    await expect(h.broker.replaceOrder('c1', { amount: -6 })).rejects.toThrow(/keep the order's side/);
    await expect(h.broker.replaceOrder('c1', { stopPrice: 9 })).rejects.toThrow(/a limit order has no stop price/);
    expect(describeEvents(await h.step(DAY(1)))).toEqual(['fill 6@9.5', 'filled']); // low 9 ≤ 9.5 → min(10, 9.5)
    await expect(h.broker.replaceOrder('c1', { amount: 7 })).rejects.toThrow(/the order is filled/);
  });
});

describe('cancel policy', () => {
  it('eod cancels, at the session end, open orders that had a bar to fill on', async () => {
    const h = harness({ models: { commission: new NoCommission(), slippage: new FixedBasisPointsSlippage({ basisPoints: 0 }), cancelPolicy: new EndOfDayCancel() } });
    h.md.setBar(A, DAY(0), ohlcv(10, 10, 10, 10, 100)).setBar(A, DAY(1), ohlcv(10, 10, 10, 10, 100));
    await h.step(DAY(0));
    await h.submit(A, 25); // fills 10 on day 1
    expect(await h.broker.sessionEnd(DAY(0))).toEqual([]); // no bar to fill on yet: kept
    await h.step(DAY(1));
    await h.submit(A, 1); // placed on day 1's bar: has not had its chance yet
    const events = await h.broker.sessionEnd(DAY(1));
    expect(events.map((e) => [e.order.id, e.order.status, e.order.filled])).toEqual([['c1', 'cancelled', 10]]);
    expect(events[0]!.order.reason).toMatch(/session end \(cancel policy eod\)/);
    expect((await h.broker.getOpenOrders()).map((o) => o.id)).toEqual(['c2']);
  });

  it('never (the default) keeps orders open across sessions', async () => {
    const h = harness({ models: free });
    h.md.setBar(A, DAY(0), ohlcv(10, 10, 10, 10, 100)).setBar(A, DAY(1), ohlcv(10, 10, 10, 10, 100));
    await h.step(DAY(0));
    await h.submit(A, 2, { type: 'limit', limitPrice: 1 });
    await h.step(DAY(1));
    expect(await h.broker.sessionEnd(DAY(1))).toEqual([]);
    expect(await h.broker.getOpenOrders()).toHaveLength(1);
  });
});

describe('splits', () => {
  it('adjust open orders and positions on the first bar of the effective date', async () => {
    // 7:1 effective 2024-01-03 = DAY(2)
    const h = harness({ models: free, splits: [{ sid: A.sid, effectiveDate: '2024-01-03', ratio: 7 }], bars: XNYS_DAILY, startingCash: 10_000 });
    h.md.setBar(A, DAY(0), ohlcv(700, 700, 700, 700, 1)).setBar(A, DAY(1), ohlcv(710, 720, 705, 715, 1)).setBar(A, DAY(2), ohlcv(101, 102, 99, 100.5, 1));
    await h.step(DAY(0));
    await h.submit(A, 10); // fills on day 1 at 715
    await h.submit(A, 100, { type: 'limit', limitPrice: 700 }); // low 705 > 700 on day 1
    expect(describeEvents(await h.step(DAY(1)))).toEqual(['fill 10@715', 'filled']);
    const events = await h.step(DAY(2));
    // the open limit becomes 700 shares at 700 / 7 = 100, then fills: low 99 ≤ 100 → min(100.5, 100)
    expect(events[0]).toMatchObject({ kind: 'order', order: { id: 'c2', amount: 700, limitPrice: 100, status: 'open' } });
    expect(describeEvents(events.slice(1))).toEqual(['fill 700@100', 'filled']);
    // 10 shares at 715 → 70 shares at 102.14 (715 / 7 = 102.142… rounded to cents), no fraction
    const position = (await h.broker.getPositions())[0]!;
    expect([position.amount, position.costBasis]).toEqual([770, expect.closeTo((70 * 102.14 + 700 * 100) / 770, 9)]);
    expect((await h.broker.getAccount()).cash).toBeCloseTo(10_000 - 7150 - 70_000, 6);
  });
});

describe('fill instants', () => {
  it('next-open: a daily fill carries the open of its session (09:30 New York), not the close', async () => {
    const h = harness({ models: free, fill: 'next-open', bars: XNYS_DAILY });
    h.md.setBar(A, DAY(1), ohlcv(10, 11, 9, 10.5, 1)).setBar(A, DAY(2), ohlcv(12, 13, 11, 12.5, 1));
    await h.step(DAY(1));
    await h.submit(A, 10);
    const [fill] = await h.step(DAY(2));
    expect(fill).toMatchObject({ kind: 'fill', fill: { amount: 10, price: 12, dt: Date.parse('2024-01-03T14:30:00Z') } });
  });

  it('next-open: a minute fill carries its minute\'s start, the last minute of a 24-hour session included', async () => {
    const cal = getCalendar('ALWAYS_OPEN');
    const h = harness({ models: free, fill: 'next-open', bars: { calendar: cal, frequency: 'minute' } });
    const t = (iso: string) => Date.parse(iso);
    // bars stamped at their end: 23:58 → 23:59:00, 23:59 → the close 23:59:59.999
    h.md.setBar(A, t('2024-01-03T23:59:00Z'), ohlcv(10, 10, 10, 10, 1)).setBar(A, t('2024-01-03T23:59:59.999Z'), ohlcv(11, 11, 11, 11, 1));
    await h.step(t('2024-01-03T23:59:00Z'));
    await h.submit(A, 1);
    const [fill] = await h.step(t('2024-01-03T23:59:59.999Z'));
    expect(fill).toMatchObject({ kind: 'fill', fill: { price: 11, dt: t('2024-01-03T23:59:00Z') } });
  });

  it('next-close: a fill carries the bar\'s instant', async () => {
    const h = harness({ models: free, bars: XNYS_DAILY });
    h.md.setBar(A, DAY(1), ohlcv(10, 11, 9, 10.5, 1)).setBar(A, DAY(2), ohlcv(12, 13, 11, 12.5, 1));
    await h.step(DAY(1));
    await h.submit(A, 10);
    const [fill] = await h.step(DAY(2));
    expect(fill).toMatchObject({ kind: 'fill', fill: { price: 12.5, dt: DAY(2) } });
  });
});

describe('positions and account', () => {
  it('follow fills and are marked at the current price', async () => {
    const h = harness({ models: { commission: new PerTradeCommission(1), slippage: new NoSlippage() }, startingCash: 1000 });
    h.md.setBar(A, DAY(0), ohlcv(10, 10, 10, 10, 1)).setBar(A, DAY(1), ohlcv(12, 12, 12, 12, 1)).setBar(A, DAY(2), ohlcv(15, 15, 15, 15, 1));
    await h.step(DAY(0));
    await h.submit(A, 10);
    await h.step(DAY(1)); // 10 @ 12 + $1: cash 1000 − 120 − 1 = 879
    await h.step(DAY(2));
    expect(await h.broker.getPositions()).toEqual([{ asset: A, amount: 10, costBasis: 12.1, lastSalePrice: 15, lastSaleDate: DAY(2) }]);
    expect(await h.broker.getAccount()).toEqual({ cash: 879, equity: 1029, buyingPower: 879 }); // 879 + 10 × 15
  });
});

describe('finished orders', () => {
  it('stay known by default, and are forgotten once finished when keepFinishedOrders is false', async () => {
    for (const keep of [true, false]) {
      const h = harness({ models: free, keepFinishedOrders: keep });
      h.md.setBar(A, DAY(0), ohlcv(5, 5, 5, 5, 1_000)).setBar(A, DAY(1), ohlcv(6, 6, 6, 6, 1_000));
      await h.step(DAY(0));
      const done = await h.submit(A, 10);
      const working = await h.submit(A, 5, { type: 'limit', limitPrice: 1 });
      expect(describeEvents(await h.step(DAY(1)))).toEqual(['fill 10@6', 'filled']);
      const kept = await h.broker.getOrder(done.id);
      expect(kept === undefined ? undefined : [kept.status, kept.filled, kept.commission]).toEqual(keep ? ['filled', 10, 0] : undefined);
      expect((await h.broker.getOrder(working.id))?.status).toBe('open');
      expect((await h.broker.getOpenOrders()).map((o) => o.id)).toEqual([working.id]);
      if (keep) expect((await h.broker.cancelOrder(done.id)).status).toBe('filled');
      else await expect(h.broker.cancelOrder(done.id)).rejects.toThrow(UnknownOrderError);
    }
  });
});

describe('own book', () => {
  it('with keepBook false, fills and orders are reported alike but the broker keeps no positions or cash', async () => {
    const runs: string[][] = [];
    for (const keepBook of [true, false]) {
      const h = harness({ models: free, keepBook, startingCash: 1_000 });
      h.md.setBar(A, DAY(0), ohlcv(5, 5, 5, 5, 1_000)).setBar(A, DAY(1), ohlcv(6, 6, 6, 6, 1_000));
      await h.step(DAY(0));
      await h.submit(A, 10);
      runs.push(describeEvents(await h.step(DAY(1))));
      if (keepBook) {
        // 10 shares bought at 6: 1,000 − 60 cash, marked at 6.
        expect(await h.broker.getAccount()).toEqual({ cash: 940, equity: 1_000, buyingPower: 940 });
        expect((await h.broker.getPositions()).map((p) => [p.asset.symbol, p.amount])).toEqual([['A', 10]]);
      } else {
        await expect(h.broker.getAccount()).rejects.toThrow(/keeps no positions or cash/);
        await expect(h.broker.getPositions()).rejects.toThrow(/keepBook: false/);
      }
    }
    expect(runs).toEqual([['fill 10@6', 'filled'], ['fill 10@6', 'filled']]);
  });
});
