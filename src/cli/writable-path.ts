import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';

/** The nearest folder of `p` (itself included) that exists. */
function nearestExisting(p: string): string {
  let dir = path.resolve(p);
  while (!existsSync(dir)) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dir;
}

function writable(p: string): boolean {
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks before a run that `file` (given with `flag`, e.g. `-o`) can be written: not a folder,
 * and the file or the folder it will be created in is writable. Throws a `UsageError` otherwise.
 */
export function checkWritableFile(file: string, flag: string): void {
  const abs = path.resolve(file);
  if (existsSync(abs)) {
    if (statSync(abs).isDirectory()) throw new UsageError(`${flag} ${file}: is a folder; give a file name inside it, e.g. ${path.join(file, 'results.json')}`);
    if (!writable(abs)) throw new UsageError(`${flag} ${file}: the file is not writable; change its permissions or write elsewhere`);
    return;
  }
  const dir = nearestExisting(path.dirname(abs));
  if (!statSync(dir).isDirectory()) throw new UsageError(`${flag} ${file}: ${dir} is a file, not a folder`);
  if (!writable(dir)) throw new UsageError(`${flag} ${file}: cannot create it, ${dir} is not writable; write elsewhere`);
}

/** Checks that folder `dir` (given with `flag`) is, or can be created as, a writable folder. */
export function checkWritableDir(dir: string, flag: string): void {
  const abs = path.resolve(dir);
  if (existsSync(abs) && !statSync(abs).isDirectory()) throw new UsageError(`${flag} ${dir}: is a file, not a folder`);
  const existing = nearestExisting(abs);
  if (!statSync(existing).isDirectory()) throw new UsageError(`${flag} ${dir}: ${existing} is a file, not a folder`);
  if (!writable(existing)) throw new UsageError(`${flag} ${dir}: ${existing} is not writable; choose another folder (--bundles-dir or ZIPLIME_BUNDLES_DIR)`);
}
