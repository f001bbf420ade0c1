import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkRequest } from '../../../src/alpaca-sim/binance/request-auth.js';
import { WeightCounter, weightOf } from '../../../src/alpaca-sim/binance/request-weight.js';

const creds = { key: 'k', secret: 's' };
const NOW = 1_700_000_000_000;
const req = (method: string, path: string, query: string, body = '') =>
  ({ method, url: new URL(`http://127.0.0.1${path}${query ? `?${query}` : ''}`), headers: { 'x-mbx-apikey': 'k' }, text: body });
const hmac = (payload: string) => createHmac('sha256', 's').update(payload).digest('hex');

describe('Binance request checks', () => {
  it('signs the query string followed by the body, without the signature itself (Binance\'s totalParams)', () => {
    const query = `symbol=BTCUSDT&timestamp=${NOW}`;
    const body = 'side=BUY&type=MARKET&quantity=1';
    expect(() => checkRequest(req('POST', '/api/v3/order', `${query}&signature=${hmac(query + body)}`, body), 'SIGNED', creds, NOW)).not.toThrow();
    expect(() => checkRequest(req('POST', '/api/v3/order', query, `${body}&signature=${hmac(query + body)}`), 'SIGNED', creds, NOW)).not.toThrow();
    expect(() => checkRequest(req('POST', '/api/v3/order', query, `${body}&signature=${hmac(query)}`), 'SIGNED', creds, NOW)).toThrow(/Signature for this request is not valid/);
  });

  it('accepts a timestamp up to 1 s ahead and recvWindow behind', () => {
    const at = (ts: number, extra = '') => {
      const q = `timestamp=${ts}${extra}`;
      return () => checkRequest(req('GET', '/api/v3/account', `${q}&signature=${hmac(q)}`), 'SIGNED', creds, NOW);
    };
    expect(at(NOW + 1000)).not.toThrow();
    expect(at(NOW + 1001)).toThrow(/outside of the recvWindow/);
    expect(at(NOW - 5000)).not.toThrow();
    expect(at(NOW - 5001)).toThrow(/outside of the recvWindow/);
    expect(at(NOW - 59_000, '&recvWindow=60000')).not.toThrow();
    expect(at(NOW, '&recvWindow=60001')).toThrow(/recvWindow must be less than 60000/);
  });

  it('counts request weight per wall-clock minute', () => {
    let wall = 60_000 * 100 + 59_000;
    const w = new WeightCounter(() => wall);
    expect(w.add(weightOf('GET', '/api/v3/exchangeInfo', new URLSearchParams()))).toBe(20);
    expect(w.add(weightOf('GET', '/api/v3/openOrders', new URLSearchParams()))).toBe(100); // all symbols: 80
    expect(w.retryAfterSec()).toBe(1);
    wall += 1000; // next minute
    expect(w.add(weightOf('GET', '/api/v3/openOrders', new URLSearchParams('symbol=BTCUSDT')))).toBe(6);
  });
});
