import type { SweepParamValue, SweepRow } from './sweep-data.js';

/** Objective values of two params with every other swept param fixed at the best point's value. */
export interface SweepHeatmap {
  readonly x: string;
  readonly y: string;
  readonly xs: readonly SweepParamValue[];
  readonly ys: readonly SweepParamValue[];
  /** `values[j][i]`: the objective at `ys[j]`, `xs[i]`; null where no run exists (e.g. excluded by --where). */
  readonly values: readonly (readonly (number | null)[])[];
  /** The values the other params are held at. */
  readonly fixed: Readonly<Record<string, SweepParamValue>>;
}

const order = (a: SweepParamValue, b: SweepParamValue): number =>
  (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);

/** The heatmap of `objective` over params `x` and `y` through the `best` point. */
export function sweepHeatmap(rows: readonly SweepRow[], best: SweepRow, x: string, y: string, objective: string): SweepHeatmap {
  const fixed = Object.fromEntries(Object.entries(best.point).filter(([k]) => k !== x && k !== y));
  const slice = rows.filter((r) => Object.entries(fixed).every(([k, v]) => r.point[k] === v));
  const distinct = (name: string) => [...new Set(slice.map((r) => r.point[name]!))].sort(order);
  const xs = distinct(x), ys = distinct(y);
  const values = ys.map((yv) => xs.map((xv) => {
    const r = slice.find((s) => s.point[x] === xv && s.point[y] === yv);
    return r && r.error === null ? r.metrics[objective] ?? null : null;
  }));
  return { x, y, xs, ys, values, fixed };
}

/** Counts of `values` (finite ones) in `bins` equal-width bins from the minimum to the maximum (the last bin closed). */
export function histogram(values: readonly number[], bins: number): { edges: number[]; counts: number[] } {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return { edges: [], counts: [] };
  const lo = Math.min(...v), hi = Math.max(...v);
  if (lo === hi) return { edges: [lo, hi], counts: [v.length] };
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const x of v) counts[Math.min(bins - 1, Math.floor((x - lo) / width))]!++;
  return { edges: Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width)), counts };
}

/** Rows ordered best first by `objective` (failed runs and NaN last). */
export function rankRows(rows: readonly SweepRow[], objective: string, maximize: boolean): SweepRow[] {
  const score = (r: SweepRow) => {
    const v = r.error === null ? r.metrics[objective] ?? NaN : NaN;
    return Number.isFinite(v) ? (maximize ? v : -v) : -Infinity;
  };
  return [...rows].sort((a, b) => score(b) - score(a));
}
