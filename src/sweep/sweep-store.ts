import { rm } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import { appendRows, readTableFile, replaceRows } from '../data/table-file.js';
import type { Cell, Column, Table } from '../data/table-io.js';
import type { EquityCurve, SweepFold, SweepRow } from '../report/sweep-data.js';
import { METRIC_NAMES, type PointDaily, type PointResult, type PointTask, type SweepRunOptions } from './point-task.js';
import type { Axis } from './space.js';

/** The identity of a sweep, stored in its file: `--resume` only continues a sweep with the same one. */
export interface SweepIdentity {
  readonly strategy: string;
  readonly strategyHash: string;
  readonly bundleVersion: string;
  readonly options: SweepRunOptions;
  readonly params: readonly string[];
  readonly objective: string;
  readonly walkForward: string | null;
}

const FIXED_COLUMNS: Column[] = [
  { name: 'key', kind: 'text' }, { name: 'fold', kind: 'integer' }, { name: 'phase', kind: 'text' },
  { name: 'start', kind: 'text' }, { name: 'end', kind: 'text' }, { name: 'params', kind: 'text' },
];
const TRAILING: Column[] = [{ name: 'error', kind: 'text' }, { name: 'finished_at', kind: 'text' }];
const RESERVED = new Set([...FIXED_COLUMNS, ...TRAILING].map((c) => c.name).concat(METRIC_NAMES));

/**
 * Flush buffered rows about this often while a sweep runs: each write opens, appends to and
 * closes (checkpoints) the file, which costs the submitting thread tens of milliseconds.
 */
const FLUSH_MS = 5000;

const cell = (v: unknown): Cell => (typeof v === 'number' ? v : v === undefined || v === null ? null : String(v));

/**
 * A sweep's DuckDB file: `points` (one row per point: key, fold, phase, window, a column per
 * swept param, every summary metric, error), `daily` (daily returns and values of kept runs),
 * `sweep_meta` (identity and the computed report figures), `folds` and `oos_daily` (walk-forward).
 * Rows are buffered and written about every 5 seconds; the file is closed between writes.
 */
export class SweepStore {
  private pending: Record<string, Cell>[] = [];
  private pendingDaily: Record<string, Cell>[] = [];
  private lastFlush = Date.now();
  private flushing: Promise<void> = Promise.resolve();
  private readonly columns: Column[];

  constructor(readonly file: string, axes: readonly Axis[]) {
    for (const a of axes) if (RESERVED.has(a.name)) throw new UsageError(`parameter '${a.name}' has the name of a result column; it cannot be swept into ${file}`);
    this.columns = [
      ...FIXED_COLUMNS,
      ...axes.map((a): Column => ({ name: a.name, kind: a.values.every((v) => typeof v === 'number') ? 'number' : 'text' })),
      ...METRIC_NAMES.map((name): Column => ({ name, kind: 'number' })),
      ...TRAILING,
    ];
  }

  /**
   * Starts the file: a fresh one (any old file removed), or with `resume` the existing one, whose
   * identity must match. Returns the keys already stored.
   */
  async open(identity: SweepIdentity, resume: boolean): Promise<Set<string>> {
    if (resume) {
      const tables = await readTableFile(this.file, ['sweep_meta', 'points']);
      const stored = tables?.sweep_meta?.find((r) => r.name === 'identity')?.value;
      if (stored !== undefined) {
        const was = JSON.parse(String(stored)) as SweepIdentity;
        for (const k of Object.keys(identity) as (keyof SweepIdentity)[]) {
          if (JSON.stringify(was[k]) !== JSON.stringify(identity[k])) {
            throw new UsageError(`--resume: ${this.file} holds a sweep with a different ${k} (${JSON.stringify(was[k])}, now ${JSON.stringify(identity[k])}); use another -o file or drop --resume`);
          }
        }
        return new Set((tables?.points ?? []).map((r) => String(r.key)));
      }
    }
    await rm(this.file, { force: true });
    await rm(`${this.file}.wal`, { force: true });
    await this.setMeta('identity', identity);
    return new Set();
  }

  /** Stores a value of `sweep_meta` (JSON). */
  async setMeta(name: string, value: unknown): Promise<void> {
    const tables = await readTableFile(this.file, ['sweep_meta']);
    const rows = (tables?.sweep_meta ?? []).filter((r) => r.name !== name);
    rows.push({ name, value: JSON.stringify(value) });
    await replaceRows(this.file, { name: 'sweep_meta', columns: [{ name: 'name', kind: 'text' }, { name: 'value', kind: 'text' }], rows });
  }

  /** Buffers a finished point (and its daily series when it has one); flushes when due. */
  add(task: PointTask, result: PointResult): void {
    const row: Record<string, Cell> = {
      key: task.key, fold: task.fold, phase: task.phase, start: result.start, end: result.end, params: JSON.stringify(task.point),
      error: result.error, finished_at: new Date().toISOString(),
    };
    for (const [k, v] of Object.entries(task.point)) row[k] = cell(v);
    for (const name of METRIC_NAMES) row[name] = result.metrics ? result.metrics[name] : NaN;
    this.pending.push(row);
    if (result.daily) this.addDaily(task.key, result.daily);
    if (Date.now() - this.lastFlush >= FLUSH_MS) this.flush().catch(() => undefined); // a failure surfaces at the next awaited flush
  }

  /** Buffers a run's daily series under `key`. */
  addDaily(key: string, daily: PointDaily): void {
    daily.dates.forEach((date, i) => this.pendingDaily.push({ key, date, returns: daily.returns[i]!, value: daily.values[i]! }));
  }

  /** Writes what is buffered. */
  flush(): Promise<void> {
    this.lastFlush = Date.now();
    const rows = this.pending, daily = this.pendingDaily;
    this.pending = [];
    this.pendingDaily = [];
    this.flushing = this.flushing.then(async () => {
      await appendRows(this.file, { name: 'points', columns: this.columns, rows }, ['key']);
      await appendRows(this.file, {
        name: 'daily',
        columns: [{ name: 'key', kind: 'text' }, { name: 'date', kind: 'text' }, { name: 'returns', kind: 'number' }, { name: 'value', kind: 'number' }],
        rows: daily,
      }, ['key', 'date']);
    });
    return this.flushing;
  }

  /** Replaces the walk-forward tables. */
  async writeWalkForward(folds: readonly SweepFold[], outOfSample: EquityCurve): Promise<void> {
    const metricCols = (prefix: string): Column[] => ['sharpe', 'totalReturn', 'maxDrawdown', 'calmar', 'sortino'].map((m) => ({ name: `${prefix}_${m}`, kind: 'number' }));
    const table: Table = {
      name: 'folds',
      columns: [
        { name: 'fold', kind: 'integer' }, { name: 'train_start', kind: 'text' }, { name: 'train_end', kind: 'text' },
        { name: 'test_start', kind: 'text' }, { name: 'test_end', kind: 'text' }, { name: 'params', kind: 'text' },
        ...metricCols('is'), ...metricCols('oos'),
      ],
      rows: folds.map((f) => {
        const row: Record<string, Cell> = {
          fold: f.fold, train_start: f.trainStart, train_end: f.trainEnd, test_start: f.testStart, test_end: f.testEnd, params: JSON.stringify(f.point),
        };
        for (const m of ['sharpe', 'totalReturn', 'maxDrawdown', 'calmar', 'sortino']) {
          row[`is_${m}`] = f.inSample[m] ?? NaN;
          row[`oos_${m}`] = f.outOfSample[m] ?? NaN;
        }
        return row;
      }),
    };
    await replaceRows(this.file, table);
    await replaceRows(this.file, {
      name: 'oos_daily',
      columns: [{ name: 'date', kind: 'text' }, { name: 'value', kind: 'number' }],
      rows: outOfSample.dates.map((date, i) => ({ date, value: outOfSample.values[i]! })),
    });
  }
}

/** What a sweep file holds, read back. */
export interface StoredSweep {
  readonly identity: SweepIdentity;
  readonly meta: Record<string, unknown>;
  readonly rows: SweepRow[];
  readonly daily: Map<string, EquityCurve & { readonly returns: readonly number[] }>;
  readonly folds: SweepFold[];
  readonly outOfSample: EquityCurve | null;
}

const num = (v: Cell | undefined): number => (typeof v === 'number' ? v : NaN);

/** Reads a sweep file; null when `file` is not one (no `sweep_meta` identity). */
export async function readSweepFile(file: string): Promise<StoredSweep | null> {
  const t = await readTableFile(file, ['sweep_meta', 'points', 'daily', 'folds', 'oos_daily']);
  const metaRows = t?.sweep_meta;
  if (!t || !metaRows) return null;
  const meta = Object.fromEntries(metaRows.map((r) => [String(r.name), JSON.parse(String(r.value)) as unknown]));
  if (!meta.identity) return null;
  const rows = (t.points ?? []).map((r): SweepRow => ({
    key: String(r.key), fold: num(r.fold), phase: String(r.phase) as SweepRow['phase'], start: String(r.start), end: String(r.end),
    point: JSON.parse(String(r.params)) as SweepRow['point'],
    metrics: Object.fromEntries(METRIC_NAMES.map((m) => [m, num(r[m])])),
    error: r.error === null || r.error === undefined ? null : String(r.error),
  }));
  const daily = new Map<string, { dates: string[]; values: number[]; returns: number[] }>();
  for (const r of t.daily ?? []) {
    const key = String(r.key);
    const curve = daily.get(key) ?? { dates: [], values: [], returns: [] };
    curve.dates.push(String(r.date));
    curve.values.push(num(r.value));
    curve.returns.push(num(r.returns));
    daily.set(key, curve);
  }
  for (const c of daily.values()) {
    // DuckDB may return an INSERT … SELECT's rows in any order: sort each run by date.
    const order = c.dates.map((_, i) => i).sort((a, b) => (c.dates[a]! < c.dates[b]! ? -1 : c.dates[a]! > c.dates[b]! ? 1 : 0));
    c.dates = order.map((i) => c.dates[i]!);
    c.values = order.map((i) => c.values[i]!);
    c.returns = order.map((i) => c.returns[i]!);
  }
  const folds = (t.folds ?? []).map((r): SweepFold => {
    const pick = (prefix: string) => Object.fromEntries(['sharpe', 'totalReturn', 'maxDrawdown', 'calmar', 'sortino'].map((m) => [m, num(r[`${prefix}_${m}`])]));
    return {
      fold: num(r.fold), trainStart: String(r.train_start), trainEnd: String(r.train_end), testStart: String(r.test_start), testEnd: String(r.test_end),
      point: JSON.parse(String(r.params)) as SweepFold['point'], inSample: pick('is'), outOfSample: pick('oos'),
    };
  }).sort((a, b) => a.fold - b.fold);
  const oos = t.oos_daily ? { dates: t.oos_daily.map((r) => String(r.date)), values: t.oos_daily.map((r) => num(r.value)) } : null;
  return { identity: meta.identity as SweepIdentity, meta, rows, daily, folds, outOfSample: oos };
}
