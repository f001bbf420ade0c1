import { describe, expect, it } from 'vitest';
import { OrderRejectedError } from '../../../src/core/errors.js';
import type { Order } from '../../../src/model/order.js';
import { limit } from '../../../src/strategy/order-styles.js';
import { commission, slippage } from '../../../src/strategy/models.js';
import { defineStrategy } from '../../../src/strategy/define.js';
import { barsOf, runDaily, sessions, testAsset } from './harness.js';

const A = testAsset(1, 'AAA', '2024-01-02', '2024-12-31');
const F = testAsset(2, 'FRC', '2024-01-02', '2024-12-31', { fractionable: true });
const days = sessions('2024-01-02', 4);
const bars = [...barsOf(A, days, [33, 33, 33, 33]), ...barsOf(F, days, [40, 40, 40, 40])];
const free = (ctx: { setCommission: Function; setSlippage: Function }) => { ctx.setCommission(commission.none()); ctx.setSlippage(slippage.none()); };

describe('order sizing (zipline arithmetic, DESIGN.md open-order accounting)', () => {
  it('converts values and percents at the current price and rounds toward zero', async () => {
    const amounts: (number | null)[] = [];
    const take = (o: Order | null) => amounts.push(o ? o.amount : null);
    const { error } = await runDaily(defineStrategy({
      initialize: free,
      async handleData(ctx) {
        if (ctx.session !== days[0]) return;
        take(await ctx.orderValue(A, 1000)); //  1000 / 33 = 30.3 → 30
        take(await ctx.orderPercent(A, -0.1)); // −1000 / 33 = −30.3 → −30
        take(await ctx.order(A, 2.99995)); // within 0.0001 of 3 → 3
        take(await ctx.order(A, 2.9)); // → 2
        take(await ctx.order(A, 0.4)); // → 0: no order
        take(await ctx.orderTarget(A, 10)); // open: 30 − 30 + 3 + 2 = 5 → 10 − 5 = 5
        take(await ctx.orderTargetPercent(A, 0.5)); // 5000 / 33 = 151.5 → 151.5 − 10 → 141
        take(await ctx.orderTargetValue(A, 0)); // −(10 + 141) = −151
        take(await ctx.orderValue(F, 100)); // fractionable: 2.5 shares
      },
    }), { assets: [A, F], bars });
    expect(error).toBeNull();
    expect(amounts).toEqual([30, -30, 3, 2, null, 5, 141, -151, 2.5]);
  });

  it('orderTargetPercent counts the position and open orders: calling it twice orders once', async () => {
    const { result } = await runDaily(defineStrategy({
      initialize: free,
      async handleData(ctx) {
        await ctx.orderTargetPercent(A, 0.5);
        await ctx.orderTargetPercent(A, 0.5);
      },
    }), { assets: [A], bars });
    // day 1: 5000 / 33 → 151 shares (one order); later days: already at target
    expect(result.orders.map((o) => o.amount)).toEqual([151]);
    expect(result.positions[0]).toMatchObject({ amount: 151, costBasis: 33 });
  });

  it('cancels, lists and finds open orders', async () => {
    const seen: string[] = [];
    await runDaily(defineStrategy({
      initialize: free,
      async handleData(ctx) {
        if (ctx.session !== days[0]) return;
        const o = (await ctx.order(A, 5, limit(1)))!;
        seen.push(`${(await ctx.getOpenOrders(A)).length} ${(await ctx.getOrder(o.id))!.status}`);
        await ctx.cancelOrder(o);
        seen.push(`${(await ctx.getOpenOrders()).length} ${(await ctx.getOrder(o.id))!.status}`);
      },
    }), { assets: [A], bars });
    expect(seen).toEqual(['1 open', '0 cancelled']);
  });

  it('trading controls reject with a clear error, or log and go on', async () => {
    const failing = await runDaily(defineStrategy({
      initialize(ctx) { free(ctx); ctx.setLongOnly(); },
      async handleData(ctx) { await ctx.order(A, -1); },
    }), { assets: [A], bars });
    expect(failing.error!.cause).toBeInstanceOf(OrderRejectedError);
    expect(failing.error!.message).toMatch(/longOnly: selling 1 AAA/);
    const logging = await runDaily(defineStrategy({
      initialize(ctx) { free(ctx); ctx.setMaxOrderSize({ maxShares: 1, onError: 'log' }); },
      async handleData(ctx) { if (ctx.session === days[0]) await ctx.order(A, 2); },
    }), { assets: [A], bars });
    expect(logging.error).toBeNull();
    expect(logging.result.orders).toHaveLength(1);
  });

  it('client order ids are deterministic: run id + sequence', async () => {
    const { result } = await runDaily(defineStrategy({
      initialize: free,
      async handleData(ctx) { await ctx.order(A, 1); },
    }), { assets: [A], bars });
    expect(result.orders.map((o) => o.id)).toEqual(['test-1', 'test-2', 'test-3', 'test-4']);
  });
});

describe('orders for an asset past its end date', () => {
  it('are refused (null) from the session after its last trading day on', async () => {
    // D trades on the first two sessions only; the strategy orders 1 share on each of four sessions.
    const D = testAsset(3, 'DLS', days[0]!, days[1]!);
    const answers: (number | null)[] = [];
    const { error } = await runDaily(defineStrategy({
      initialize: free,
      async handleData(ctx) {
        const o = await ctx.order(D, 1);
        answers.push(o ? o.amount : null);
      },
    }), { assets: [D], bars: barsOf(D, days, [10, 10, 10, 10]) });
    expect(error).toBeNull();
    expect(answers).toEqual([1, 1, null, null]);
  });
});
