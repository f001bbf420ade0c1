import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSweepFile } from '../../src/sweep/sweep-store.js';
import { runCli } from '../helpers/cli.js';
import { freePort, redisServerPath, startRedis, type TestRedis } from '../helpers/redis-server.js';
import { ROOT } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/temp-dir.js';
import { describeWith } from '../helpers/requires.js';

const REDIS = redisServerPath();
const tmp = tempDir('ziplime-e2e-queue-');
let redis: TestRedis;

/** A CLI process running in the background, its output collected. */
interface Running { child: ChildProcess; out: () => string; exited: Promise<number | null> }

function start(args: string[], cwd = ROOT): Running {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ziplime.js'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  child.stdout!.on('data', (d) => { out += String(d); });
  child.stderr!.on('data', (d) => { out += String(d); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, out: () => out, exited };
}

/** Polls `check` every 100 ms; fails the test when it is not true within `timeoutMs`. */
async function until(what: string, check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function within<T>(what: string, p: Promise<T>, timeoutMs = 300_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs); });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const jobLines = (log: string, msg: string) => log.split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).map((l) => JSON.parse(l) as { job: string });
const worker = (name: string, extra: string[] = [], cwd = ROOT, bundlesDir = tmp.dir) =>
  start(['--bundles-dir', bundlesDir, '--log-level', 'info', 'worker', '--queue', redis.url, '--queue-name', name, '-j', '1', '--lock-ms', '2000', ...extra], cwd);
const stopped = async (w: Running) => { if (w.child.exitCode === null) { w.child.kill('SIGTERM'); await within('a worker to stop', w.exited, 30_000); } };

const GRID = ['--grid', 'fast=10,20,30', '--grid', 'slow=60,120'];

/**
 * sma-cross with a 1 ms timer per bar, so a job lasts seconds and a worker can be caught in the
 * middle of one (the example itself now runs a point in a few milliseconds).
 */
function slowStrategy(): string {
  const file = path.join(tmp.dir, 'slow-sma-cross.ts');
  const source = readFileSync(path.join(ROOT, 'strategies', 'sma-cross.ts'), 'utf8');
  const marker = '  async handleData(ctx, data) {\n';
  if (!source.includes(marker)) throw new Error('strategies/sma-cross.ts: handleData not found');
  writeFileSync(file, source.replace(marker, `${marker}    await new Promise((r) => setTimeout(r, 1));\n`));
  return file;
}

describeWith([{ present: REDIS !== null, what: 'redis-server (Debian package redis-server)' }], 'ziplime sweep --queue with ziplime worker processes (real redis-server)', () => {
  beforeAll(async () => {
    redis = await startRedis(REDIS!);
    const r = runCli(['--bundles-dir', tmp.dir, 'ingest']);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await redis?.stop();
    tmp.remove();
  });

  it('a worker killed in the middle of a job: the job runs again elsewhere and every point is stored exactly once, equal to a local sweep', async () => {
    const a = worker('killed'), b = worker('killed');
    try {
      const out = path.join(tmp.dir, 'queue.duckdb');
      const strategy = slowStrategy();
      const sweep = start(['--bundles-dir', tmp.dir, 'sweep', strategy, ...GRID, '-o', out, '--queue', redis.url, '--queue-name', 'killed', '--quiet']);
      // kill worker A while it runs its second job (it has started one more job than it finished)
      await until('worker A to be in the middle of its second job', () => {
        const log = a.out();
        return jobLines(log, 'job started').length >= 2 && jobLines(log, 'job started').length > jobLines(log, 'job done').length;
      });
      const inFlight = jobLines(a.out(), 'job started').at(-1)!.job;
      a.child.kill('SIGKILL');
      const code = await within('the sweep to finish', sweep.exited);
      expect(code, sweep.out()).toBe(0);
      // the stalled job was picked up by worker B once A's lock expired
      expect(jobLines(b.out(), 'job done').map((l) => l.job)).toContain(inFlight);
      const stored = (await readSweepFile(out))!;
      expect(stored.rows).toHaveLength(6);
      expect(new Set(stored.rows.map((r) => r.key)).size).toBe(6);
      expect(stored.rows.filter((r) => r.key === inFlight)).toHaveLength(1);
      // the same points on local threads give the same numbers
      const local = path.join(tmp.dir, 'local.duckdb');
      const r = runCli(['--bundles-dir', tmp.dir, 'sweep', strategy, ...GRID, '-o', local, '-j', '1', '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      const localRows = new Map((await readSweepFile(local))!.rows.map((x) => [x.key, x]));
      for (const row of stored.rows) expect(row.metrics).toEqual(localRows.get(row.key)!.metrics);
    } finally {
      a.child.kill('SIGKILL');
      await stopped(b);
    }
  }, 600_000);

  it('Ctrl-C on the submitting sweep leaves the queue resumable with --resume; nothing is stored twice', async () => {
    const b = worker('resume');
    try {
      const out = path.join(tmp.dir, 'resume.duckdb');
      const args = ['--bundles-dir', tmp.dir, 'sweep', 'strategies/sma-cross.ts', '--grid', 'fast=5..40:5', '--grid', 'slow=100', '-o', out, '--queue', redis.url, '--queue-name', 'resume', '--quiet'];
      const first = start(args);
      await until('two jobs done', () => jobLines(b.out(), 'job done').length >= 2);
      first.child.kill('SIGINT');
      expect(await within('the interrupted sweep to exit', first.exited, 60_000)).toBe(130);
      expect(first.out()).toMatch(/interrupted: \d+ of 8 points stored .*--resume/);
      const again = start([...args, '--resume']);
      expect(await within('the resumed sweep', again.exited), again.out()).toBe(0);
      const stored = (await readSweepFile(out))!;
      expect(stored.rows.map((r) => r.point.fast).sort((x, y) => Number(x) - Number(y))).toEqual([5, 10, 15, 20, 25, 30, 35, 40]);
      // each point ran once on the worker: the interrupted sweep's jobs were collected, not queued again
      const ran = jobLines(b.out(), 'job done').map((l) => l.job);
      expect(new Set(ran).size).toBe(ran.length);
    } finally {
      await stopped(b);
    }
  }, 600_000);

  it('a worker with a different strategy file or bundle refuses the job with a clear error', async () => {
    // a worker whose working folder has an edited copy of the strategy
    const elsewhere = path.join(tmp.dir, 'elsewhere');
    mkdirSync(path.join(elsewhere, 'strategies'), { recursive: true });
    writeFileSync(path.join(elsewhere, 'strategies', 'sma-cross.ts'), `${readFileSync(path.join(ROOT, 'strategies', 'sma-cross.ts'), 'utf8')}\n// edited\n`);
    const c = worker('refuse-strategy', [], elsewhere);
    try {
      const r = runCli(['--bundles-dir', tmp.dir, 'sweep', 'strategies/sma-cross.ts', '--grid', 'fast=7', '-o', path.join(tmp.dir, 'refused.duckdb'),
        '--queue', redis.url, '--queue-name', 'refuse-strategy', '--quiet'], { timeoutMs: 300_000 });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/strategy strategies\/sma-cross\.ts on this worker \(hash \w+\) differs from the sweep's/);
    } finally {
      await stopped(c);
    }
    // a worker whose bundle 'demo' holds other data
    const otherBundles = path.join(tmp.dir, 'other-bundles');
    const csv = path.join(tmp.dir, 'AAPL.csv');
    writeFileSync(csv, 'date,open,high,low,close,volume\n2024-01-02,1,1,1,1,100\n2024-01-03,1,1,1,1,100\n');
    const ing = runCli(['--bundles-dir', otherBundles, 'ingest', '-b', 'demo', '--source', 'csv', '--path', csv, '--calendar', 'XNYS']);
    expect(ing.code, ing.stderr).toBe(0);
    const d = worker('refuse-bundle', [], ROOT, otherBundles);
    try {
      const r = runCli(['--bundles-dir', tmp.dir, 'sweep', 'strategies/sma-cross.ts', '--grid', 'fast=7', '-o', path.join(tmp.dir, 'refused2.duckdb'),
        '--queue', redis.url, '--queue-name', 'refuse-bundle', '--quiet'], { timeoutMs: 300_000 });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/bundle 'demo' on this worker \(version \w+\) differs from the sweep's/);
    } finally {
      await stopped(d);
    }
  }, 600_000);

  it('Redis unreachable: the sweep fails at once with what to do', async () => {
    const port = await freePort();
    const r = runCli(['--bundles-dir', tmp.dir, 'sweep', 'strategies/sma-cross.ts', '--grid', 'fast=7', '-o', path.join(tmp.dir, 'none.duckdb'), '--queue', `redis://127.0.0.1:${port}/0`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`cannot reach Redis at 127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED.*\\); start redis-server there or fix --queue`));
  }, 120_000);

  it('a worker started before Redis reconnects with backoff and then runs jobs', async () => {
    const port = await freePort();
    const late = start(['--bundles-dir', tmp.dir, '--log-level', 'info', 'worker', '--queue', `redis://127.0.0.1:${port}/0`, '-j', '1']);
    try {
      await until('the worker to report the unreachable server', () => /reconnecting with backoff/.test(late.out()), 60_000);
      const server = await startRedis(REDIS!, port);
      try {
        const r = runCli(['--bundles-dir', tmp.dir, 'sweep', 'strategies/sma-cross.ts', '--grid', 'fast=9', '-s', '2024-01-02', '-o', path.join(tmp.dir, 'late.duckdb'),
          '--queue', `redis://127.0.0.1:${port}/0`, '--quiet'], { timeoutMs: 300_000 });
        expect(r.code, r.stderr).toBe(0);
        await until('the worker log of the job', () => jobLines(late.out(), 'job done').length === 1, 30_000);
      } finally {
        await stopped(late);
        await server.stop();
      }
    } finally {
      late.child.kill('SIGKILL');
    }
  }, 600_000);
});

