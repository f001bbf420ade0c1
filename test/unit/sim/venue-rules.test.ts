import { describe, expect, it } from 'vitest';
import { OrderRejectedError } from '../../../src/core/errors.js';
import { NoCommission } from '../../../src/finance/commission.js';
import { NoSlippage } from '../../../src/finance/slippage/index.js';
import { alpacaBrokerageModel } from '../../../src/adapters/alpaca/brokerage-model.js';
import { ohlcv, testAsset } from '../../helpers/fake-market-data.js';
import { DAY, harness } from './broker-harness.js';

const A = testAsset(1, 'A');
const free = { commission: new NoCommission(), slippage: new NoSlippage() };

/** A broker holding 10 A (bought at 5), with or without Alpaca's rules. */
async function holding(rules: boolean) {
  const h = harness({ models: free, fill: 'same-close', ...(rules ? { venueRules: alpacaBrokerageModel } : {}) });
  h.md.setBar(A, DAY(0), ohlcv(5, 5, 5, 5, 1_000_000));
  await h.step(DAY(0));
  await h.submit(A, 10);
  await h.step(DAY(0));
  expect((await h.broker.getPositions()).map((p) => p.amount)).toEqual([10]);
  return h;
}

describe('--venue-rules alpaca: the simulated broker rejects what Alpaca would', () => {
  it('sub-penny prices, a long→short flip in one order and a wash trade are rejected with Alpaca\'s reason', async () => {
    const h = await holding(true);
    await expect(h.submit(A, 1, { type: 'limit', limitPrice: 4.999 })).rejects.toThrow(/alpaca would refuse it: invalid limit_price 4.999\. sub-penny increment/);
    await expect(h.submit(A, -15)).rejects.toThrow(/insufficient qty available for order \(requested: 15, available: 10\)/);
    await h.submit(A, -5, { type: 'limit', limitPrice: 9 }); // resting sell
    await expect(h.submit(A, 2, { type: 'limit', limitPrice: 1 })).rejects.toThrow(OrderRejectedError);
    await expect(h.submit(A, 2, { type: 'limit', limitPrice: 1 })).rejects.toThrow(/potential wash trade detected/);
    // what Alpaca takes is taken: selling what is left
    await expect(h.submit(A, -5)).resolves.toMatchObject({ status: 'open', amount: -5 });
  });

  it('without venue rules the same orders are placed (the simulated broker allows them)', async () => {
    const h = await holding(false);
    await expect(h.submit(A, 1, { type: 'limit', limitPrice: 4.999 })).resolves.toMatchObject({ status: 'open' });
    await expect(h.submit(A, -15)).resolves.toMatchObject({ status: 'open' });
  });
});
