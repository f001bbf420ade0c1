import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/shared-data.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ingestContractBundle } from '../contract/contract-bundle.js';
import { until } from '../helpers/poll.js';

const tmp = tempDir('ziplime-sim-e2e-');
let bundlesDir: string;

beforeAll(async () => {
  ({ bundlesDir } = await ingestContractBundle(tmp.dir));
});
afterAll(() => tmp.remove());

/** Starts `ziplime sim` and resolves with the exported variables once it printed them. */
async function startCli(args: string[]) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ziplime.js'), '--bundles-dir', bundlesDir, 'sim', ...args], {
    cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await until(() => stdout.includes('APCA_API_SECRET_KEY') || child.exitCode !== null, `ziplime sim to print its exports (stderr: ${stderr})`, 15_000, 20);
  if (!stdout.includes('APCA_API_SECRET_KEY')) throw new Error(`ziplime sim exited ${child.exitCode} before printing its exports: ${stderr}`);
  const env = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  return { child, env, exited, output: () => ({ stdout, stderr }) };
}

describe('ziplime sim', () => {
  it('prints ready-to-paste exports, serves the simulated clock, and exits 0 on SIGTERM', async () => {
    const sim = await startCli(['--bundle', 'contract', '--speed', '0', '--key', 'k1', '--secret', 's1']);
    try {
      expect(sim.env.APCA_API_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sim.env.APCA_API_DATA_URL).toBe(sim.env.APCA_API_BASE_URL);
      expect(sim.env.APCA_DATA_BASE_URL).toBe(sim.env.APCA_API_BASE_URL);
      expect(sim.env.APCA_API_STREAM_URL).toBe(sim.env.APCA_API_BASE_URL!.replace('http://', 'ws://'));
      expect([sim.env.APCA_API_KEY_ID, sim.env.APCA_API_SECRET_KEY]).toEqual(['k1', 's1']);
      const res = await fetch(`${sim.env.APCA_API_BASE_URL}/v2/clock`, { headers: { 'APCA-API-KEY-ID': 'k1', 'APCA-API-SECRET-KEY': 's1' } });
      expect(await res.json()).toMatchObject({ timestamp: '2024-10-01T09:30:00.000000000-04:00', is_open: true });
    } finally {
      sim.child.kill('SIGTERM');
    }
    expect(await sim.exited).toBe(0);
  });

  it('refuses a bad option or a missing bundle with exit code 2', () => {
    const r = runCli(['--bundles-dir', bundlesDir, 'sim', '--bundle', 'contract', '--speed', 'fast']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--speed fast');
    const missing = runCli(['--bundles-dir', bundlesDir, 'sim', '--bundle', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("bundle 'nope' not found");
  });
});
