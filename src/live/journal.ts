import { closeSync, existsSync, fchmodSync, fsync, fsyncSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE, ensurePrivateDir } from '../core/private-files.js';
import { ZiplimeError } from '../core/errors.js';
import type { OrderStatus, OrderStyle } from '../model/order.js';

/** A process started (or restarted) trading with this journal. */
export interface StartEntry {
  readonly type: 'start';
  /** Prefix of this process's client order ids (`<base>.<incarnation>`). */
  readonly runId: string;
  /** Stable across restarts of the same state directory. */
  readonly base: string;
  readonly incarnation: number;
  readonly mode: 'paper' | 'live';
  readonly broker: string;
  readonly account: string;
  readonly strategy: string;
  /** Starting cash of the books (paper: `--capital`; live: the account's equity at the first start). */
  readonly capital: number;
}

/** An order the strategy decided to place, written before it is sent. */
export interface IntentEntry {
  readonly type: 'intent';
  readonly cid: string;
  readonly sid: number;
  readonly symbol: string;
  readonly amount: number;
  readonly style: OrderStyle;
  /** Strategy time (epoch ms). */
  readonly dt: number;
}

/** An order's state as the broker reported it (acknowledgement, cancel, rejection, …). */
export interface OrderEntry {
  readonly type: 'order';
  readonly cid: string;
  /** Broker order id ('' when the broker never answered). */
  readonly id: string;
  readonly sid: number;
  readonly symbol: string;
  readonly amount: number;
  readonly filled: number;
  readonly status: OrderStatus;
  readonly reason: string | null;
  readonly dt: number;
}

/** One execution, applied to the books once per `executionId`. */
export interface FillEntry {
  readonly type: 'fill';
  readonly executionId: string;
  readonly orderId: string;
  readonly cid: string;
  readonly sid: number;
  readonly symbol: string;
  readonly amount: number;
  readonly price: number;
  readonly commission: number;
  readonly dt: number;
}

/** Differences found between our books and the broker, and what was done about them. */
export interface ReconcileEntry {
  readonly type: 'reconcile';
  readonly trigger: 'start' | 'reconnect' | 'shutdown';
  readonly differences: readonly string[];
}

/** The process stopped on purpose. */
export interface StopEntry {
  readonly type: 'stop';
  readonly reason: string;
  readonly openOrders: number;
  readonly onExit: 'cancel' | 'keep';
}

/** Everything a journal line can hold (plus `seq` and wall time `at`, added on append). */
export type JournalEntry = StartEntry | IntentEntry | OrderEntry | FillEntry | ReconcileEntry | StopEntry;

/** A journal line as stored: the entry, its sequence number and the wall time it was written. */
export type JournalRecord = JournalEntry & { readonly seq: number; readonly at: string };

/** What reading a journal found: its records and whether a torn last line was skipped. */
export interface JournalContents {
  readonly records: JournalRecord[];
  /** 1-based line numbers of torn lines skipped (a crash mid-write leaves a record cut short). */
  readonly skippedLines: number[];
}

/** File name of the journal inside a state directory. */
export const JOURNAL_FILE = 'journal.jsonl';

/** Reads every record of a journal file (an absent file is an empty journal). */
export function readJournal(file: string): JournalContents {
  if (!existsSync(file)) return { records: [], skippedLines: [] };
  const lines = readFileSync(file, 'utf8').split('\n');
  const records: JournalRecord[] = [];
  const skippedLines: number[] = [];
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === '') last--;
  for (let i = 0; i <= last; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      const r = JSON.parse(line) as JournalRecord;
      if (typeof r !== 'object' || r === null || typeof r.type !== 'string') throw new Error('not an entry');
      records.push(r);
    } catch {
      const torn = line.startsWith('{') && !line.endsWith('}');
      if (i < last && !torn) throw new ZiplimeError(`${file}:${i + 1}: journal line is not valid JSON; restore the file from a backup or move it away to start fresh`);
      skippedLines.push(i + 1);
    }
  }
  return { records, skippedLines };
}

/**
 * The append-only order journal of a live or paper session: one JSON line per order event. Each
 * entry is written with one `write` before `append` returns — from then on it survives the
 * process being killed (SIGKILL), so an intent written before a POST is never lost — and each
 * entry requests an `fsync`, run in the background and coalesced with the entries written
 * meanwhile (so a power loss can take at most the last few milliseconds); `flush` waits for it.
 */
export class Journal {
  readonly file: string;
  private fd: number | undefined;
  private seq: number;
  private syncing: Promise<void> | undefined;
  private dirty = false;
  /** The last background fsync failure, if any (reported by `flush`). */
  private failure: Error | undefined;

  /** Opens (creating folders as needed) `<dir>/journal.jsonl` for appending after `lastSeq`. */
  constructor(dir: string, lastSeq = 0) {
    ensurePrivateDir(dir, true);
    this.file = path.join(dir, JOURNAL_FILE);
    this.fd = openSync(this.file, 'a+', PRIVATE_FILE_MODE);
    fchmodSync(this.fd, PRIVATE_FILE_MODE);
    this.seq = lastSeq;
    if (!endsWithNewline(this.fd, this.file)) writeSync(this.fd, '\n');
  }

  /** Appends an entry (written at once, fsynced in the background); returns the stored record. */
  append<E extends JournalEntry>(entry: E): E & { seq: number; at: string } {
    if (this.fd === undefined) throw new ZiplimeError(`journal ${this.file} is closed; no more order events can be recorded`);
    const record = { seq: ++this.seq, at: new Date().toISOString(), ...entry };
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    this.dirty = true;
    this.syncing ??= this.syncLoop();
    return record;
  }

  /** Resolves once every entry appended so far is on disk. */
  async flush(): Promise<void> {
    await this.syncing;
    if (this.failure) throw new ZiplimeError(`journal ${this.file}: cannot flush to disk (${this.failure.message}); check the disk`, 1, { cause: this.failure });
  }

  private async syncLoop(): Promise<void> {
    while (this.dirty && this.fd !== undefined) {
      this.dirty = false;
      const fd = this.fd;
      await new Promise<void>((resolve) => fsync(fd, (err) => {
        if (err && this.fd !== undefined) this.failure = err;
        resolve();
      }));
    }
    this.syncing = undefined;
  }

  /** Sequence number of the last record written. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Flushes (synchronously) and closes the file (idempotent). */
  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    fsyncSync(fd);
    closeSync(fd);
  }
}

/** False when the file is non-empty and its last byte is not a newline (a torn write). */
function endsWithNewline(fd: number, file: string): boolean {
  const size = statSync(file).size;
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}
