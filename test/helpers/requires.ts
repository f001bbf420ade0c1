import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { hasSharedData } from './shared-data.js';

/** Headless Chromium for the HTML report tests (`CHROMIUM` overrides the path). */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** What a test may need from the machine, with the words a skip prints. */
export const needs = {
  sharedData: (relative = '') => ({ present: hasSharedData(relative), what: `../shared/data${relative ? `/${relative}` : ''}` }),
  chromium: () => ({ present: existsSync(CHROMIUM), what: `chromium (${CHROMIUM})` }),
  redis: () => ({ present: spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0, what: 'redis-server on the PATH' }),
  script: () => ({ present: spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0, what: 'the `script` utility (util-linux)' }),
};

/** A requirement: whether it is met and what it is. */
export interface Need {
  present: boolean;
  what: string;
}

/**
 * `describe` that runs only when every need is met. Otherwise it prints `skipped: NAME (needs
 * WHAT)` and the suite shows as skipped with the same words — or, with `ZIPLIME_NO_SKIP=1` (set
 * by `.ci/run`), it fails instead, so nothing is silently skipped in CI.
 */
export function describeWith(list: readonly Need[], name: string, fn: () => void): void {
  const missing = list.filter((n) => !n.present).map((n) => n.what);
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  const why = `needs ${missing.join(', ')}`;
  if (process.env.ZIPLIME_NO_SKIP === '1') {
    describe(name, () => it(`is not skipped in CI: ${why}`, () => { throw new Error(`${name}: ${why}, which this machine lacks`); }));
    return;
  }
  console.warn(`skipped: ${name} (${why})`);
  describe.skip(`${name} (${why})`, fn);
}
