/**
 * The dependency graph of a pipeline: its terms in computation order and, for a chunk of output
 * sessions, the first session each term (and each dataset column) must be computed from so that
 * every window its consumers read is complete.
 */
import type { Pipeline } from './pipeline.js';
import { BoundColumn, type Term } from './terms.js';

/** The terms of a pipeline, producers before consumers, and its columns by key. */
export interface Graph {
  readonly order: readonly Term[];
  readonly columns: ReadonlyMap<string, BoundColumn>;
  /** Sessions of history the terms need before the first output session. */
  readonly lookback: number;
}

/** Inputs of a term that are terms, its mask included. */
export function termDeps(t: Term): Term[] {
  const { inputs, mask } = t.resolved();
  const deps = inputs.filter((i): i is Term => !(i instanceof BoundColumn));
  if (mask) deps.push(mask);
  return deps;
}

/** Builds the graph of `pipe` (throws on a cycle, which term methods cannot make, and on bad windows). */
export function buildGraph(pipe: Pipeline): Graph {
  const order: Term[] = [];
  const state = new Map<number, 1 | 2>();
  const columns = new Map<string, BoundColumn>();
  const visit = (t: Term) => {
    const s = state.get(t.id);
    if (s === 2) return;
    if (s === 1) throw new Error(`pipeline term ${t.label} depends on itself`);
    state.set(t.id, 1);
    const { inputs, windowLength } = t.resolved();
    for (const i of inputs) {
      if (i instanceof BoundColumn) {
        if (windowLength < 1) throw new Error(`${t.label}: a dataset column is an input of windowed terms only; use ${i.key}.latest`);
        columns.set(i.key, i);
      }
    }
    for (const d of termDeps(t)) visit(d);
    state.set(t.id, 2);
    order.push(t);
  };
  for (const t of Object.values(pipe.columns)) visit(t);
  if (pipe.screen) visit(pipe.screen);
  const lookback = Math.max(0, ...[...starts(order, 0).values()].map((s) => -s));
  return { order, columns, lookback };
}

/**
 * For outputs from row `first`, the first row each term must be computed from (keyed by term
 * id) and, under `col:<key>`, the first output row of each column's data (row r holds the data
 * of session r − 1).
 */
export function starts(order: readonly Term[], first: number): Map<number | string, number> {
  const need = new Map<number | string, number>();
  for (const t of order) need.set(t.id, first);
  for (let k = order.length - 1; k >= 0; k--) {
    const t = order[k]!;
    const from = need.get(t.id)!;
    const { inputs, windowLength, mask } = t.resolved();
    const back = windowLength > 0 ? windowLength - 1 : 0;
    for (const i of inputs) {
      const key = i instanceof BoundColumn ? `col:${i.key}` : i.id;
      need.set(key, Math.min(need.get(key) ?? Infinity, from - back));
    }
    if (mask) need.set(mask.id, Math.min(need.get(mask.id)!, from));
  }
  return need;
}
