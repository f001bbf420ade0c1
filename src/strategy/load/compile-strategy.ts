import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Message } from 'esbuild';
import { UsageError } from '../../core/errors.js';
import { STRATEGY, type StrategyDefinition } from '../define.js';
import { StrategyCache } from './strategy-cache.js';
import { ENTRY_NAMESPACE, IMPORT_META_DEFINE, ZIPLIME_ENTRY, strategyResolver } from './ziplime-resolver.js';

/** A strategy's definition as imported (params not yet validated). */
export type AnyStrategyDefinition = StrategyDefinition<Record<string, unknown>, Record<string, unknown>>;

const HOOKS = ['initialize', 'beforeTradingStart', 'handleData', 'analyze'] as const;

/**
 * The strategy and its own imported files as one ES module (packages left external), with an
 * inline source map whose sources are the original files, by the paths given (symlinks kept). The
 * map is laid out as if the bundle sat next to the strategy, and `sourceRoot` anchors it there
 * wherever the bundle is written. Also returns the absolute paths of the files bundled. esbuild
 * is imported here, only when a strategy has to be compiled.
 */
async function bundleStrategy(abs: string): Promise<{ code: string; hash: string; inputs: string[] }> {
  const dir = path.dirname(abs);
  const [{ build }, { createHash }] = await Promise.all([import('esbuild'), import('node:crypto')]);
  const result = await build({
    entryPoints: [abs],
    absWorkingDir: dir,
    outfile: path.join(dir, 'strategy.bundle.mjs'),
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    sourcemap: 'inline',
    sourcesContent: false,
    sourceRoot: `${pathToFileURL(dir).href}/`,
    preserveSymlinks: true,
    define: IMPORT_META_DEFINE,
    plugins: [strategyResolver()],
    logLevel: 'silent',
    metafile: true,
  });
  // The hash covers the bundled files' text (by path relative to the strategy), not where they sit on disk.
  const hash = createHash('sha256');
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith(`${ENTRY_NAMESPACE}:`)).sort();
  for (const input of inputs) hash.update(`${input}\0`).update(readFileSync(path.resolve(dir, input))).update('\0');
  return { code: result.outputFiles[0]!.text, hash: hash.digest('hex'), inputs: inputs.map((input) => path.resolve(dir, input)) };
}

/** Version of what `bundleStrategy` makes (2: `ziplime` imported from the modules defining the names). */
const BUNDLE_FORMAT = 2;

/**
 * `bundleStrategy` from the cache when no bundled file changed, else compiled (and cached).
 * Entries are salted with this package's entry, which the compiled code imports, and the format.
 */
async function cachedBundle(abs: string): Promise<{ code: string; hash: string }> {
  const cache = new StrategyCache(undefined, `${ZIPLIME_ENTRY}\0${BUNDLE_FORMAT}`);
  const source = readFileSync(abs);
  const cached = cache.get(abs, source);
  if (cached !== undefined) return cached;
  const { code, hash, inputs } = await bundleStrategy(abs);
  cache.set(abs, source, { code, hash }, inputs);
  return { code, hash };
}

/** The one-line usage error for esbuild's first error: a syntax error or an unresolved import, at file:line. */
function compileError(err: unknown, abs: string): UsageError | undefined {
  const first = (err as { errors?: Message[] })?.errors?.[0];
  if (!first) return undefined;
  const loc = first.location;
  const where = loc ? `${path.resolve(path.dirname(abs), loc.file)}:${loc.line}` : abs;
  return first.text.startsWith('Could not resolve')
    ? new UsageError(`cannot load strategy ${abs}: ${where}: ${first.text}; install the package or fix the import path`, { cause: err })
    : new UsageError(`syntax error in ${where}: ${first.text}`, { cause: err });
}

/** Temp files this process has written (their names are unique in it). */
let importCount = 0;

/**
 * Imports bundled module text through a uniquely named temp `.mjs` file, removed once loaded:
 * the name holds the process id, the time and a count, and the file must not exist yet.
 */
async function importBundle(code: string, name: string): Promise<Record<string, unknown>> {
  const tmp = path.join(os.tmpdir(), `ziplime-${name.replace(/[^\w.-]/g, '_')}-${process.pid}-${Date.now().toString(36)}-${++importCount}.mjs`);
  writeFileSync(tmp, code, { flag: 'wx' });
  try {
    return (await import(pathToFileURL(tmp).href)) as Record<string, unknown>;
  } finally {
    rmSync(tmp, { force: true });
  }
}

function toDefinition(mod: Record<string, unknown>, file: string): AnyStrategyDefinition {
  const def = mod.default as Record<PropertyKey, unknown> | undefined;
  const source = def && typeof def === 'object' && (def[STRATEGY] || HOOKS.some((h) => typeof def[h] === 'function')) ? def : mod;
  for (const hook of HOOKS) {
    if (source[hook] !== undefined && typeof source[hook] !== 'function') {
      throw new UsageError(`${file}: '${hook}' must be a function`);
    }
  }
  if (typeof source.initialize !== 'function' && typeof source.handleData !== 'function') {
    throw new UsageError(`${file}: no strategy found; export default defineStrategy({ initialize, handleData }) or export function initialize/handleData`);
  }
  return source as AnyStrategyDefinition;
}

/** A strategy file compiled to one ES module's text: what a sweep compiles once and hands to its workers. */
export interface CompiledStrategy {
  /** Absolute path of the file. */
  readonly file: string;
  /** File name without folder and extension. */
  readonly name: string;
  /** The bundled module (see `bundleStrategy`). */
  readonly code: string;
  /** sha256 of the text of every file bundled into `code`, by relative path: equal on every machine with the same files. */
  readonly hash: string;
}

/**
 * Compiles a `.ts` or `.js` strategy file, or takes it from the compiled-strategy cache when none
 * of its files changed (`StrategyCache`); every problem is a `UsageError` naming the file (and line).
 */
export async function compileStrategy(file: string): Promise<CompiledStrategy> {
  const abs = path.resolve(file);
  if (!existsSync(abs) || !statSync(abs).isFile()) {
    throw new UsageError(`strategy file not found: ${file}; give the path of a .ts or .js strategy file`);
  }
  const name = path.basename(abs).replace(/\.[cm]?[jt]sx?$/, '');
  try {
    return { file: abs, name, ...(await cachedBundle(abs)) };
  } catch (err) {
    throw compileError(err, abs) ?? new UsageError(`cannot load strategy ${abs}: ${String((err as Error)?.message ?? err).split('\n')[0]}`, { cause: err });
  }
}

/** Imports a compiled file and returns its module; a failure is a `UsageError` naming the file. */
export async function importModule(compiled: CompiledStrategy, what = 'strategy'): Promise<Record<string, unknown>> {
  if (!process.sourceMapsEnabled) process.setSourceMapsEnabled(true);
  try {
    return await importBundle(compiled.code, compiled.name);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(`cannot load ${what} ${compiled.file}: ${message.split('\n')[0]}`, { cause: err });
  }
}

/** Imports a compiled strategy and returns its definition (params not yet validated). */
export async function importStrategy(compiled: CompiledStrategy): Promise<AnyStrategyDefinition> {
  return toDefinition(await importModule(compiled), compiled.file);
}
