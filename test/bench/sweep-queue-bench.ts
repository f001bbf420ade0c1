/** The BullMQ part of the sweep benchmark (see sweep.bench.ts): two local `ziplime worker` processes, one thread each. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { redisServerPath, startRedis } from '../helpers/redis-server.js';
import { ROOT } from '../helpers/shared-data.js';

/** Points per second of `sweep --queue` over the grid, whole submitting process timed (workers already waiting). */
export async function queueRate(bundlesDir: string, grid: readonly string[], points: number): Promise<number> {
  const binary = redisServerPath();
  if (!binary) throw new Error('needs redis-server');
  const redis = await startRedis(binary);
  const workers = [0, 1].map(() => spawn(process.execPath, [path.join(ROOT, 'bin', 'ziplime.js'), '--bundles-dir', bundlesDir, 'worker', '--queue', redis.url, '-j', '1'], { cwd: ROOT, stdio: 'ignore' }));
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const t0 = performance.now();
    const r = runCli(['--bundles-dir', bundlesDir, 'sweep', 'strategies/sma-cross.ts', '-b', 'one', '--param', 'symbol=ONE', '--benchmark', 'none',
      ...grid, '-o', path.join(bundlesDir, 'queue.duckdb'), '--queue', redis.url, '--quiet'], { timeoutMs: 3_600_000 });
    if (r.code !== 0) throw new Error(`sweep --queue failed: ${r.stderr}`);
    return points / ((performance.now() - t0) / 1000);
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((resolve) => (w.exitCode !== null ? resolve(null) : w.once('exit', resolve)))));
    await redis.stop();
  }
}
