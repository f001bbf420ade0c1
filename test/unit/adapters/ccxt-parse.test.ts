import type { Trade } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { toFill } from '../../../src/adapters/ccxt/parse.js';
import { unlistedAsset } from '../../../src/model/asset.js';

const btc = unlistedAsset('BTC/USDT', 1);
const trade = (fee: { cost: number; currency: string } | undefined, side: 'buy' | 'sell' = 'buy') =>
  ({ id: 't1', order: 'o1', side, amount: 0.5, price: 40_000, timestamp: 1_000, fee }) as unknown as Trade;

describe('toFill: the fee of a ccxt trade in the quote currency', () => {
  it('a quote fee is the commission as it is; no warning', () => {
    const { fill, feeWarning } = toFill(trade({ cost: 2, currency: 'USDT' }), btc, 'USDT');
    expect(fill).toEqual({ executionId: 't1', orderId: 'o1', asset: btc, amount: 0.5, price: 40_000, commission: 2, dt: 1_000 });
    expect(feeWarning).toBeUndefined();
    expect(toFill(trade(undefined, 'sell'), btc, 'USDT')).toEqual({ fill: { executionId: 't1', orderId: 'o1', asset: btc, amount: -0.5, price: 40_000, commission: 0, dt: 1_000 } });
  });

  it('a base fee (0.0005 BTC at 40 000) is booked at its value, 20 USDT, with a warning naming it', () => {
    const { fill, feeWarning } = toFill(trade({ cost: 0.0005, currency: 'BTC' }), btc, 'USDT');
    expect(fill.commission).toBeCloseTo(20, 12);
    expect(feeWarning?.currency).toBe('BTC');
    expect(feeWarning?.message).toMatch(/^BTC\/USDT trade t1: the fee of 0\.0005 BTC is booked as 20 USDT at the trade's price/);
  });

  it('a fee in a third currency (BNB) is not booked, and the warning says the commissions understate the fees', () => {
    const { fill, feeWarning } = toFill(trade({ cost: 0.01, currency: 'BNB' }), btc, 'USDT');
    expect(fill.commission).toBe(0);
    expect(feeWarning).toEqual({ currency: 'BNB', message: "BTC/USDT trade t1: the fee of 0.01 BNB is not booked (neither USDT nor BTC); the run's commissions understate its fees" });
  });
});
