import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openBundle } from '../../../src/data/registry.js';
import { runIngest, type IngestCommand } from '../../../src/runtime/ingest.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** A temp folder per test (removed afterwards) with helpers to write fixture files and ingest them. */
export function ingestWorkspace() {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => {
    while (dirs.length) dirs.pop()!.remove();
  });
  return () => {
    const t = tempDir('ziplime-data-');
    dirs.push(t);
    const bundlesDir = path.join(t.dir, 'bundles');
    return {
      dir: t.dir,
      bundlesDir,
      /** Writes `lines` (joined with \n) to `relative` and returns its absolute path. */
      write(relative: string, lines: readonly string[]): string {
        const p = path.join(t.dir, relative);
        mkdirSync(path.dirname(p), { recursive: true });
        writeFileSync(p, `${lines.join('\n')}\n`);
        return p;
      },
      ingest(cmd: Omit<IngestCommand, 'bundlesDir'>) {
        return runIngest({ bundlesDir, ...cmd });
      },
      open(name: string) {
        return openBundle(bundlesDir, name);
      },
    };
  };
}

/** Midnight UTC of a day, the daily `ts` convention. */
export const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);
