/**
 * CPU time of each thread of a child process, sampled from `/proc/<pid>/task/<tid>/stat` while it
 * runs (Linux only): the main thread, and the other threads sorted by CPU, heaviest first.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Seconds of CPU of the main thread and of every other thread of the process. */
export interface ThreadCpu {
  readonly code: number | null;
  readonly main: number;
  readonly others: readonly number[];
}

/** Whether per-thread CPU can be read on this system. */
export const threadCpuAvailable = (): boolean => existsSync('/proc/self/task');

const TICKS_PER_SECOND = 100;

/** Runs `node args…` in `cwd`, sampling its threads' CPU every 50 ms until it exits. */
export function runWithThreadCpu(args: readonly string[], cwd: string): Promise<ThreadCpu> {
  const child = spawn(process.execPath, args, { cwd, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  const seen = new Map<string, number>();
  const sample = () => {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${child.pid}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      try {
        const stat = readFileSync(`/proc/${child.pid}/task/${t}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        seen.set(t, (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND); // utime + stime
      } catch {
        // the thread ended between listing and reading: its last sample stands
      }
    }
  };
  const timer = setInterval(sample, 50);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(timer);
      const main = seen.get(String(child.pid)) ?? 0;
      const others = [...seen].filter(([t]) => t !== String(child.pid)).map(([, s]) => s).sort((a, b) => b - a);
      resolve({ code, main, others });
    });
  });
}
