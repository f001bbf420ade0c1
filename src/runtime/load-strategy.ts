import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register as registerTsx, tsImport } from 'tsx/esm/api';
import { UsageError } from '../core/errors.js';
import { STRATEGY, type StrategyDefinition } from '../strategy/define.js';
import { resolveParams, type ParamSources } from './strategy-params.js';
import { registerZiplimeResolver, resolverApplies } from './ziplime-resolver.js';

/** A strategy file, loaded and with validated params. */
export interface LoadedStrategy {
  /** Absolute path of the file. */
  readonly file: string;
  /** File name without folder and extension (the result's `strategy` label). */
  readonly name: string;
  readonly definition: StrategyDefinition<Record<string, unknown>, Record<string, unknown>>;
  readonly params: Record<string, unknown>;
}

const HOOKS = ['initialize', 'beforeTradingStart', 'handleData', 'analyze'] as const;

type ImportModule = (url: string) => Promise<Record<string, unknown>>;
let importer: Promise<ImportModule> | undefined;

/**
 * How strategy files are imported, chosen once per process. Where Node's module hooks see our
 * dynamic imports, TypeScript support is registered process-wide and a strategy's `ziplime`
 * resolves to the package instance already loaded. Otherwise (a test runner's own module loader)
 * tsx's scoped import loads the file, and the package again with it, through the same hooks.
 */
function strategyImporter(): Promise<ImportModule> {
  return (importer ??= (async () => {
    registerZiplimeResolver(import.meta.url);
    if (!(await resolverApplies())) return (url) => tsImport(url, import.meta.url) as Promise<Record<string, unknown>>;
    registerTsx();
    return (url) => import(url) as Promise<Record<string, unknown>>;
  })());
}

/** `file:line: message` of a syntax error, from esbuild's or V8's report. */
function syntaxErrorMessage(err: unknown, file: string): string | undefined {
  const e = err as { message?: string; stack?: string; name?: string; errors?: { text: string; location?: { line: number; column: number } }[] };
  const first = e?.errors?.[0];
  if (first) return `${file}:${first.location?.line ?? '?'}: ${first.text}`;
  const message = e?.message ?? '';
  const esbuild = /:(\d+):(\d+): ERROR: (.*)/.exec(message);
  if (esbuild) return `${file}:${esbuild[1]}: ${esbuild[3]}`;
  if (e?.name === 'SyntaxError') {
    const at = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`).exec(e.stack ?? '');
    return `${file}${at ? `:${at[1]}` : ''}: ${message}`;
  }
  return undefined;
}

function toDefinition(mod: Record<string, unknown>, file: string): StrategyDefinition<Record<string, unknown>, Record<string, unknown>> {
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
  return source as StrategyDefinition<Record<string, unknown>, Record<string, unknown>>;
}

/**
 * Loads a `.ts` or `.js` strategy file from anywhere on disk (its `import … from 'ziplime'` resolves
 * to this package), takes the `defineStrategy` default export or plain named hooks, and validates
 * its params. Every problem is a `UsageError` (exit 2) naming the file (and line, for syntax errors).
 */
export async function loadStrategy(file: string, sources: ParamSources = {}): Promise<LoadedStrategy> {
  const abs = path.resolve(file);
  if (!existsSync(abs) || !statSync(abs).isFile()) {
    throw new UsageError(`strategy file not found: ${file}; give the path of a .ts or .js strategy file`);
  }
  const importModule = await strategyImporter();
  if (!process.sourceMapsEnabled) process.setSourceMapsEnabled(true);
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(pathToFileURL(abs).href);
  } catch (err) {
    const syntax = syntaxErrorMessage(err, abs);
    if (syntax) throw new UsageError(`syntax error in ${syntax}`, { cause: err });
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(`cannot load strategy ${abs}: ${message.split('\n')[0]}`, { cause: err });
  }
  const definition = toDefinition(mod, abs);
  const params = resolveParams(definition.params, sources);
  return { file: abs, name: path.basename(abs).replace(/\.[cm]?[jt]s$/, ''), definition, params };
}
