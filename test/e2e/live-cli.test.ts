import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { exitOf, startCli } from './live-process.js';

const strategy = path.join('strategies', 'sma-cross.ts');
const NO_KEYS = { APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' };

describe('ziplime live refuses what it must', () => {
  it('without credentials: exit 2 naming the variables, never their values', async () => {
    const proc = startCli(['live', strategy, '--broker', 'alpaca'], NO_KEYS);
    expect((await exitOf(proc, 30_000)).code).toBe(2);
    expect(proc.stderr()).toMatch(/credentials missing: set APCA_API_KEY_ID and APCA_API_SECRET_KEY/);
  });

  it('on the real-money host without --yes: exit 2 before any request', async () => {
    const proc = startCli(['live', strategy, '--broker', 'alpaca'], {
      APCA_API_KEY_ID: 'AKSECRETKEYID', APCA_API_SECRET_KEY: 'verysecret', APCA_API_BASE_URL: 'https://api.alpaca.markets',
    });
    expect((await exitOf(proc, 30_000)).code).toBe(2);
    expect(proc.stderr()).toMatch(/refusing to trade real money on https:\/\/api\.alpaca\.markets without --yes/);
    expect(proc.stderr()).not.toMatch(/verysecret|AKSECRETKEYID/);
  });

  it("--broker ccxt on the exchange's production API without --yes: exit 2 before any request", async () => {
    const proc = startCli(['live', strategy, '--broker', 'ccxt', '--exchange', 'binance'], {
      ZIPLIME_CCXT_API_KEY: 'CCXTKEY0123', ZIPLIME_CCXT_SECRET: 'ccxtverysecret', ZIPLIME_CCXT_API_URL: '', BINANCE_API_URL: '', ZIPLIME_CCXT_SANDBOX: '',
    });
    expect((await exitOf(proc, 30_000)).code).toBe(2);
    expect(proc.stderr()).toMatch(/refusing to trade real money on api\.binance\.com \(binance\) without --yes; use --sandbox/);
    expect(proc.stderr()).not.toMatch(/ccxtverysecret|CCXTKEY0123/);
  });

  it('ccxt options with another venue are a usage error naming the option', async () => {
    const proc = startCli(['live', strategy, '--broker', 'alpaca', '--exchange', 'binance'], NO_KEYS);
    expect((await exitOf(proc, 30_000)).code).toBe(2);
    expect(proc.stderr()).toMatch(/--exchange 'binance': only with --broker ccxt/);
  });

  it('--stream-url with another venue, or not a URL, is a usage error naming it', async () => {
    const other = startCli(['live', strategy, '--broker', 'alpaca', '--stream-url', 'ws://127.0.0.1:9/ws'], NO_KEYS);
    expect((await exitOf(other, 30_000)).code).toBe(2);
    expect(other.stderr()).toMatch(/--stream-url 'ws:\/\/127\.0\.0\.1:9\/ws': only with --broker ccxt/);
    const bad = startCli(['live', strategy, '--broker', 'ccxt', '--exchange', 'binance', '--stream-url', 'nowhere'], NO_KEYS);
    expect((await exitOf(bad, 30_000)).code).toBe(2);
    expect(bad.stderr()).toMatch(/--stream-url 'nowhere'/);
  });

  it('a bad option is a usage error naming it', async () => {
    const t = tempDir();
    try {
      const proc = startCli(['live', strategy, '--broker', 'ibkr', '--state-dir', t.dir], NO_KEYS);
      expect((await exitOf(proc, 30_000)).code).toBe(2);
      expect(proc.stderr()).toMatch(/--broker 'ibkr': the brokers are 'alpaca' and 'ccxt'/);
    } finally {
      t.remove();
    }
  });
});
