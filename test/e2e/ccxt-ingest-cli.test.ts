import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { until } from '../helpers/poll.js';
import { ROOT } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = tempDir('ziplime-ccxt-ingest-e2e-');

beforeAll(() => {
  const r = runCli(['--bundles-dir', tmp.dir, 'ingest', '--source', 'demo-crypto']);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => tmp.remove());

describe('ziplime sim --protocol binance → ziplime ingest --source ccxt → ziplime bundles', () => {
  it('ingests two pairs of minute bars from the running simulator with the exports it prints', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ziplime.js'), '--bundles-dir', tmp.dir, 'sim', '--bundle', 'demo-crypto', '--protocol', 'binance', '--speed', '0', '--start', '2024-12-25T02:00:00Z'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await until(() => stdout.includes('ZIPLIME_CCXT_SECRET'), 'ziplime sim to print its exports', 15_000, 20);
      const env = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      const ingest = runCli(['--bundles-dir', tmp.dir, 'ingest', '-b', 'btc', '--source', 'ccxt', '--exchange', 'binance',
        '--symbols', 'BTC/USDT,ETH/USDT', '--timeframe', '1m', '--start', '2024-12-25', '--end', '2024-12-25'], { env });
      expect(ingest.code, ingest.stderr).toBe(0);
      // at 02:00 UTC minutes 00:00 … 01:59 are complete: 120 a pair
      expect(ingest.stdout).toContain(`bundle 'btc' from ccxt binance BTC/USDT,ETH/USDT 1m 2024-12-25…2024-12-25 on ALWAYS_OPEN: 2 assets, 240 minute bars`);
      const bundles = runCli(['--bundles-dir', tmp.dir, 'bundles', 'btc']);
      expect(bundles.code).toBe(0);
      expect(bundles.stdout).toContain('bar size: minute 1m');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('refuses bad ccxt flags with exit 2', () => {
    const bad = runCli(['--bundles-dir', tmp.dir, 'ingest', '-b', 'x', '--source', 'ccxt', '--exchange', 'binance', '--symbols', 'BTCUSDT',
      '--start', '2024-12-01', '--end', '2024-12-02', '--timeframe', '5m']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--symbols: 'BTCUSDT' is not a ccxt symbol like BTC/USDT");
    expect(bad.stderr).toContain('--timeframe 5m: use 1d, 1h, 1m with --source ccxt');
    const noExchange = runCli(['--bundles-dir', tmp.dir, 'ingest', '-b', 'x', '--source', 'ccxt', '--exchange', 'nosuchexchange', '--symbols', 'BTC/USDT',
      '--start', '2024-12-01', '--end', '2024-12-02']);
    expect(noExchange.code).toBe(2);
    expect(noExchange.stderr).toContain('--exchange nosuchexchange: ccxt');
  });
});
