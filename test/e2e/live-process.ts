import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { readJournal, type FillEntry, type IntentEntry, type JournalRecord } from '../../src/live/journal.js';
import { isTerminal } from '../../src/model/order.js';
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

/** Reconciliations at a process start so far (one per process that got that far). */
export function starts(stateDir: string): number {
  return journal(stateDir).filter((r) => r.type === 'reconcile' && r.trigger === 'start').length;
}

/**
 * Waits until at least `intents` order intents are journaled and one from the `intents`-th on is
 * in flight (not yet answered, or open or partly filled: no final status journaled); returns it.
 */
export async function waitForOrderInFlight(stateDir: string, intents: number, proc: CliProcess): Promise<IntentEntry> {
  let inFlight: IntentEntry | undefined;
  await waitFor(() => {
    const records = journal(stateDir);
    const sent = records.filter((r): r is IntentEntry & { seq: number; at: string } => r.type === 'intent');
    if (sent.length < intents) return false;
    const finished = new Set(records.flatMap((r) => (r.type === 'order' && isTerminal(r.status) ? [r.cid] : [])));
    inFlight = sent.slice(intents - 1).findLast((i) => !finished.has(i.cid));
    return inFlight !== undefined;
  }, 'an order in flight', proc);
  return inFlight!;
}

/** A venue order as the journal audit needs it. */
export interface VenueOrderFill { readonly clientOrderId: string; readonly side: 'buy' | 'sell'; readonly filledQty: number }

/**
 * Audits a journal against the venue: every client order id reached the venue at most once and
 * was journaled as one intent (no duplicate order), and per venue order the journaled executions
 * add up to what the venue filled (no lost and no double-counted fill). Returns the problems.
 */
export function journalVersusVenue(stateDir: string, venue: readonly VenueOrderFill[]): string[] {
  const records = journal(stateDir);
  const problems: string[] = [];
  const atVenue = new Map<string, number>();
  for (const o of venue) atVenue.set(o.clientOrderId, (atVenue.get(o.clientOrderId) ?? 0) + 1);
  for (const [cid, n] of atVenue) if (n > 1) problems.push(`${cid}: ${n} orders at the venue`);
  const intents = new Map<string, number>();
  for (const r of records) if (r.type === 'intent') intents.set((r as IntentEntry).cid, (intents.get((r as IntentEntry).cid) ?? 0) + 1);
  for (const [cid, n] of intents) if (n > 1) problems.push(`${cid}: journaled ${n} times`);
  const fills = records.filter((r): r is FillEntry & { seq: number; at: string } => r.type === 'fill');
  const executions = new Set<string>();
  for (const f of fills) {
    if (executions.has(f.executionId)) problems.push(`execution ${f.executionId} journaled twice`);
    executions.add(f.executionId);
  }
  for (const o of venue) {
    const journaled = fills.filter((f) => f.cid === o.clientOrderId).reduce((sum, f) => sum + f.amount, 0);
    const filled = o.side === 'buy' ? o.filledQty : -o.filledQty;
    if (Math.abs(journaled - filled) > 1e-9) problems.push(`${o.clientOrderId}: venue filled ${filled}, journal has ${journaled}`);
  }
  return problems;
}
