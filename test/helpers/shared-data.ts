import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `../shared/data` beside the checkout: real market data from other projects' test suites. */
export const SHARED_DATA = path.resolve(ROOT, '..', 'shared', 'data');

/** True when `../shared/data` (or a file inside it) is present; tests that need it skip otherwise. */
export function hasSharedData(relative = ''): boolean {
  return existsSync(path.join(SHARED_DATA, relative));
}

/** Absolute path of a file in `../shared/data`. */
export const sharedData = (relative: string): string => path.join(SHARED_DATA, relative);
