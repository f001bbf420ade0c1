import { readFileSync } from 'node:fs';
import { InputError, UsageError } from '../core/errors.js';
import { DemoRandom } from '../data/sources/demo-random.js';
import { compileWhere } from './where-expression.js';

/** A parameter value of a sweep point. */
export type ParamValue = number | string | boolean;

/** One point of a sweep: a value per swept parameter. */
export type SweepPoint = Record<string, ParamValue>;

/** One swept parameter and the values it takes, in order. */
export interface Axis {
  readonly name: string;
  readonly values: readonly ParamValue[];
}

/** What a sweep space is made of (flags or a `--space` file). */
export interface SpaceSpec {
  readonly axes: readonly Axis[];
  /** A `--where` constraint. */
  readonly where?: string;
  /** Sample this many distinct points (seeded) instead of taking them all. */
  readonly random?: number;
  readonly seed?: number;
}

/** More points than this is almost surely a typo in a range. */
const MAX_POINTS = 10_000_000;

const decimals = (x: number): number => {
  const s = String(x);
  const e = s.match(/e-(\d+)$/);
  if (e) return Number(e[1]);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
};

function scalar(raw: string): ParamValue {
  const t = raw.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}

/** Values of `from..to[:step]`, inclusive of `to` when the steps land on it (rounded to the inputs' decimals). */
export function rangeValues(from: number, to: number, step: number, where: string): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || !Number.isFinite(step) || step <= 0) {
    throw new UsageError(`${where}: a range is FROM..TO[:STEP] with numbers and STEP > 0`);
  }
  if (to < from) throw new UsageError(`${where}: the range ends (${to}) before it starts (${from})`);
  const places = Math.max(decimals(from), decimals(step));
  const n = Math.floor((to - from) / step + 1e-9) + 1;
  if (n > MAX_POINTS) throw new UsageError(`${where}: ${n} values is too many; use a larger step`);
  const scale = 10 ** places;
  return Array.from({ length: n }, (_, i) => Math.round((from + i * step) * scale) / scale);
}

/** Values of one axis: `5..50:5` (range), `a,b,c` (list) or a single value. */
export function axisValues(spec: string, where: string): ParamValue[] {
  const range = spec.match(/^\s*(-?[\d.eE+-]+)\s*\.\.\s*(-?[\d.eE+-]+)\s*(?::\s*([\d.eE+-]+))?\s*$/);
  if (range) return rangeValues(Number(range[1]), Number(range[2]), range[3] === undefined ? 1 : Number(range[3]), where);
  const values = spec.split(',').map(scalar);
  if (values.some((v) => v === '')) throw new UsageError(`${where}: an empty value in the list`);
  return values;
}

/** Parses `--grid name=SPEC` (repeatable); a name given twice is a usage error. */
export function parseGridFlags(flags: readonly string[]): Axis[] {
  const axes: Axis[] = [];
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const name = eq > 0 ? flag.slice(0, eq).trim() : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--grid '${flag}': write it as name=FROM..TO:STEP or name=a,b,c`);
    if (axes.some((a) => a.name === name)) throw new UsageError(`--grid '${flag}': parameter '${name}' is already swept`);
    axes.push({ name, values: axisValues(flag.slice(eq + 1), `--grid '${flag}'`) });
  }
  return axes;
}

/**
 * Reads a `--space` JSON file: `{ "grid": { "fast": "5..50:5", "mode": ["a", "b"] },
 * "where": "fast < slow", "random": 100, "seed": 7 }` (grid values: a range/list string or an array).
 */
export function readSpaceFile(file: string): SpaceSpec {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`space file not found: ${file}`);
    throw new InputError(`not valid JSON (${(err as Error).message})`, { file }, 'a space file is {"grid": {...}, "where"?, "random"?, "seed"?}');
  }
  const o = value as { grid?: unknown; where?: unknown; random?: unknown; seed?: unknown } | null;
  if (typeof o !== 'object' || o === null || typeof o.grid !== 'object' || o.grid === null || Array.isArray(o.grid)) {
    throw new InputError("expected an object with a 'grid' object", { file });
  }
  const axes: Axis[] = Object.entries(o.grid as Record<string, unknown>).map(([name, spec]) => {
    if (Array.isArray(spec) && spec.length > 0 && spec.every((v) => ['number', 'string', 'boolean'].includes(typeof v))) return { name, values: spec as ParamValue[] };
    if (typeof spec === 'string' || typeof spec === 'number') return { name, values: axisValues(String(spec), `${file}: grid.${name}`) };
    throw new InputError(`grid.${name} must be a range string like "5..50:5", a list string or a non-empty array`, { file });
  });
  for (const [key, type] of [['where', 'string'], ['random', 'number'], ['seed', 'number']] as const) {
    if (o[key] !== undefined && typeof o[key] !== type) throw new InputError(`'${key}' must be a ${type}`, { file });
  }
  return { axes, where: o.where as string | undefined, random: o.random as number | undefined, seed: o.seed as number | undefined };
}

/** Every combination of the axes' values, the first axis varying slowest. */
export function gridPoints(axes: readonly Axis[]): SweepPoint[] {
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_POINTS) throw new UsageError(`the grid has ${total} points; narrow it or use --random N`);
  let points: SweepPoint[] = [{}];
  for (const axis of axes) points = points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.name]: v })));
  return points;
}

/**
 * The points of a space: the grid, filtered by `where` (evaluated over each point merged into
 * `fixed`, the params not swept), then — with `random` — that many distinct points drawn without
 * replacement with a seeded generator, in grid order.
 */
export function spacePoints(spec: SpaceSpec, fixed: Readonly<Record<string, unknown>> = {}): SweepPoint[] {
  if (spec.axes.length === 0) throw new UsageError('nothing to sweep; give --grid name=FROM..TO:STEP (repeatable) or --space FILE');
  let points = gridPoints(spec.axes);
  if (spec.where) {
    const keep = compileWhere(spec.where, new Set([...Object.keys(fixed), ...spec.axes.map((a) => a.name)]));
    points = points.filter((p) => keep({ ...fixed, ...p }));
  }
  if (points.length === 0) throw new UsageError(`no point of the space satisfies --where '${spec.where}'`);
  if (spec.random !== undefined) {
    if (!Number.isInteger(spec.random) || spec.random < 1) throw new UsageError(`--random ${spec.random}: give a whole number ≥ 1`);
    const rng = new DemoRandom(spec.seed ?? 1);
    const order = points.map((_, i) => i);
    const n = Math.min(spec.random, points.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(rng.uniform() * (order.length - i));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    points = order.slice(0, n).sort((a, b) => a - b).map((i) => points[i]!);
  }
  return points;
}
