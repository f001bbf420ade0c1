import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './shared-data.js';

/** Runs the built CLI (`node bin/ziplime.js …`) and returns its exit code and output. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): {
  code: number; stdout: string; stderr: string;
} {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'ziplime.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
