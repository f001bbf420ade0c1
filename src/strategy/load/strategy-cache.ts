import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What is cached of a compiled strategy: its code and the hash of the files bundled into it. */
export interface CompiledCode {
  readonly code: string;
  readonly hash: string;
}

/**
 * A compiled strategy, what it was compiled for (`key`: path, salt, Node version) and the source
 * files it was compiled from, with their whole content (bytes as latin1 text, one character per byte).
 */
interface CacheEntry extends CompiledCode {
  readonly key: string;
  readonly inputs: readonly (readonly [file: string, content: string])[];
}

/** Where compiled strategies are kept: `ZIPLIME_CACHE_DIR`, else a per-user folder in the temp dir. */
export function strategyCacheDir(): string {
  const fromEnv = process.env.ZIPLIME_CACHE_DIR;
  if (fromEnv) return path.join(fromEnv, 'strategies');
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(os.tmpdir(), `ziplime-cache-${user}`, 'strategies');
}

/**
 * A 64-bit name for an entry (two FNV-1a hashes with different seeds, as hex) of `key` and the
 * strategy's `source`. It only picks the file: the entry itself is checked against the key and
 * the sources, so two keys with one name cost a compile, never a wrong strategy (and loading
 * `node:crypto` for a sha256 costs a run several milliseconds).
 */
function entryName(key: string, source: Buffer): string {
  let a = 0x811c9dc5, b = 0x01000193 ^ 0x5bd1e995;
  const mix = (byte: number) => {
    a = Math.imul(a ^ byte, 0x01000193);
    b = Math.imul(b ^ byte, 0x01000193) ^ (b >>> 13);
  };
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    mix(c & 0xff);
    mix(c >>> 8);
  }
  for (let i = 0; i < source.length; i++) mix(source[i]!);
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * Compiled strategies keyed by the strategy's path, its content, this package's entry and the
 * Node version; an entry is used only while every source file it was compiled from still has,
 * byte for byte, the content it had then, so editing an imported helper file recompiles too. Cache problems
 * (unreadable, corrupt or unwritable entries) are never errors: the strategy is compiled again.
 */
export class StrategyCache {
  constructor(private readonly dir = strategyCacheDir(), private readonly salt = '') {}

  /** What an entry of `abs` is compiled for: its path, the salt and the Node version. */
  private key(abs: string): string {
    return `${abs}\0${this.salt}\0${process.version}`;
  }

  /** The entry file of an `abs` strategy whose content is `source`. */
  private entryFile(abs: string, source: Buffer): string {
    return path.join(this.dir, `${entryName(this.key(abs), source)}.json`);
  }

  /** The compiled code of `abs` (content `source`) when its cache entry is still current. */
  get(abs: string, source: Buffer): CompiledCode | undefined {
    let entry: CacheEntry;
    try {
      entry = JSON.parse(readFileSync(this.entryFile(abs, source), 'utf8')) as CacheEntry;
    } catch {
      return undefined;
    }
    if (entry.key !== this.key(abs) || !Array.isArray(entry.inputs) || typeof entry.code !== 'string' || typeof entry.hash !== 'string') return undefined;
    let sawSource = false;
    for (const [file, content] of entry.inputs) {
      try {
        const now = file === abs ? source : readFileSync(file);
        if (typeof content !== 'string' || now.length !== content.length || now.toString('latin1') !== content) return undefined;
      } catch {
        return undefined;
      }
      if (file === abs) sawSource = true;
    }
    return sawSource ? { code: entry.code, hash: entry.hash } : undefined;
  }

  /**
   * Stores what was compiled from `abs` (content `source`) and the other `inputs` files; the
   * entry is written to a temp file and renamed, so concurrent runs never read half an entry.
   */
  set(abs: string, source: Buffer, compiled: CompiledCode, inputs: readonly string[]): void {
    try {
      const contents: [string, string][] = [];
      for (const file of new Set([abs, ...inputs])) contents.push([file, (file === abs ? source : readFileSync(file)).toString('latin1')]);
      mkdirSync(this.dir, { recursive: true });
      const target = this.entryFile(abs, source);
      const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
      const entry: CacheEntry = { key: this.key(abs), inputs: contents, code: compiled.code, hash: compiled.hash };
      writeFileSync(tmp, JSON.stringify(entry));
      renameSync(tmp, target);
    } catch {
      // a cache that cannot be written only costs the next run a compile
    }
  }
}
