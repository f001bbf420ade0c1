import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/shared-data.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ingestContractBundle } from '../contract/contract-bundle.js';

/** `ziplime ingest` passes `--symbols/--start/--end/--timeframe` to the alpaca source once its CLI declares them. */
const cliHasAlpacaFlags = runCli(['ingest', '--help']).stdout.includes('--symbols');
const tmp = tempDir('ziplime-sim-ingest-e2e-');
let bundlesDir: string;

beforeAll(async () => {
  ({ bundlesDir } = await ingestContractBundle(tmp.dir));
});
afterAll(() => tmp.remove());

describe.skipIf(!cliHasAlpacaFlags)('ziplime sim → ziplime ingest --source alpaca → ziplime bundles', () => {
  it('ingests two symbols from the running simulator', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ziplime.js'), '--bundles-dir', bundlesDir, 'sim', '--bundle', 'contract', '--speed', '0', '--start', '2024-10-01T14:30:00Z'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 300 && !stdout.includes('APCA_API_SECRET_KEY'); i++) await delay(50);
      const env = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      const ingest = runCli(['--bundles-dir', bundlesDir, 'ingest', '-b', 'alp', '--source', 'alpaca', '--symbols', 'AAA,BBB',
        '--start', '2024-10-01', '--end', '2024-10-01', '--timeframe', '1Min'], { env });
      expect(ingest.code, ingest.stderr).toBe(0);
      const bundles = runCli(['--bundles-dir', bundlesDir, 'bundles']);
      expect(bundles.code).toBe(0);
      expect(bundles.stdout).toContain('alp');
      expect(bundles.stdout).toMatch(/alpaca AAA,BBB 1Min/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
