import { describe, expect, it } from 'vitest';
import { MakerTakerCommission } from '../../../src/finance/commission.js';
import { NoSlippage } from '../../../src/finance/slippage/index.js';
import { commission } from '../../../src/strategy/models.js';
import { ohlcv, testAsset, testOrder } from '../../helpers/fake-market-data.js';
import { DAY, harness } from '../sim/broker-harness.js';

const BTC = testAsset(1, 'BTC/USDT');

describe('commission.makerTaker', () => {
  it('charges maker on a limit order that rested and taker on everything else, per fill on the value', () => {
    const m = new MakerTakerCommission(0.0002, 0.0007);
    // 0.25 BTC at 40 000 = 10 000 USDT: maker 10 000 × 0.0002 = 2, taker 10 000 × 0.0007 = 7
    expect(m.calculate({ ...testOrder(BTC, 0.25), marketable: false }, 0.25, 40_000)).toBeCloseTo(2, 10);
    expect(m.calculate({ ...testOrder(BTC, 0.25), marketable: true }, 0.25, 40_000)).toBeCloseTo(7, 10);
    expect(m.calculate(testOrder(BTC, -0.25), -0.25, 40_000)).toBeCloseTo(7, 10); // market sell
    expect(commission.makerTaker().calculate(testOrder(BTC, 1), 1, 1000)).toBeCloseTo(1, 10); // defaults 0.1 %
    expect(() => commission.makerTaker({ maker: -0.001 })).toThrow('commission.makerTaker({ maker: -0.001 }): maker must be a finite number ≥ 0');
  });

  it('in the simulated broker: a buy limit below the price rests (maker), one above it crosses (taker)', async () => {
    const h = harness({ models: { commission: new MakerTakerCommission(0.001, 0.002), slippage: new NoSlippage() } });
    h.md.setBar(BTC, DAY(0), ohlcv(100, 100, 100, 100, 1e6)).setBar(BTC, DAY(1), ohlcv(100, 101, 94, 96, 1e6));
    await h.step(DAY(0)); // price 100
    const resting = await h.submit(BTC, 2, { type: 'limit', limitPrice: 95 });
    const crossing = await h.submit(BTC, 3, { type: 'limit', limitPrice: 105 });
    expect([resting.marketable, crossing.marketable]).toEqual([false, true]);
    const fills = (await h.step(DAY(1))).flatMap((e) => (e.kind === 'fill' ? [e.fill] : []));
    // the low 94 reaches both; each pays min(close 96, limit): 95 and 96.
    // 2 × 95 × 0.001 = 0.19 maker; 3 × 96 × 0.002 = 0.576 taker
    expect(fills.map((f) => [f.orderId, f.price])).toEqual([[resting.id, 95], [crossing.id, 96]]);
    expect(fills[0]!.commission).toBeCloseTo(0.19, 10);
    expect(fills[1]!.commission).toBeCloseTo(0.576, 10);
  });
});
