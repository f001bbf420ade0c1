/**
 * Sweep throughput (issue 13): a 1,000-point SMA-cross grid (fast 5…100 step 5 × slow 110…600
 * step 10) over 10 years of daily bars of one asset. Points per second of `ziplime sweep` with 1
 * and 2 worker threads (whole process, start-up included), against the same points run as
 * separate `ziplime backtest` processes (a sample of them, timed one after another), and through
 * BullMQ with two local `ziplime worker` processes when `redis-server` is installed.
 * The machine is shared: each sweep figure is the best of two runs. On Linux, one more 2-worker
 * run reports the CPU per point of the worker threads, the submitting (main) thread and the
 * other threads (garbage collector, compiler, DuckDB, libuv): on two cores, 2 × worker CPU /
 * total CPU bounds the 2-worker scaling.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { getCalendar } from '../../src/calendar/index.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/temp-dir.js';
import { runWithThreadCpu, threadCpuAvailable } from './thread-cpu.js';
import type { BenchRow } from './types.js';

const GRID = ['--grid', 'fast=5..100:5', '--grid', 'slow=110..600:10'];
const POINTS = 20 * 50;
/** Separate backtest processes timed (their rate stands for all 1,000). */
const PROCESS_SAMPLE = 20;

function sweepSeconds(bundlesDir: string, workers: number, out: string): number {
  let best = Infinity;
  for (let k = 0; k < 2; k++) {
    const t0 = performance.now();
    const r = runCli(['--bundles-dir', bundlesDir, 'sweep', 'strategies/sma-cross.ts', '-b', 'one', '--param', 'symbol=ONE', '--benchmark', 'none',
      ...GRID, '-j', String(workers), '-o', out, '--quiet'], { timeoutMs: 3_600_000 });
    if (r.code !== 0) throw new Error(`sweep -j ${workers} failed: ${r.stderr}`);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

/** CPU seconds per point of a 2-worker sweep: worker threads, main thread, everything else. */
async function cpuSplit(bundlesDir: string, out: string): Promise<{ workers: number; main: number; other: number }> {
  const r = await runWithThreadCpu([path.join(ROOT, 'bin', 'ziplime.js'), '--bundles-dir', bundlesDir, 'sweep', 'strategies/sma-cross.ts', '-b', 'one',
    '--param', 'symbol=ONE', '--benchmark', 'none', ...GRID, '-j', '2', '-o', out, '--quiet'], ROOT);
  if (r.code !== 0) throw new Error(`sweep -j 2 failed (exit ${r.code})`);
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  return { workers: sum(r.others.slice(0, 2)) / POINTS, main: r.main / POINTS, other: sum(r.others.slice(2)) / POINTS };
}

/** Runs the sweep benchmarks. */
export async function run(): Promise<BenchRow[]> {
  const tmp = tempDir('ziplime-bench-sweep-');
  try {
    const cal = getCalendar('XNYS');
    const s0 = cal.sessionOnOrAfter('2015-01-02'), s1 = cal.sessionOnOrBefore('2024-12-31');
    const csv = path.join(tmp.dir, 'ONE.csv');
    const lines = ['date,open,high,low,close,volume'];
    let p = 100;
    for (let s = s0, k = 0; s <= s1; s++, k++) {
      p *= 1 + 0.012 * Math.sin(k / 37) + 0.004 * Math.cos(k / 5);
      const c = Math.round(p * 100) / 100;
      lines.push(`${cal.sessions[s]},${c},${c},${c},${c},1000000`);
    }
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const ing = runCli(['--bundles-dir', tmp.dir, 'ingest', '-b', 'one', '--source', 'csv', '--path', csv, '--calendar', 'XNYS'], { timeoutMs: 600_000 });
    if (ing.code !== 0) throw new Error(`ingest failed: ${ing.stderr}`);
    const bars = s1 - s0 + 1;

    const one = sweepSeconds(tmp.dir, 1, path.join(tmp.dir, 'j1.duckdb'));
    const two = sweepSeconds(tmp.dir, 2, path.join(tmp.dir, 'j2.duckdb'));
    let processSeconds = 0;
    for (let i = 0; i < PROCESS_SAMPLE; i++) {
      const t0 = performance.now();
      const r = runCli(['--bundles-dir', tmp.dir, 'backtest', 'strategies/sma-cross.ts', '-b', 'one', '--param', 'symbol=ONE', '--benchmark', 'none',
        '--param', `fast=${5 + 5 * (i % 20)}`, '--param', `slow=${110 + 10 * i}`, '--quiet'], { cwd: ROOT });
      if (r.code !== 0) throw new Error(`backtest failed: ${r.stderr}`);
      processSeconds += (performance.now() - t0) / 1000;
    }
    const processRate = PROCESS_SAMPLE / processSeconds;
    const rate1 = POINTS / one, rate2 = POINTS / two;
    const label = `${POINTS.toLocaleString('en-US')}-point SMA grid, 1 asset × ${bars.toLocaleString('en-US')} daily bars`;
    const rows: BenchRow[] = [
      { benchmark: `sweep, ${label}, 1 worker`, value: rate1, unit: 'points/s', ratio: `${(rate1 / processRate).toFixed(1)}× separate backtest processes` },
      { benchmark: `sweep, same grid, 2 workers`, value: rate2, unit: 'points/s', ratio: `${(rate2 / rate1).toFixed(2)}× 1 worker`, target: '≥ 1.7× 1 worker' },
      { benchmark: `same points as separate \`ziplime backtest\` processes (${PROCESS_SAMPLE} timed)`, value: processRate, unit: 'points/s' },
    ];
    if (threadCpuAvailable()) {
      const cpu = await cpuSplit(tmp.dir, path.join(tmp.dir, 'cpu.duckdb'));
      const total = cpu.workers + cpu.main + cpu.other, ms = (s: number) => (s * 1000).toFixed(2);
      rows.push({
        benchmark: 'same grid, 2 workers: CPU per point (all threads)', value: total * 1000, unit: 'ms',
        ratio: `workers ${ms(cpu.workers)}, main thread ${ms(cpu.main)}, other threads ${ms(cpu.other)} ms; 2 × workers / total = ${(2 * cpu.workers / total).toFixed(2)}×`,
      });
    }
    const queue = await import('./sweep-queue-bench.js').then((m) => m.queueRate(tmp.dir, GRID, POINTS)).catch((err: Error) => {
      process.stderr.write(`sweep through BullMQ not measured: ${err.message}\n`);
      return null;
    });
    if (queue !== null) rows.push({ benchmark: 'same grid through BullMQ, 2 local `ziplime worker` processes', value: queue, unit: 'points/s', ratio: `${(queue / rate2).toFixed(2)}× 2 worker threads` });
    return rows;
  } finally {
    tmp.remove();
  }
}
