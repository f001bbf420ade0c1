import { compileStrategy, importStrategy, type AnyStrategyDefinition } from '../strategy/load/compile-strategy.js';
import { resolveParams, type ParamSources } from '../strategy/load/strategy-params.js';

/** A strategy file, loaded and with validated params. */
export interface LoadedStrategy {
  /** Absolute path of the file. */
  readonly file: string;
  /** File name without folder and extension (the result's `strategy` label). */
  readonly name: string;
  readonly definition: AnyStrategyDefinition;
  readonly params: Record<string, unknown>;
  /** sha256 (hex) of the text of the file and the files it imports (`CompiledStrategy.hash`). */
  readonly hash: string;
}

/**
 * Loads a `.ts` or `.js` strategy file from anywhere on disk (its `import … from 'ziplime'` resolves
 * to this package), takes the `defineStrategy` default export or plain named hooks, and validates
 * its params. Every problem is a `UsageError` (exit 2) naming the file (and line, for syntax errors).
 */
export async function loadStrategy(file: string, sources: ParamSources = {}): Promise<LoadedStrategy> {
  const compiled = await compileStrategy(file);
  const definition = await importStrategy(compiled);
  const params = resolveParams(definition.params, sources);
  return { file: compiled.file, name: compiled.name, definition, params, hash: compiled.hash };
}
