import { describe, expect, it } from 'vitest';
import type { AlpacaOrderRequest } from '../../../../src/adapters/alpaca/parse.js';
import { validateOrder, type OrderRuleContext } from '../../../../src/adapters/alpaca/rules.js';

const base: AlpacaOrderRequest = {
  symbol: 'AAPL', qty: 10, notional: null, side: 'buy', type: 'limit', timeInForce: 'day', limitPrice: 290.12, stopPrice: null,
  trailPrice: null, trailPercent: null, extendedHours: false, clientOrderId: 'c', orderClass: 'simple',
};
const ctx: OrderRuleContext = { asset: { tradable: true, fractionable: true }, positionQty: 0, openOrders: [] };
const check = (r: Partial<AlpacaOrderRequest>, c: Partial<OrderRuleContext> = {}) => validateOrder({ ...base, ...r }, { ...ctx, ...c });

describe('Alpaca order rules', () => {
  it('accepts a plain valid order', () => {
    expect(check({})).toBeNull();
  });

  it('sub-penny: 2 decimals at or above $1, 4 below, with the reference message', () => {
    expect(check({ limitPrice: 290.123 })).toEqual({ status: 422, code: 42210000, message: 'invalid limit_price 290.123. sub-penny increment does not fulfill minimum pricing criteria' });
    expect(check({ limitPrice: 0.1234 })).toBeNull();
    expect(check({ limitPrice: 0.12345 })?.code).toBe(42210000);
    expect(check({ type: 'stop', limitPrice: null, stopPrice: 1.005 })?.message).toMatch(/^invalid stop_price 1.005\. sub-penny/);
  });

  it('prices required by type; exactly one of qty/notional', () => {
    expect(check({ limitPrice: null })?.message).toMatch(/limit_price is required/);
    expect(check({ type: 'stop', limitPrice: null })?.message).toMatch(/stop_price is required/);
    expect(check({ notional: 100 })?.status).toBe(422);
    expect(check({ qty: null })?.status).toBe(422);
  });

  it('notional only for market/day', () => {
    expect(check({ qty: null, notional: 100, type: 'market', limitPrice: null })).toBeNull();
    expect(check({ qty: null, notional: 100 })?.message).toMatch(/notional/);
    expect(check({ qty: null, notional: 100, type: 'market', limitPrice: null, timeInForce: 'gtc' })?.message).toMatch(/notional/);
  });

  it('fractional only for fractionable assets and never short', () => {
    expect(check({ qty: 0.5 })).toBeNull();
    expect(check({ qty: 0.5 }, { asset: { tradable: true, fractionable: false } })?.message).toBe('asset "AAPL" is not fractionable');
    expect(check({ qty: 0.5, side: 'sell' }, { positionQty: 0 })).toMatchObject({ status: 403, message: 'fractional orders cannot be sold short' });
    expect(check({ qty: 0.5, side: 'sell' }, { positionQty: 2 })).toBeNull();
  });

  it('skips the position rules when the position is unknown (the client leaves them to the venue)', () => {
    expect(check({ qty: 0.5, side: 'sell' }, { positionQty: null })).toBeNull();
    expect(check({ side: 'sell', qty: 15 }, { positionQty: null })).toBeNull();
    expect(check({ qty: 0.5 }, { positionQty: null, asset: { tradable: true, fractionable: false } })?.message).toBe('asset "AAPL" is not fractionable');
  });

  it('extended hours only for limit orders', () => {
    expect(check({ extendedHours: true })).toBeNull();
    expect(check({ extendedHours: true, type: 'market', limitPrice: null })?.message).toMatch(/extended hours/);
  });

  it('not tradable / unknown asset', () => {
    expect(check({}, { asset: undefined })).toEqual({ status: 422, code: 42210000, message: 'asset "AAPL" is not tradable' });
  });

  it('long↔short flip in one order is refused as insufficient qty', () => {
    // Long 10, sell 15: only 10 available.
    expect(check({ side: 'sell', qty: 15 }, { positionQty: 10 })).toEqual({ status: 403, code: 40310000, message: 'insufficient qty available for order (requested: 15, available: 10)' });
    expect(check({ side: 'sell', qty: 10 }, { positionQty: 10 })).toBeNull();
    // Short 4, buy 6 would flip to long 2.
    expect(check({ side: 'buy', qty: 6 }, { positionQty: -4 })?.status).toBe(403);
    // Shares held by another open sell reduce what is available: 10 − 7 = 3.
    expect(check({ side: 'sell', qty: 5 }, { positionQty: 10, openOrders: [{ symbol: 'AAPL', side: 'sell', remainingQty: 7 }] })?.message)
      .toBe('insufficient qty available for order (requested: 5, available: 3)');
  });

  it('wash trade: an opposite-side open order in the symbol; trailing stops exempt', () => {
    const open = [{ symbol: 'AAPL', side: 'sell' as const, remainingQty: 1 }];
    expect(check({}, { openOrders: open })).toEqual({ status: 403, code: 40310000, message: 'potential wash trade detected. use complex orders' });
    expect(check({}, { openOrders: [{ ...open[0]!, symbol: 'MSFT' }] })).toBeNull();
    expect(check({ type: 'trailing_stop', limitPrice: null, trailPercent: 1 }, { openOrders: open })).toBeNull();
  });
});
