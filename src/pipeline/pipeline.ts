/** `new Pipeline({ columns, screen })`: named terms computed together, rows kept where the screen passes. */
import type { Filter, Term } from './terms.js';

/** A pipeline's definition. */
export interface PipelineSpec {
  columns?: Record<string, Term>;
  screen?: Filter | null;
}

/** A set of named terms and an optional screen (zipline's `Pipeline`). */
export class Pipeline {
  readonly columns: Record<string, Term>;
  screen: Filter | null;

  constructor(spec: PipelineSpec = {}) {
    this.columns = { ...(spec.columns ?? {}) };
    this.screen = spec.screen ?? null;
  }

  /** Adds a column (replacing one of that name only when `overwrite`). */
  add(term: Term, name: string, overwrite = false): this {
    if (name in this.columns && !overwrite) throw new Error(`pipeline column '${name}' exists; pass overwrite = true to replace it`);
    this.columns[name] = term;
    return this;
  }

  /** Sets the screen (combined with the current one by `and` when `combine` is 'and'). */
  setScreen(screen: Filter, combine: 'replace' | 'and' = 'replace'): this {
    this.screen = combine === 'and' && this.screen ? this.screen.and(screen) : screen;
    return this;
  }
}
