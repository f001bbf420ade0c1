import { describe, expect, it } from 'vitest';
import { ccxtBrokerageModel, marketRules, truncateToStep } from '../../../src/adapters/ccxt/market-rules.js';
import type { OrderRequest, OrderStyle } from '../../../src/model/order.js';
import { testAsset } from '../../helpers/fake-market-data.js';

// Binance-spot-like BTC/USDT: step 0.00001 BTC, tick 0.01 USDT, minimum 0.00001 BTC and 5 USDT.
const btc = marketRules({ symbol: 'BTC/USDT', quote: 'USDT', precision: { amount: 0.00001, price: 0.01 }, limits: { amount: { min: 0.00001 }, cost: { min: 5 } } });
const model = ccxtBrokerageModel('binance', [btc]);
const BTC = testAsset(1, 'BTC/USDT');
const req = (amount: number, style: OrderStyle = { type: 'market' }, asset = BTC): OrderRequest => ({ asset, amount, style, clientOrderId: 'c' });
const flat = { position: 0, openOrders: [] };

describe('ccxt market rules', () => {
  it('accepts amounts on the step and values at the minimum', () => {
    expect(model.check(req(0.12345), { ...flat, price: 40_000 })).toBeNull();
    expect(model.check(req(-0.0001), { ...flat, price: 50_000 })).toBeNull(); // 0.0001 × 50 000 = 5.00, the minimum exactly
    expect(model.check(req(0.001, { type: 'limit', limitPrice: 41_000.5 }), flat)).toBeNull();
  });

  it('refuses off-step amounts and prices, naming the rounded value', () => {
    expect(model.check(req(0.123456), { ...flat, price: 40_000 })).toBe("amount 0.123456 is not a multiple of BTC/USDT's step 0.00001; round it, e.g. to 0.12345");
    expect(model.check(req(0.001, { type: 'limit', limitPrice: 41_000.005 }), flat)).toBe("limit price 41000.005 is not a multiple of BTC/USDT's tick 0.01; round it, e.g. to 41000");
  });

  it('refuses values under the minimum notional (limit price first, else the last price) and unknown markets', () => {
    // 0.0001 × 1000 = 0.1 USDT < 5
    expect(model.check(req(0.0001, { type: 'limit', limitPrice: 1000 }), { ...flat, price: 40_000 })).toBe("notional 0.0001 × 1000 = 0.1 USDT is below BTC/USDT's minimum 5 USDT");
    // 0.0001 × 40 000 = 4 USDT < 5
    expect(model.check(req(0.0001), { ...flat, price: 40_000 })).toBe("notional 0.0001 × 40000 = 4 USDT is below BTC/USDT's minimum 5 USDT");
    expect(model.check(req(1, { type: 'market' }, testAsset(2, 'DOGE/USDT')), flat)).toBe('binance lists no market DOGE/USDT');
  });

  it('reads DECIMAL_PLACES precision as digits and truncates like ccxt', () => {
    const r = marketRules({ symbol: 'X/USD', quote: 'USD', precision: { amount: 4, price: 2 }, limits: {} }, true);
    expect([r.amountStep, r.priceTick, r.minAmount, r.minNotional]).toEqual([0.0001, 0.01, 0, 0]);
    expect([truncateToStep(0.123456, 0.00001), truncateToStep(-1.999999, 0.001), truncateToStep(0.3, 0.1)]).toEqual([0.12345, -1.999, 0.3]);
  });
});
