import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/shared-data.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { CONTRACT_MINUTES, ingestContractBundle } from '../contract/contract-bundle.js';
import { until } from '../helpers/poll.js';

const tmp = tempDir('ziplime-sim-ingest-e2e-');
let bundlesDir: string;

beforeAll(async () => {
  ({ bundlesDir } = await ingestContractBundle(tmp.dir));
});
afterAll(() => tmp.remove());

describe('ziplime sim → ziplime ingest --source alpaca → ziplime bundles', () => {
  it('ingests two symbols from the running simulator', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ziplime.js'), '--bundles-dir', bundlesDir, 'sim', '--bundle', 'contract', '--speed', '0', '--start', '2024-10-01T14:30:00Z'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await until(() => stdout.includes('APCA_API_SECRET_KEY'), 'ziplime sim to print its exports', 15_000, 20);
      const env = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      const ingest = runCli(['--bundles-dir', bundlesDir, 'ingest', '-b', 'alp', '--source', 'alpaca', '--symbols', 'AAA,BBB',
        '--start', '2024-10-01', '--end', '2024-10-01', '--timeframe', '1Min'], { env });
      expect(ingest.code, ingest.stderr).toBe(0);
      // at 10:30 New York every bar of the contract session (09:30 … 10:09, 40 a symbol) is complete
      expect(ingest.stdout).toContain(`2 assets, ${2 * CONTRACT_MINUTES} minute bars 2024-10-01 … 2024-10-01`);
      const bundles = runCli(['--bundles-dir', bundlesDir, 'bundles', 'alp']);
      expect(bundles.code).toBe(0);
      expect(bundles.stdout).toMatch(/^alp\s+1\s+alpaca/m);
      expect(bundles.stdout).toMatch(/source\s+alpaca AAA,BBB 1Min/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('refuses alpaca flags without --source alpaca, and bad alpaca flags, with exit 2', () => {
    const stray = runCli(['--bundles-dir', bundlesDir, 'ingest', '-b', 'x', '--symbols', 'AAA', '--start', '2024-10-01']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--symbols, --start are used only with --source alpaca or ccxt, not with --source demo');
    const bad = runCli(['--bundles-dir', bundlesDir, 'ingest', '-b', 'x', '--source', 'alpaca', '--symbols', 'AAA',
      '--start', '2024-10-01', '--end', '2024-13-01', '--timeframe', '5Min']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--end 2024-13-01: expected a date YYYY-MM-DD');
    expect(bad.stderr).toContain('--timeframe 5Min: use 1Day or 1Min');
    expect(runCli(['--bundles-dir', bundlesDir, 'bundles']).stdout).not.toMatch(/^\W*x\W/m);
  });
});
