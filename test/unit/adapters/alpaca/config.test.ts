import { describe, expect, it } from 'vitest';
import { isLiveHost, resolveAlpacaConfig, toWebSocketUrl } from '../../../../src/adapters/alpaca/config.js';
import { UsageError } from '../../../../src/core/errors.js';

describe('resolveAlpacaConfig', () => {
  it('reads keys and hosts from the environment, paper by default', () => {
    const c = resolveAlpacaConfig({}, { APCA_API_KEY_ID: 'k', APCA_API_SECRET_KEY: 's' });
    expect(c.baseUrl).toBe('https://paper-api.alpaca.markets');
    expect(c.dataUrl).toBe('https://data.alpaca.markets');
    expect(c.tradingStreamUrl).toBe('wss://paper-api.alpaca.markets/stream');
    expect(c.dataStreamUrl).toBe('wss://stream.data.alpaca.markets/v2/iex');
    expect(c.cryptoStreamUrl).toBe('wss://stream.data.alpaca.markets/v1beta3/crypto/us');
    expect(isLiveHost(c)).toBe(false);
  });

  it('derives loopback stream URLs from loopback hosts; explicit values win', () => {
    const env = { APCA_API_KEY_ID: 'k', APCA_API_SECRET_KEY: 's', APCA_API_BASE_URL: 'http://127.0.0.1:4001/', APCA_API_DATA_URL: 'http://127.0.0.1:4002' };
    const c = resolveAlpacaConfig({ secretKey: 'explicit' }, env);
    expect(c.secretKey).toBe('explicit');
    expect(c.baseUrl).toBe('http://127.0.0.1:4001');
    expect(c.tradingStreamUrl).toBe('ws://127.0.0.1:4001/stream');
    expect(c.dataStreamUrl).toBe('ws://127.0.0.1:4002/v2/iex');
    expect(resolveAlpacaConfig({ feed: 'sip' }, env).dataStreamUrl).toBe('ws://127.0.0.1:4002/v2/sip');
  });

  it('recognises the real-money host', () => {
    expect(isLiveHost({ baseUrl: 'https://api.alpaca.markets' })).toBe(true);
    expect(isLiveHost({ baseUrl: 'http://127.0.0.1:1' })).toBe(false);
    // the same host written as a fully qualified name, or in capitals, is the same real-money host
    expect(isLiveHost({ baseUrl: 'https://api.alpaca.markets./' })).toBe(true);
    expect(isLiveHost({ baseUrl: 'https://API.Alpaca.Markets.' })).toBe(true);
    expect(isLiveHost({ baseUrl: 'https://paper-api.alpaca.markets.' })).toBe(false);
    expect(toWebSocketUrl('https://a.b/')).toBe('wss://a.b');
  });

  it('names the missing variables without echoing any secret', () => {
    expect(() => resolveAlpacaConfig({}, { APCA_API_KEY_ID: 'visible-key' })).toThrow(UsageError);
    try {
      resolveAlpacaConfig({}, { APCA_API_KEY_ID: 'visible-key' });
    } catch (err) {
      expect((err as Error).message).toContain('APCA_API_SECRET_KEY');
      expect((err as Error).message).not.toContain('visible-key');
    }
    expect(() => resolveAlpacaConfig({}, { APCA_API_KEY_ID: 'k', APCA_API_SECRET_KEY: 's', APCA_API_BASE_URL: 'ftp://x' })).toThrow(/APCA_API_BASE_URL/);
  });
});
