import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { resolveCcxtConfig, type CcxtConfigInput } from '../../../src/adapters/ccxt/config.js';
import { ccxtConfigWithCredentials } from '../../../src/adapters/ccxt/credentials-file.js';
import { createCcxtExchange, tradingHost } from '../../../src/adapters/ccxt/exchange.js';
import { isLoopbackHost } from '../../../src/net/hosts.js';
import { tempDir } from '../../helpers/temp-dir.js';

const hostOf = (input: CcxtConfigInput) => {
  const config = resolveCcxtConfig(input, {});
  return tradingHost(createCcxtExchange(config), config);
};

describe('tradingHost: which ccxt hosts are real money', () => {
  it("the exchange's production API is real money, however its host is spelled", () => {
    expect(hostOf({ exchange: 'binance' })).toEqual({ host: 'api.binance.com', realMoney: true });
    expect(hostOf({ exchange: 'binance', apiUrl: 'https://API.Binance.com./api/v3' }).realMoney).toBe(true);
    expect(hostOf({ exchange: 'kraken' })).toEqual({ host: 'api.kraken.com', realMoney: true });
  });

  it('any other remote host (a proxy in front of the exchange) counts as real money', () => {
    expect(hostOf({ exchange: 'binance', apiUrl: 'https://binance-proxy.example.com/api/v3' })).toEqual({ host: 'binance-proxy.example.com', realMoney: true });
  });

  it("the exchange's sandbox and the local simulator on loopback are not", () => {
    expect(hostOf({ exchange: 'binance', sandbox: true })).toEqual({ host: 'testnet.binance.vision', realMoney: false });
    expect(hostOf({ exchange: 'binance', apiUrl: 'http://127.0.0.1:5000/api/v3' })).toEqual({ host: '127.0.0.1:5000', realMoney: false });
    expect(hostOf({ exchange: 'binance', apiUrl: 'http://localhost:5000/api/v3' }).realMoney).toBe(false);
    expect(hostOf({ exchange: 'binance', apiUrl: 'http://[::1]:5000/api/v3' }).realMoney).toBe(false);
  });

  it('--sandbox on an exchange without sandbox hosts is refused instead of calling nowhere', () => {
    expect(() => createCcxtExchange(resolveCcxtConfig({ exchange: 'kraken', sandbox: true }, {}))).toThrow(/--sandbox: ccxt has no sandbox \(testnet\) hosts for kraken/);
  });

  it('isLoopbackHost: 127/8, localhost and ::1 only', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST.', 'a.localhost', '::1', '[::1]']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['128.0.0.1', '127.0.0.1.example.com', 'localhost.example.com', '10.0.0.1', 'api.binance.com']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('ccxtConfigWithCredentials', () => {
  const tmp = tempDir('ziplime-ccxt-creds-');
  afterAll(() => tmp.remove());
  const file = (name: string, text: string, mode = 0o600) => {
    const f = path.join(tmp.dir, name);
    writeFileSync(f, text);
    chmodSync(f, mode);
    return f;
  };

  it('reads dotenv or JSON files; --credentials wins over the variables, which win over ZIPLIME_CCXT_CREDENTIALS', () => {
    const dotenv = file('a.env', 'ZIPLIME_CCXT_API_KEY=fileKey\nZIPLIME_CCXT_SECRET="file secret" # comment\nZIPLIME_CCXT_API_URL=http://127.0.0.1:9/api/v3\n');
    const json = file('b.json', '{"apiKey": "jsonKey", "secret": "jsonSecret"}');
    const env = { ZIPLIME_CCXT_API_KEY: 'envKey', ZIPLIME_CCXT_SECRET: 'envSecret' };
    expect(ccxtConfigWithCredentials({ exchange: 'binance' }, { file: dotenv, env })).toEqual({ exchange: 'binance', apiKey: 'fileKey', secret: 'file secret', apiUrl: 'http://127.0.0.1:9/api/v3', sandbox: false });
    expect(ccxtConfigWithCredentials({ exchange: 'binance' }, { env: { ...env, ZIPLIME_CCXT_CREDENTIALS: json } })).toMatchObject({ apiKey: 'envKey', secret: 'envSecret' });
    expect(ccxtConfigWithCredentials({ exchange: 'binance' }, { env: { ZIPLIME_CCXT_CREDENTIALS: json } })).toMatchObject({ apiKey: 'jsonKey', secret: 'jsonSecret' });
    // an explicit --api-url still wins over the file's
    expect(ccxtConfigWithCredentials({ exchange: 'binance', apiUrl: 'http://127.0.0.1:7' }, { file: dotenv, env: {} }).apiUrl).toBe('http://127.0.0.1:7');
  });

  it('a file readable by others is warned about (its name and mode, never a value); a missing secret names the variable', () => {
    const open = file('open.env', 'ZIPLIME_CCXT_API_KEY=k1\nZIPLIME_CCXT_SECRET=s3cr3t\n', 0o644);
    const warn = vi.fn();
    expect(ccxtConfigWithCredentials({ exchange: 'binance' }, { file: open, env: {}, logger: { warn } as never }).secret).toBe('s3cr3t');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![1])).toBe(`credentials file ${open} is accessible by group or others (mode 0644); run chmod 600 ${open}`);
    const half = file('half.env', 'ZIPLIME_CCXT_API_KEY=k1\n');
    expect(() => ccxtConfigWithCredentials({ exchange: 'binance' }, { file: half, env: {} })).toThrow(`${half}: missing ZIPLIME_CCXT_SECRET`);
  });
});
