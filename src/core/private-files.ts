import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Folders holding a trader's state, logs or results: owner only. */
export const PRIVATE_DIR_MODE = 0o700;
/** Files holding a trader's orders, fills, logs or results: owner read/write only. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and missing parents) readable by the owner only. `own`: the folder belongs to
 * ziplime (a state folder), so an existing one is restricted too; otherwise only folders created
 * here are (an existing results or log folder of the user's keeps its mode).
 */
export function ensurePrivateDir(dir: string, own = false): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (own) chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Creates `file` empty when absent (its folder as by `ensurePrivateDir`) and makes it owner-only. */
export function ensurePrivateFile(file: string): void {
  ensurePrivateDir(path.dirname(path.resolve(file)));
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Makes written files owner-only. */
export async function restrictFiles(files: readonly string[]): Promise<void> {
  await Promise.all(files.map((f) => chmod(f, PRIVATE_FILE_MODE)));
}

/**
 * Writes `text` to `file` owner-only (600), also when the file existed with a wider mode; a
 * folder created for it is 700 (as by `ensurePrivateDir`).
 */
export async function writePrivateFile(file: string, text: string): Promise<void> {
  ensurePrivateDir(path.dirname(path.resolve(file)));
  await writeFile(file, text, { mode: PRIVATE_FILE_MODE });
  await chmod(file, PRIVATE_FILE_MODE);
}
