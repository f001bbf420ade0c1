import { describe, expect, it } from 'vitest';
import { NoCommission, PerShareCommission, PerTradeCommission } from '../../../src/finance/commission.js';
import { FixedBasisPointsSlippage, NoSlippage, VolumeShareSlippage } from '../../../src/finance/slippage/index.js';
import { getCalendar } from '../../../src/calendar/index.js';
import { NO_BROKER_EVENTS } from '../../../src/ports/broker.js';
import { ohlcv, testAsset } from '../../helpers/fake-market-data.js';
import { DAY, describeEvents, harness } from './broker-harness.js';

const A = testAsset(1, 'A');
const B = testAsset(2, 'B');
const free = { commission: new NoCommission(), slippage: new NoSlippage() };

describe('fill policies', () => {
  function market(fill: 'next-close' | 'next-open' | 'same-close') {
    const h = harness({ fill, models: free });
    h.md.setBar(A, DAY(0), ohlcv(9, 10.5, 8.5, 10, 0)).setBar(A, DAY(1), ohlcv(11, 12.5, 10.5, 12, 0));
    return h;
  }

  it('next-close (default): an order placed on bar t fills on bar t+1 at its close', async () => {
    const h = market('next-close');
    await h.step(DAY(0));
    const o = await h.submit(A, 10);
    expect([o.status, o.createdAt]).toEqual(['open', DAY(0)]);
    expect(await h.broker.sync(DAY(0))).toEqual([]); // same bar: not yet
    const events = await h.step(DAY(1));
    expect(describeEvents(events)).toEqual(['fill 10@12', 'filled']);
    expect(events[0]).toMatchObject({ kind: 'fill', fill: { orderId: 'c1', asset: A, dt: DAY(1), commission: 0 } });
    expect(await h.broker.sync(DAY(1))).toEqual([]); // a second sync on the bar fills nothing twice
  });

  it('next-open: fills on bar t+1 at its open', async () => {
    const h = market('next-open');
    await h.step(DAY(0));
    await h.submit(A, -10);
    expect(describeEvents(await h.step(DAY(1)))).toEqual(['fill -10@11', 'filled']);
  });

  it('same-close: an order placed during bar t fills when bar t is synced again, at its close, once', async () => {
    const h = market('same-close');
    await h.step(DAY(0));
    await h.submit(A, 10);
    expect(describeEvents(await h.broker.sync(DAY(0)))).toEqual(['fill 10@10', 'filled']);
    expect(await h.broker.sync(DAY(0))).toEqual([]);
  });
});

describe('default models (zipline: perShare 0.001, fixedBasisPoints 5 bp / 10 % volume)', () => {
  it('fills partially across bars and charges per-share commission per fill', async () => {
    const h = harness();
    h.md.setBar(A, DAY(0), ohlcv(50, 50, 50, 50, 1000)).setBar(A, DAY(1), ohlcv(50, 50, 50, 50, 1000)).setBar(A, DAY(2), ohlcv(52, 52, 52, 52, 1000));
    await h.step(DAY(0));
    await h.submit(A, 150);
    // day 1: 10 % × 1000 = 100 shares at 50 × 1.0005 = 50.025, commission 100 × 0.001 = 0.1
    const d1 = await h.step(DAY(1));
    expect(describeEvents(d1)).toEqual(['fill 100@50.025', 'partially_filled']);
    expect(d1[0]!.kind === 'fill' && d1[0]!.fill.commission).toBeCloseTo(0.1, 12);
    // day 2: the other 50 at 52 × 1.0005 = 52.026, commission 0.05
    const d2 = await h.step(DAY(2));
    expect(describeEvents(d2)).toEqual(['fill 50@52.026', 'filled']);
    const o = (await h.broker.getOrder('c1'))!;
    expect([o.filled, o.status]).toEqual([150, 'filled']);
    expect(o.commission).toBeCloseTo(0.15, 12);
    // cash 100 000 − 100 × 50.025 (5002.5) − 0.1 − 50 × 52.026 (2601.3) − 0.05 = 92 396.05
    expect((await h.broker.getAccount()).cash).toBeCloseTo(92_396.05, 6);
  });
});

describe('commission across partial fills (zipline CommissionAlgorithmTests: 300 shares, 100 per bar at $10)', () => {
  async function run(commission: PerShareCommission | PerTradeCommission): Promise<number[]> {
    const h = harness({ models: { commission, slippage: new VolumeShareSlippage({ volumeLimit: 1, priceImpact: 0 }) } });
    for (let i = 0; i <= 3; i++) h.md.setBar(A, DAY(i), ohlcv(10, 10, 10, 10, 100));
    await h.step(DAY(0));
    await h.submit(A, 300);
    const used: number[] = [];
    let cash = (await h.broker.getAccount()).cash;
    for (let i = 1; i <= 3; i++) {
      await h.step(DAY(i));
      const now = (await h.broker.getAccount()).cash;
      used.push(+(now - cash).toFixed(6));
      cash = now;
    }
    return used;
  }

  it('perShare(0.05) with a minimum of 3 met by the first fill: 1005 each bar', async () => {
    expect(await run(new PerShareCommission(0.05, 3))).toEqual([-1005, -1005, -1005]); // 100 × 10 + 100 × 0.05
  });

  it('perShare(0.05) with a minimum of 8: 8, then 10 − 8, then 15 − 10', async () => {
    expect(await run(new PerShareCommission(0.05, 8))).toEqual([-1008, -1002, -1005]);
  });

  it('perTrade(1): charged once for the order', async () => {
    expect(await run(new PerTradeCommission(1))).toEqual([-1001, -1000, -1000]);
  });
});

describe('volume', () => {
  it('shares a bar volume among the orders of one asset, in submission order', async () => {
    const h = harness({ models: { commission: new NoCommission(), slippage: new FixedBasisPointsSlippage({ basisPoints: 0 }) } });
    h.md.setBar(A, DAY(0), ohlcv(5, 5, 5, 5, 1000)).setBar(B, DAY(0), ohlcv(7, 7, 7, 7, 1000));
    h.md.setBar(A, DAY(1), ohlcv(5, 5, 5, 5, 1000)).setBar(B, DAY(1), ohlcv(7, 7, 7, 7, 1000));
    await h.step(DAY(0));
    await h.submit(A, 80);
    await h.submit(A, -80);
    await h.submit(B, 80);
    // cap 100 per asset: A gets 80 + 20, B (another asset) its own 80
    expect(describeEvents(await h.step(DAY(1)))).toEqual(['fill 80@5', 'filled', 'fill -20@5', 'partially_filled', 'fill 80@7', 'filled']);
  });

  it('fills nothing on a zero-volume bar with a volume-aware model; slippage.none fills anyway', async () => {
    const capped = harness();
    const none = harness({ models: free });
    for (const h of [capped, none]) {
      h.md.setBar(A, DAY(0), ohlcv(5, 5, 5, 5, 0)).setBar(A, DAY(1), ohlcv(6, 6, 6, 6, 0));
      await h.step(DAY(0));
      await h.submit(A, 3);
    }
    expect(await capped.step(DAY(1))).toEqual([]);
    expect((await capped.broker.getOpenOrders()).map((o) => o.filled)).toEqual([0]);
    expect(describeEvents(await none.step(DAY(1)))).toEqual(['fill 3@6', 'filled']);
  });

  it('skips an asset that cannot trade at dt and fills on its next bar', async () => {
    const h = harness({ models: free });
    h.md.setBar(A, DAY(0), ohlcv(5, 5, 5, 5, 10)).setBar(A, DAY(2), ohlcv(8, 8, 8, 8, 10));
    await h.step(DAY(0));
    await h.submit(A, 3);
    expect(await h.step(DAY(1))).toEqual([]); // no bar on day 1
    expect(describeEvents(await h.step(DAY(2)))).toEqual(['fill 3@8', 'filled']);
  });
});

describe('priced orders through the broker', () => {
  it('a limit fill after slippage is never worse than the limit', async () => {
    const h = harness(); // 5 bp default slippage
    h.md.setBar(A, DAY(0), ohlcv(103, 103, 103, 103, 1e6)).setBar(A, DAY(1), ohlcv(103, 104, 99, 102, 1e6));
    await h.step(DAY(0));
    await h.submit(A, 10, { type: 'limit', limitPrice: 100 });
    // low 99 ≤ 100 → min(102, 100) = 100; slipped 100.05 → capped at 100
    expect(describeEvents(await h.step(DAY(1)))).toEqual(['fill 10@100', 'filled']);
  });

  it('a stop-limit remembers that its stop was reached', async () => {
    const h = harness({ models: free });
    h.md.setBar(A, DAY(0), ohlcv(100, 100, 100, 100, 1)).setBar(A, DAY(1), ohlcv(100, 110, 90, 105, 1)).setBar(A, DAY(2), ohlcv(86, 88, 84, 87, 1));
    await h.step(DAY(0));
    await h.submit(A, 5, { type: 'stop_limit', stopPrice: 108, limitPrice: 85 });
    expect(await h.step(DAY(1))).toEqual([]); // stop touched (high 110), limit not (low 90)
    expect((await h.broker.getOrder('c1'))!.stopReached).toBe(true);
    expect(describeEvents(await h.step(DAY(2)))).toEqual(['fill 5@85', 'filled']); // min(87, 85)
  });
});

describe('execution ids', () => {
  it('are unique, prefixed, or made by newId', async () => {
    const ids = async (options: { idPrefix?: string; newId?: () => string }) => {
      const h = harness({ models: free, ...options });
      h.md.setBar(A, DAY(0), ohlcv(1, 1, 1, 1, 1)).setBar(A, DAY(1), ohlcv(1, 1, 1, 1, 1));
      await h.step(DAY(0));
      await h.submit(A, 1);
      await h.submit(A, 2);
      return (await h.step(DAY(1))).flatMap((e) => (e.kind === 'fill' ? [e.fill.executionId] : []));
    };
    expect(await ids({})).toEqual(['fill-1', 'fill-2']);
    expect(await ids({ idPrefix: 'run7' })).toEqual(['run7-1', 'run7-2']);
    let n = 100;
    expect(await ids({ newId: () => `x${n++}` })).toEqual(['x100', 'x101']);
  });
});

describe('idle bars', () => {
  it('answers the shared NO_BROKER_EVENTS while no order is open and no split is due', async () => {
    const h = harness({ models: free, splits: [{ sid: A.sid, effectiveDate: '2024-01-03', ratio: 2 }], bars: { calendar: getCalendar('XNYS'), frequency: 'daily' } });
    h.md.setBar(A, DAY(0), ohlcv(9, 10.5, 8.5, 10, 0)).setBar(A, DAY(1), ohlcv(5, 6, 4, 5, 0)).setBar(A, DAY(2), ohlcv(5, 6, 4, 6, 0));
    const sync = (dt: number) => {
      h.md.advanceTo(dt);
      return h.broker.sync(dt);
    };
    expect(sync(DAY(0))).toBe(NO_BROKER_EVENTS);
    expect(Object.isFrozen(await NO_BROKER_EVENTS)).toBe(true);
    await h.submit(A, 10);
    // next-close: the open order cannot fill on its own bar, so there is nothing to match there.
    expect(sync(DAY(0))).toBe(NO_BROKER_EVENTS);
    expect(describeEvents(await sync(DAY(1)))).toEqual(['fill 10@5', 'filled']);
    expect(sync(DAY(1))).toBe(NO_BROKER_EVENTS); // DAY(1) is 2024-01-02: nothing open, the split not due yet
    expect(sync(DAY(2))).not.toBe(NO_BROKER_EVENTS); // 2024-01-03: the split applies to the broker's own book
    expect((await h.broker.getPositions())[0]).toMatchObject({ amount: 20 });
  });
});

describe('immediate calls (what the engine uses in a backtest)', () => {
  it('answer at once what the awaitable calls answer, with the broker\'s own order record', async () => {
    const twin = (h: ReturnType<typeof harness>) => {
      h.md.setBar(A, DAY(0), ohlcv(50, 50, 50, 50, 1000)).setBar(A, DAY(1), ohlcv(51, 51, 51, 51, 1000)).setBar(A, DAY(2), ohlcv(52, 52, 52, 52, 1000));
      return h;
    };
    const slow = twin(harness()), fast = twin(harness());
    await slow.step(DAY(0));
    fast.md.advanceTo(DAY(0));
    expect(fast.broker.syncNow(DAY(0))).toHaveLength(0);
    const asked = await slow.submit(A, 150);
    const record = fast.broker.submitOrderNow({ asset: A, amount: 150, style: { type: 'market' }, clientOrderId: 'c1' });
    expect(record).toEqual(asked);
    // 10 % of 1000 shares a bar: 100 then 50, at the close ± 5 bp, 0.001 a share
    const slowEvents = [...(await slow.step(DAY(1))), ...(await slow.step(DAY(2)))];
    fast.md.advanceTo(DAY(1));
    const first = [...fast.broker.syncNow(DAY(1))];
    expect(first[0]!.order).toBe(record);
    expect(record.filled).toBe(100);
    // the record keeps changing: read the events before the next call
    const described = describeEvents(first);
    fast.md.advanceTo(DAY(2));
    const second = [...fast.broker.syncNow(DAY(2))];
    described.push(...describeEvents(second));
    expect(described).toEqual(describeEvents(slowEvents));
    expect(described).toEqual(['fill 100@51.0255', 'partially_filled', 'fill 50@52.026', 'filled']);
    expect([...first, ...second].map((e) => e.kind === 'fill' && +e.fill.commission.toFixed(9))).toEqual([0.1, false, 0.05, false]);
    expect(record).toMatchObject({ status: 'filled', filled: 150 });
    // Finished, the order is kept in columns: cancelling it answers an equal copy, changing nothing.
    expect(fast.broker.cancelOrderNow('c1')).toEqual(record);
    expect(fast.broker.cancelOrderNow('c1')).not.toBe(record);
  });
});
