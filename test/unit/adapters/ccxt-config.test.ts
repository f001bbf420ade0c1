import { describe, expect, it } from 'vitest';
import { requireKeys, resolveCcxtConfig } from '../../../src/adapters/ccxt/config.js';
import { createCcxtExchange } from '../../../src/adapters/ccxt/exchange.js';

describe('resolveCcxtConfig', () => {
  it('takes explicit values over ZIPLIME_CCXT_* and the exchange\'s own <EXCHANGE>_API_URL last', () => {
    const env = { ZIPLIME_CCXT_API_KEY: 'k', ZIPLIME_CCXT_SECRET: 's', BINANCE_API_URL: 'http://127.0.0.1:9/api/v3/' };
    expect(resolveCcxtConfig({ exchange: 'Binance' }, env)).toEqual({ exchange: 'binance', apiKey: 'k', secret: 's', apiUrl: 'http://127.0.0.1:9/api/v3', sandbox: false });
    expect(resolveCcxtConfig({ exchange: 'binance' }, { ...env, ZIPLIME_CCXT_API_URL: 'http://127.0.0.1:8', ZIPLIME_CCXT_SANDBOX: '1' }))
      .toMatchObject({ apiUrl: 'http://127.0.0.1:8', sandbox: true });
    expect(resolveCcxtConfig({ exchange: 'binance', apiUrl: 'http://127.0.0.1:7', apiKey: 'x' }, env)).toMatchObject({ apiUrl: 'http://127.0.0.1:7', apiKey: 'x' });
  });

  it('refuses unknown exchanges, bad URLs and missing keys for trading, naming what to set', () => {
    expect(() => resolveCcxtConfig({}, {})).toThrow('--exchange is needed');
    expect(() => resolveCcxtConfig({ exchange: 'nope' }, {})).toThrow(/--exchange nope: ccxt .* has no such exchange/);
    expect(() => resolveCcxtConfig({ exchange: 'binance', apiUrl: 'ftp://x' }, {})).toThrow("--api-url 'ftp://x' is not an http(s) URL");
    expect(() => requireKeys(resolveCcxtConfig({ exchange: 'binance' }, {}))).toThrow('set ZIPLIME_CCXT_API_KEY and ZIPLIME_CCXT_SECRET');
  });

  it('points every REST endpoint of the ccxt instance at the override', () => {
    const ex = createCcxtExchange(resolveCcxtConfig({ exchange: 'binance', apiUrl: 'http://127.0.0.1:5/api/v3' }, {}));
    const urls = Object.values(ex.urls['api'] as Record<string, string>);
    expect(urls.length).toBeGreaterThan(1);
    expect(new Set(urls)).toEqual(new Set(['http://127.0.0.1:5/api/v3']));
  });
});
