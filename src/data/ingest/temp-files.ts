import { rmSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Files of one temp bundle: the DuckDB file, its write-ahead log and DuckDB's own temp folder. */
const tempSet = (file: string) => [file, `${file}.wal`, `${file}.tmp`];

/** The temp file an ingest writes `finalName` into: `.tmp-<pid>-<finalName>` (the pid tells a live ingest from a killed one). */
export function tempFileName(finalName: string, pid = process.pid): string {
  return `.tmp-${pid}-${finalName}`;
}

/** Removes a temp bundle file with its companions. */
export async function removeTemp(file: string): Promise<void> {
  for (const p of tempSet(file)) await rm(p, { recursive: true, force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const UNNAMED_STALE_MS = 3_600_000;

/**
 * Temp files in bundle folder `dir` that no running ingest owns: their process is gone (or, for
 * names without a pid, they are untouched for an hour).
 */
export async function staleTempFiles(dir: string): Promise<string[]> {
  const stale: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return stale;
  }
  for (const f of names.filter((x) => x.startsWith('.tmp-'))) {
    const p = path.join(dir, f);
    const pid = /^\.tmp-(\d+)-/.exec(f)?.[1];
    if (pid !== undefined ? Number(pid) !== process.pid && !alive(Number(pid)) : Date.now() - (await stat(p)).mtimeMs > UNNAMED_STALE_MS) stale.push(p);
  }
  return stale;
}

/** Removes the stale temp files of bundle folder `dir`; returns them. */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const stale = await staleTempFiles(dir);
  for (const p of stale) await rm(p, { recursive: true, force: true });
  return stale;
}

/**
 * Until disposed, Ctrl-C or a termination signal removes the temp bundle `file` (and `dir` when
 * `removeDir`, a folder the ingest created) before the process ends as the signal says.
 */
export function removeOnSignal(file: string, dir: string, removeDir: boolean): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const handler = (signal: NodeJS.Signals) => {
    dispose();
    for (const p of tempSet(file)) rmSync(p, { recursive: true, force: true });
    if (removeDir) rmSync(dir, { recursive: true, force: true });
    process.kill(process.pid, signal);
  };
  const dispose = () => { for (const s of signals) process.off(s, handler); };
  for (const s of signals) process.on(s, handler);
  return dispose;
}
