import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../src/calendar/index.js';
import { NoCommission } from '../../../src/finance/commission.js';
import { NoSlippage } from '../../../src/finance/slippage/index.js';
import { ohlcv, testAsset } from '../../helpers/fake-market-data.js';
import { DAY, describeEvents, harness } from './broker-harness.js';

const A = testAsset(1, 'A');
const free = { commission: new NoCommission(), slippage: new NoSlippage() };
const bars = { calendar: getCalendar('XNYS'), frequency: 'daily' as const };
const dividend = (exDate: string, amount: number, payDate: string | null = null) => ({ sid: A.sid, exDate, amount, payDate, declaredDate: null, recordDate: null });

describe("the simulated broker's own book (a venue's account): dividends and splits", () => {
  it('earns a dividend on the shares held at the close before the ex date and pays it on the pay date', async () => {
    // 2024-01-04 ex, paid 2024-01-08: $0.25 × 10; 2024-01-05 ex and paid (no pay date): $0.10 × 10
    const h = harness({ models: free, startingCash: 1_000, bars, dividends: [dividend('2024-01-04', 0.25, '2024-01-08'), dividend('2024-01-05', 0.1)] });
    for (let i = 1; i <= 7; i++) h.md.setBar(A, DAY(i), ohlcv(5, 5, 5, 5, 1_000));
    await h.step(DAY(1));
    await h.submit(A, 10);
    expect(describeEvents(await h.step(DAY(2)))).toEqual(['fill 10@5', 'filled']);
    const cash = async () => (await h.broker.getAccount()).cash;
    expect(await cash()).toBe(950);
    await h.step(DAY(3));
    expect(await cash()).toBe(950); // owed, not paid yet
    await h.step(DAY(4));
    expect(await cash()).toBe(951); // 10 × 0.10 paid on its ex date
    await h.step(DAY(7));
    expect(await cash()).toBe(953.5); // 10 × 0.25 paid on 2024-01-08
  });

  it('applyCorporateActions applies what is due without matching an order', async () => {
    const h = harness({ models: free, startingCash: 1_000, bars, splits: [{ sid: A.sid, effectiveDate: '2024-01-04', ratio: 2 }], dividends: [dividend('2024-01-04', 1)] });
    for (let i = 1; i <= 3; i++) h.md.setBar(A, DAY(i), ohlcv(5, 5, 5, 5, 1_000));
    await h.step(DAY(1));
    await h.submit(A, 10);
    await h.step(DAY(2));
    const open = await h.submit(A, 4, { type: 'limit', limitPrice: 5 });
    // the start of 2024-01-04 in New York: the dividend on 10 shares, then the 2-for-1 split
    const events = h.broker.applyCorporateActions(Date.parse('2024-01-04T05:00:00Z'));
    expect(events.map((e) => [e.kind, e.order.id, e.order.amount, e.order.filled])).toEqual([['order', open.id, 8, 0]]);
    expect((await h.broker.getAccount()).cash).toBe(1_000 - 50 + 10);
    expect((await h.broker.getPositions()).map((p) => p.amount)).toEqual([20]);
    expect((await h.broker.getOrder(open.id))).toMatchObject({ status: 'open', filled: 0, amount: 8 });
    // nothing is applied twice
    expect(h.broker.applyCorporateActions(Date.parse('2024-01-04T06:00:00Z'))).toEqual([]);
  });
});
