import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What is cached of a compiled strategy: its code and the hash of the files bundled into it. */
export interface CompiledCode {
  readonly code: string;
  readonly hash: string;
}

/** A compiled strategy and the source files it was compiled from, with their content hashes. */
interface CacheEntry extends CompiledCode {
  readonly inputs: readonly (readonly [file: string, sha256: string])[];
}

/** Where compiled strategies are kept: `ZIPLIME_CACHE_DIR`, else a per-user folder in the temp dir. */
export function strategyCacheDir(): string {
  const fromEnv = process.env.ZIPLIME_CACHE_DIR;
  if (fromEnv) return path.join(fromEnv, 'strategies');
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(os.tmpdir(), `ziplime-cache-${user}`, 'strategies');
}

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/**
 * Compiled strategies keyed by the strategy's path, its content, this package's entry and the
 * Node version; an entry is used only while every source file it was compiled from still has
 * the content it had then, so editing an imported helper file recompiles too. Cache problems
 * (unreadable, corrupt or unwritable entries) are never errors: the strategy is compiled again.
 */
export class StrategyCache {
  constructor(private readonly dir = strategyCacheDir(), private readonly salt = '') {}

  /** The entry file of an `abs` strategy whose content is `source`. */
  private entryFile(abs: string, source: Buffer): string {
    const key = sha256(`${abs}\0${this.salt}\0${process.version}\0${sha256(source)}`);
    return path.join(this.dir, `${key}.json`);
  }

  /** The compiled code of `abs` (content `source`) when its cache entry is still current. */
  get(abs: string, source: Buffer): CompiledCode | undefined {
    let entry: CacheEntry;
    try {
      entry = JSON.parse(readFileSync(this.entryFile(abs, source), 'utf8')) as CacheEntry;
    } catch {
      return undefined;
    }
    if (!Array.isArray(entry.inputs) || typeof entry.code !== 'string' || typeof entry.hash !== 'string') return undefined;
    for (const [file, hash] of entry.inputs) {
      try {
        if (sha256(readFileSync(file)) !== hash) return undefined;
      } catch {
        return undefined;
      }
    }
    return { code: entry.code, hash: entry.hash };
  }

  /**
   * Stores what was compiled from `abs` (content `source`) and the other `inputs` files; the
   * entry is written to a temp file and renamed, so concurrent runs never read half an entry.
   */
  set(abs: string, source: Buffer, compiled: CompiledCode, inputs: readonly string[]): void {
    try {
      const hashes: [string, string][] = [];
      for (const file of new Set([abs, ...inputs])) hashes.push([file, file === abs ? sha256(source) : sha256(readFileSync(file))]);
      mkdirSync(this.dir, { recursive: true });
      const target = this.entryFile(abs, source);
      const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(tmp, JSON.stringify({ inputs: hashes, code: compiled.code, hash: compiled.hash } satisfies CacheEntry));
      renameSync(tmp, target);
    } catch {
      // a cache that cannot be written only costs the next run a compile
    }
  }
}
