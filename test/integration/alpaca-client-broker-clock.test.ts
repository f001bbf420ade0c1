import { describe, expect, it } from 'vitest';
import { AlpacaBroker } from '../../src/adapters/alpaca/alpaca-broker.js';
import { createAlpacaRest } from '../../src/adapters/alpaca/client.js';
import { OrderStateUnknownError } from '../../src/adapters/alpaca/errors.js';
import type { Timing } from '../../src/net/timing.js';
import type { BrokerEvent } from '../../src/ports/broker.js';
import { CONTRACT_SESSION, useContractSim } from '../contract/contract-bundle.js';

const fx = useContractSim('ziplime-broker-clock-');

/** Retry waits are skipped (their lengths are not what these tests are about). */
const noWait: Timing = { now: () => Date.now(), sleep: async () => undefined };

/** 13:30 UTC = 09:30 New York, the open of the contract session (a Tuesday in October 2024). */
const OPEN = Date.parse(`${CONTRACT_SESSION}T13:30:00Z`);
const MINUTE = 60_000;

/** A broker whose trade_updates stream, once dropped, stays away (the reconnect waits a minute). */
function broker(): AlpacaBroker {
  const b = new AlpacaBroker({
    config: fx.config, rest: { rateLimit: false, attempts: 2, timing: noWait },
    stream: { handshakeTimeoutMs: 2_000, reconnect: { initialMs: 60_000, maxMs: 60_000, jitter: 0 } },
    resolveAsset: (s) => fx.assets.get(s),
  });
  fx.closeAfterTest(() => b.close());
  return b;
}

const fillsOf = (events: readonly BrokerEvent[]) =>
  events.flatMap((e) => (e.kind === 'fill' ? [[e.order.clientOrderId, e.fill.executionId, e.fill.amount, e.fill.price, e.order.status]] : []));

describe('AlpacaBroker follows the broker clock (simulated October 2024, far from the wall clock)', () => {
  it('clock() reports the simulated time, not the wall clock', async () => {
    const b = broker();
    const clock = await b.clock();
    expect(clock.timestamp).toBe(fx.sim.admin.now());
    expect(clock.timestamp).toBe(OPEN + MINUTE);
    // 09:31 on a session day: open, closing at 16:00 New York = 20:00 UTC.
    expect(clock).toMatchObject({ isOpen: true, nextClose: Date.parse(`${CONTRACT_SESSION}T20:00:00Z`) });
    expect(b.brokerClock.last).toEqual(clock);
  });

  it('reconcile() recovers a fill missed while the trading stream was down and an order whose answer was lost; each fill once', async () => {
    const b = broker();
    await b.connect();
    const seen = await b.submitOrder({ asset: fx.assets.get('AAA')!, amount: 10, style: { type: 'market' }, clientOrderId: 'clk-seen' });
    fx.sim.admin.dropSockets('trading');
    await fx.sim.admin.advance(1); // bar 1 (09:31) fills clk-seen at its close 101.5, with no stream to report it

    // The POST executes but its answer is lost, and both lookups by client_order_id fail: this
    // broker never learns the order's id.
    fx.sim.admin.setFaults({ ambiguousPosts: 1, serverErrors: { count: 2, path: 'by_client_order_id', status: 503 } });
    await expect(b.submitOrder({ asset: fx.assets.get('BBB')!, amount: 4, style: { type: 'market' }, clientOrderId: 'clk-lost' }))
      .rejects.toThrow(OrderStateUnknownError);
    expect(fx.sim.admin.faultStats).toMatchObject({ ambiguousPosts: 1, serverErrors: 2 });
    await fx.sim.admin.advance(1); // bar 2 (09:32) fills clk-lost at BBB's close 50

    const lost = fx.sim.admin.venue.all().find((o) => o.clientOrderId === 'clk-lost')!;
    expect(fx.sim.admin.venue.all().map((o) => [o.clientOrderId, o.status])).toEqual([['clk-seen', 'filled'], ['clk-lost', 'filled']]);
    expect(b.stream.socket.stats.handshakes).toBe(1); // nothing below came from the stream

    const found = await b.reconcile();
    expect(fillsOf(found)).toEqual([
      ['clk-seen', `${seen.id}:cum:10`, 10, 101.5, 'filled'],
      ['clk-lost', `${lost.id}:cum:4`, 4, 50, 'filled'],
    ]);
    expect(await b.reconcile()).toEqual([]);
    const drained = fillsOf(await b.sync(0));
    expect(drained.filter((f) => f[0] === 'clk-seen')).toEqual([['clk-seen', `${seen.id}:cum:10`, 10, 101.5, 'filled']]);
    expect(drained.filter((f) => f[0] === 'clk-lost')).toEqual([['clk-lost', `${lost.id}:cum:4`, 4, 50, 'filled']]);
    const positions = await b.getPositions();
    expect(positions.map((p) => [p.asset.symbol, p.amount])).toEqual([['AAA', 10], ['BBB', 4]]);
    // stamped in broker time (09:33 simulated, read by the reconciliation), not the wall clock
    for (const p of positions) expect(p.lastSaleDate - (OPEN + 3 * MINUTE)).toBeGreaterThanOrEqual(0);
    for (const p of positions) expect(p.lastSaleDate - (OPEN + 3 * MINUTE)).toBeLessThan(MINUTE);
  });

  it('listAllOrders pages through more orders than one page holds, orders sharing an instant included', async () => {
    const rest = createAlpacaRest(fx.config, { rateLimit: false });
    let n = 0;
    const buy = (symbol: string) => rest.trading.submitOrder({
      symbol, qty: '1', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: `page-${++n}`,
    });
    // Simulated time stands still between advances: page-2 and page-3 share one instant.
    await buy('AAA');
    await fx.sim.admin.advance(1);
    await buy('AAA');
    await buy('BBB');
    for (const symbol of ['AAA', 'BBB']) {
      await fx.sim.admin.advance(1);
      await buy(symbol);
    }
    await fx.sim.admin.advance(1);
    const after = `${CONTRACT_SESSION}T00:00:00Z`;
    expect(await rest.trading.listOrders({ status: 'closed', after, limit: 2, direction: 'asc' })).toHaveLength(2);
    const all = await rest.trading.listAllOrders({ status: 'closed', after }, 2);
    expect(all.map((o) => o.client_order_id)).toEqual(['page-1', 'page-2', 'page-3', 'page-4', 'page-5']);
    expect(all.every((o) => o.status === 'filled')).toBe(true);
  });
});
