import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Loading a big CommonJS file with V8's code cache: the packages the build bundles into one file
 * each (the DuckDB client, ~470 KB, compiles ~100 module bodies at every start; commander) are
 * compiled from the cache the build makes (`writeCodeCache`, next to the file as `<file>.cache`),
 * not from source. The cache is only the compiled code: V8 checks it against the source, its own
 * version and flags, and a cache that does not match is ignored (the file is then compiled as usual).
 */

/** The CommonJS module wrapper, as Node's own loader puts it around a file. */
const wrap = (source: string): string => `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;

function compile(file: string, cachedData?: Buffer): vm.Script {
  return new vm.Script(wrap(readFileSync(file, 'utf8')), { filename: file, ...(cachedData ? { cachedData } : {}) });
}

function run(script: vm.Script, file: string): unknown {
  const module = { exports: {} as unknown };
  const body = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: { exports: unknown }, f: string, d: string) => void;
  body.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

/**
 * `require(file)` for a self-contained CommonJS file (its own `require` calls resolve from its
 * folder), compiled with `<file>.cache` when that exists and matches. Unlike `require`, each call
 * loads the file anew: call it once.
 */
export function requireWithCodeCache(file: string): unknown {
  const cacheFile = `${file}.cache`;
  return run(compile(file, existsSync(cacheFile) ? readFileSync(cacheFile) : undefined), file);
}

/**
 * Loads `file` (running it, so the functions its loading runs are compiled too) and writes V8's
 * code cache of it to `<file>.cache`. Returns the cache's size in bytes.
 */
export function writeCodeCache(file: string): number {
  const script = compile(file);
  run(script, file);
  const data = script.createCachedData();
  writeFileSync(`${file}.cache`, data);
  return data.length;
}
