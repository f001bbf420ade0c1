import { describe, expect, it } from 'vitest';
import { NoCommission } from '../../../src/finance/commission.js';
import { FixedBasisPointsSlippage, NoSlippage } from '../../../src/finance/slippage/index.js';
import { bracket, oco, oto, trailingStop } from '../../../src/strategy/order-styles.js';
import { ohlcv, testAsset } from '../../helpers/fake-market-data.js';
import { DAY, describeEvents, harness } from './broker-harness.js';

const A = testAsset(1, 'A');
const free = { commission: new NoCommission(), slippage: new NoSlippage() };

async function at100(options = {}) {
  const h = harness({ models: free, ...options });
  h.md.setBar(A, DAY(0), ohlcv(100, 100, 100, 100, 1e6));
  await h.step(DAY(0));
  return h;
}

describe('trailing stops', () => {
  it('a sell trails the highest price by the trail amount and fills as a market order once touched', async () => {
    const h = await at100();
    const o = await h.submit(A, -10, trailingStop({ price: 2 }));
    expect(o.stopPrice).toBe(98); // 100 − 2
    h.md.setBar(A, DAY(1), ohlcv(101, 104, 100, 103, 1e6)); // low 100 > 98: holds; high 104 → stop 102
    expect(describeEvents(await h.step(DAY(1)))).toEqual([]);
    expect((await h.broker.getOrder(o.id))!.stopPrice).toBe(102);
    h.md.setBar(A, DAY(2), ohlcv(103, 103.5, 101.5, 102.5, 1e6)); // low 101.5 ≤ 102: triggered, fills at the close
    expect(describeEvents(await h.step(DAY(2)))).toEqual(['fill -10@102.5', 'filled']);
  });

  it('a buy trails the lowest price by a percentage', async () => {
    const h = await at100();
    const o = await h.submit(A, 5, trailingStop({ percent: 10 }));
    expect(o.stopPrice).toBeCloseTo(110, 9); // 100 × 1.1
    h.md.setBar(A, DAY(1), ohlcv(95, 96, 80, 85, 1e6)); // high 96 < 110; low 80 → stop 88
    expect(describeEvents(await h.step(DAY(1)))).toEqual([]);
    expect((await h.broker.getOrder(o.id))!.stopPrice).toBeCloseTo(88, 9);
    h.md.setBar(A, DAY(2), ohlcv(86, 89, 85, 87, 1e6)); // low 85 moves nothing before the touch: high 89 ≥ 88
    expect(describeEvents(await h.step(DAY(2)))).toEqual(['fill 5@87', 'filled']);
  });

  it('rejects a trail that is missing, doubled or not positive', async () => {
    const h = await at100();
    await expect(h.submit(A, -1, { type: 'trailing_stop' })).rejects.toThrow(/exactly one of trail price or trail percent/);
    await expect(h.submit(A, -1, { type: 'trailing_stop', trailPrice: 1, trailPercent: 1 })).rejects.toThrow(/exactly one/);
    await expect(h.submit(A, -1, trailingStop({ percent: 100 }))).rejects.toThrow(/positive number \(a percentage below 100\)/);
  });
});

describe('bracket, OTO and OCO orders', () => {
  it('a bracket opens both exits once the entry fills; the take-profit executing cancels the stop-loss', async () => {
    const h = await at100();
    const entry = await h.submit(A, 10, bracket({ takeProfit: 110, stopLoss: 95 }));
    h.md.setBar(A, DAY(1), ohlcv(100, 101, 99, 100.5, 1e6));
    const opened = await h.step(DAY(1));
    expect(describeEvents(opened)).toEqual(['fill 10@100.5', 'filled', 'open', 'open']);
    const [tp, sl] = opened.slice(2).map((e) => e.order);
    expect(tp).toMatchObject({ id: `${entry.id}-tp`, parentId: entry.id, amount: -10, limitPrice: 110, stopPrice: null });
    expect(sl).toMatchObject({ id: `${entry.id}-sl`, parentId: entry.id, amount: -10, limitPrice: null, stopPrice: 95 });
    h.md.setBar(A, DAY(2), ohlcv(105, 111, 104, 108, 1e6)); // high 111 ≥ 110: take-profit at max(108, 110)
    const exit = await h.step(DAY(2));
    expect(describeEvents(exit)).toEqual(['fill -10@110', 'filled', 'cancelled']);
    expect(exit[2]!.order.id).toBe(sl!.id);
    expect(await h.broker.getPositions()).toEqual([]);
    expect((await h.broker.getAccount()).cash).toBeCloseTo(100_000 - 1005 + 1100, 9);
  });

  it('the legs never fill on the bar the entry filled on', async () => {
    const h = await at100({ fill: 'same-close' });
    await h.submit(A, 10, bracket({ takeProfit: 101, stopLoss: 99 }));
    h.md.setBar(A, DAY(1), ohlcv(100, 102, 98, 100, 1e6)); // both exits inside this bar's range
    expect(describeEvents(await h.step(DAY(1)))).toEqual(['fill 10@100', 'filled', 'open', 'open']);
  });

  it('cancelling one leg cancels the other (reported by the next sync)', async () => {
    const h = await at100();
    const entry = await h.submit(A, 10, bracket({ takeProfit: 110, stopLoss: { stop: 95, limit: 94 } }));
    h.md.setBar(A, DAY(1), ohlcv(100, 101, 99, 100, 1e6));
    await h.step(DAY(1));
    expect((await h.broker.getOrder(`${entry.id}-sl`))!.style).toEqual({ type: 'stop_limit', stopPrice: 95, limitPrice: 94 });
    expect((await h.broker.cancelOrder(`${entry.id}-tp`)).status).toBe('cancelled');
    h.md.setBar(A, DAY(2), ohlcv(100, 100, 100, 100, 1e6));
    const events = await h.step(DAY(2));
    expect(events.map((e) => [e.order.id, e.order.status])).toEqual([[`${entry.id}-sl`, 'cancelled']]);
    expect(await h.broker.getOpenOrders()).toEqual([]);
  });

  it('an entry cancelled after a partial fill opens its exit for the shares filled', async () => {
    const h = await at100({ models: { commission: new NoCommission(), slippage: new FixedBasisPointsSlippage({ basisPoints: 0, volumeLimit: 0.1 }) } });
    const entry = await h.submit(A, 10, oto({ stopLoss: 90 }));
    h.md.setBar(A, DAY(1), ohlcv(100, 100, 100, 100, 40)); // 10 % of 40 = 4 shares
    expect(describeEvents(await h.step(DAY(1)))).toEqual(['fill 4@100', 'partially_filled']);
    await h.broker.cancelOrder(entry.id);
    h.md.setBar(A, DAY(2), ohlcv(100, 100, 100, 100, 40));
    const events = await h.step(DAY(2));
    expect(events.map((e) => [e.order.id, e.order.status, e.order.amount])).toEqual([[`${entry.id}-sl`, 'open', -4]]);
  });

  it('an OCO places its stop-loss with the take-profit; the stop executing cancels the take-profit', async () => {
    const h = await at100();
    const tp = await h.submit(A, -10, oco({ takeProfit: 110, stopLoss: 95 }));
    expect(tp).toMatchObject({ limitPrice: 110, status: 'open' });
    h.md.setBar(A, DAY(1), ohlcv(100, 101, 94, 96, 1e6)); // low 94 ≤ 95: stop → market at the close
    const events = await h.step(DAY(1));
    expect(describeEvents(events)).toEqual(['open', 'fill -10@96', 'filled', 'cancelled']);
    expect(events.map((e) => e.order.id)).toEqual([`${tp.id}-sl`, `${tp.id}-sl`, `${tp.id}-sl`, tp.id]);
  });

  it('rejects legs on the wrong side or of the wrong shape', async () => {
    const h = await at100();
    await expect(h.submit(A, 10, bracket({ takeProfit: 95, stopLoss: 96 }))).rejects.toThrow(/take-profit 95 must be above the stop-loss 96/);
    await expect(h.submit(A, -10, bracket({ takeProfit: 110, stopLoss: 95 }))).rejects.toThrow(/must be below/);
    await expect(h.submit(A, 10, bracket({ entry: { type: 'stop', stopPrice: 101 }, takeProfit: 110, stopLoss: 95 }))).rejects.toThrow(/market or limit/);
    await expect(h.submit(A, 10, oto({ takeProfit: 110, stopLoss: 95 }))).rejects.toThrow(/exactly one leg/);
    await expect(h.submit(A, -10, bracket({ takeProfit: 90, stopLoss: { stop: 105, limit: 104 } }))).rejects.toThrow(/stop-loss limit 104 must be at or above its stop 105/);
  });
});
