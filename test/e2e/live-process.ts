import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { readJournal, type JournalRecord } from '../../src/live/journal.js';
import { ROOT } from '../helpers/shared-data.js';

/** A `ziplime` child process (the built CLI) and its collected output. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `ziplime <args>` with `env` added to the environment. */
export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ziplime.js'), ...args], {
    cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '', err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The journal's records (none while it does not exist). */
export function journal(stateDir: string): JournalRecord[] {
  const file = path.join(stateDir, 'journal.jsonl');
  return existsSync(file) ? readJournal(file).records : [];
}

/** Waits (bounded) until `ready()` holds; fails with what the process printed. */
export async function waitFor(ready: () => boolean, what: string, proc?: CliProcess, maxMs = 60_000): Promise<void> {
  const end = Date.now() + maxMs;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${proc?.stderr() ?? ''}`);
    await delay(3);
  }
}

/** Waits for the process to exit (bounded), killing it when it does not. */
export async function exitOf(proc: CliProcess, maxMs = 60_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), maxMs);
  try {
    return await proc.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** The log lines (JSON) of a log file. */
export function logLines(file: string): { msg: string; [k: string]: unknown }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string });
}
