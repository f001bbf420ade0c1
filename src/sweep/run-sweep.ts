import type { Logger, LevelWithSilent } from 'pino';
import { ZiplimeError } from '../core/errors.js';
import { dayString } from '../core/time.js';
import { openBundle } from '../data/registry.js';
import { shareBundleBars, sharedBarsReader, type SharedBars } from '../data/market-data/index.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { SweepReportData, SweepRow } from '../report/sweep-data.js';
import { bundleCalendar } from '../data/bundle-calendar.js';
import { sessionRange } from '../data/bundle-run.js';
import { compileStrategy, importStrategy, type AnyStrategyDefinition, type CompiledStrategy } from '../strategy/load/compile-strategy.js';
import { checkParams, mergeParamSources } from '../strategy/load/strategy-params.js';
import { deflatedSharpeOfBest, pboOfPoints } from './overfitting-guard.js';
import { pointKey, type Objective, type PointResult, type PointTask, type SweepRunOptions } from './point-task.js';
import { spacePoints, type SpaceSpec } from './space.js';
import { readSweepFile, SweepStore, type StoredSweep, type SweepIdentity } from './sweep-store.js';
import { bestRow, reportRows, sweepReportData, type SweepFigures } from './sweep-summary.js';
import type { PointExecutor } from './thread-pool.js';
import { parseWalkForward, planFolds, stitchEquity, type Fold } from './walk-forward.js';

/** How points reach an executor: a thread pool, or a job queue (see `executor` option). */
export type ExecutorFactory = (setup: { bars: SharedBars; strategy: CompiledStrategy; options: SweepRunOptions; identity: SweepIdentity }) => Promise<PointExecutor>;

/** The strategy a sweep runs: its definition, name and file (params come with each point). */
export interface SweepStrategy {
  readonly definition: AnyStrategyDefinition;
  readonly name: string;
  readonly file: string;
}

/** Runs one point in this thread, as a standalone backtest with the point's params would. */
export type PointRunner = (reader: BundleReader, strategy: SweepStrategy, options: SweepRunOptions, task: PointTask, logger: Logger) => Promise<PointResult>;

/** What the composition root supplies: how one point runs here, and the local pool of worker threads. */
export interface SweepParts {
  readonly runPoint: PointRunner;
  readonly localPool: ExecutorFactory;
}

/** What `ziplime sweep` asks for. */
export interface SweepOptions extends SweepRunOptions {
  readonly strategyFile: string;
  readonly bundlesDir: string;
  /** Fixed `--param` values and `--config` file. */
  readonly params?: readonly string[];
  readonly config?: string;
  readonly space: SpaceSpec;
  readonly objective: Objective;
  readonly workers: number;
  readonly output: string;
  readonly resume: boolean;
  readonly keepDaily: boolean;
  readonly walkForward?: string;
  readonly logger: Logger;
  readonly logLevel: LevelWithSilent;
  readonly logFile?: string;
  /** Runs points elsewhere (a job queue); default: a local worker-thread pool of `workers` threads. */
  readonly executor?: ExecutorFactory;
  readonly onProgress?: (done: number, total: number) => void;
  /** Stops submitting points; what finished is stored (`--resume` continues). */
  readonly signal?: AbortSignal;
}

/** A sweep stopped by its signal: what is stored stays, `--resume` continues it. */
export class SweepInterrupted extends ZiplimeError {
  constructor(done: number, total: number, file: string) {
    super(`sweep interrupted: ${done} of ${total} points stored in ${file}; run the same command with --resume to continue`, 130);
  }
}

interface Prepared {
  strategy: SweepStrategy;
  compiled: CompiledStrategy;
  bars: SharedBars;
  reader: BundleReader;
  points: { point: Record<string, unknown>; params: Record<string, unknown> }[];
  first: string;
  last: string;
}

async function prepare(options: SweepOptions): Promise<Prepared> {
  const compiled = await compileStrategy(options.strategyFile);
  const definition = await importStrategy(compiled);
  const base = mergeParamSources(definition.params, { params: options.params, config: options.config });
  const fixed = checkParams(definition.params, base);
  const points = spacePoints(options.space, fixed).map((point) => ({
    point, params: checkParams(definition.params, { ...base, ...point }, `sweep point ${JSON.stringify(point)}: `),
  }));
  const duck = await openBundle(options.bundlesDir, options.bundle);
  let bars: SharedBars;
  try {
    bars = await shareBundleBars(duck, options.frequency);
  } finally {
    await duck.close();
  }
  const reader = sharedBarsReader(bars);
  const calendar = await bundleCalendar(reader);
  const range = await sessionRange(reader, calendar, options.frequency, options.start, options.end);
  const first = dayString(calendar.sessionDays[range.startIndex]!), last = dayString(calendar.sessionDays[range.endIndex]!);
  return { strategy: { definition, name: compiled.name, file: compiled.file }, compiled, bars, reader, points, first, last };
}

const runOptions = (o: SweepOptions): SweepRunOptions => ({
  bundle: o.bundle, capital: o.capital, frequency: o.frequency, fill: o.fill,
  ...(o.start ? { start: o.start } : {}), ...(o.end ? { end: o.end } : {}), ...(o.benchmark ? { benchmark: o.benchmark } : {}),
});

/** Runs `tasks` not yet in `done` on the executor, storing each as it finishes; stops early on the signal. */
async function runTasks(
  tasks: readonly PointTask[], done: Set<string>, executor: PointExecutor, store: SweepStore, options: SweepOptions, counter: { done: number; total: number },
): Promise<void> {
  const todo = tasks.filter((t) => !done.has(t.key));
  counter.done += tasks.length - todo.length;
  options.onProgress?.(counter.done, counter.total);
  const signal = options.signal;
  const all = Promise.all(todo.map(async (task) => {
    const result = await executor.run(task);
    if (signal?.aborted) return;
    store.add(task, result);
    done.add(task.key);
    counter.done++;
    options.onProgress?.(counter.done, counter.total);
  }));
  all.catch(() => undefined);
  const stopped = new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  try {
    await Promise.race([all, stopped]);
  } finally {
    await store.flush();
  }
  if (signal?.aborted) throw new SweepInterrupted(counter.done, counter.total, store.file);
}

/**
 * `ziplime sweep`: compiles the strategy once, validates every point with its schema, loads the
 * bundle's bars once into shared memory, runs the points on worker threads (or a job queue) and
 * streams one row per point into the DuckDB file; then re-runs the best point for its equity
 * curve and deflated Sharpe ratio. With a walk-forward, every point runs on every training window,
 * the best of each runs on the following test window, and the out-of-sample curve is stitched.
 */
export async function runParameterSweep(options: SweepOptions, parts: SweepParts): Promise<SweepReportData> {
  const prep = await prepare(options);
  const run = runOptions(options);
  const axes = options.space.axes;
  const identity: SweepIdentity = {
    strategy: prep.compiled.name, strategyHash: prep.compiled.hash, bundleVersion: prep.bars.version, options: run,
    params: axes.map((a) => a.name), objective: options.objective, walkForward: options.walkForward ?? null,
  };
  const store = new SweepStore(options.output, axes);
  const makeTask = (p: Prepared['points'][number], fold: number, phase: PointTask['phase'], daily: boolean, start?: string, end?: string): PointTask => ({
    key: pointKey({ strategyHash: identity.strategyHash, bundleVersion: identity.bundleVersion, options: run, params: p.params, ...(start ? { start } : {}), ...(end ? { end } : {}) }),
    params: p.params, point: p.point, fold, phase, daily, ...(start ? { start } : {}), ...(end ? { end } : {}),
  });
  // The pool's threads start (and load their modules) while the results file is opened.
  const local = !options.executor;
  const executor = await (options.executor ?? parts.localPool)({ bars: prep.bars, strategy: prep.compiled, options: run, identity });
  const figures: { -readonly [K in keyof SweepFigures]: SweepFigures[K] } = { start: prep.first, end: prep.last, bestKey: null, deflatedSharpe: null, pbo: null };
  // The best point is re-run for its daily series: on a local pool's warm threads, else here.
  const finish = (rerun: (task: PointTask) => Promise<PointResult>) => storeBest(prep, store, options, figures, makeTask, rerun);
  let stored: StoredSweep | undefined;
  try {
    const done = await store.open(identity, options.resume);
    if (!options.walkForward) {
      const tasks = prep.points.map((p) => makeTask(p, -1, 'full', options.keepDaily));
      await runTasks(tasks, done, executor, store, options, { done: 0, total: tasks.length });
    } else {
      const folds = planFolds(parseWalkForward(options.walkForward), prep.first, prep.last);
      await walkForward(prep, folds, makeTask, done, executor, store, options, figures);
    }
    if (local) stored = await finish((task) => executor.run(task));
  } finally {
    await executor.close();
  }
  stored ??= await finish((task) => parts.runPoint(prep.reader, prep.strategy, run, task, options.logger));
  await store.setMeta('summary', figures);
  return sweepReportData({ ...stored, meta: { ...stored.meta, summary: figures } });
}

/**
 * Finds the best stored point, re-runs it for its daily series (stored if missing) and computes
 * its deflated Sharpe ratio. Returns the file's content with that series.
 */
async function storeBest(
  prep: Prepared, store: SweepStore, options: SweepOptions, figures: { bestKey: SweepFigures['bestKey']; deflatedSharpe: SweepFigures['deflatedSharpe'] },
  makeTask: (p: Prepared['points'][number], fold: number, phase: PointTask['phase'], daily: boolean, start?: string, end?: string) => PointTask,
  rerun: (task: PointTask) => Promise<PointResult>,
): Promise<StoredSweep> {
  const stored = (await readSweepFile(options.output))!;
  const rows = reportRows(stored.rows);
  const best = bestRow(rows, options.objective);
  if (!best) return stored;
  figures.bestKey = best.key;
  const p = prep.points.find((x) => JSON.stringify(x.point) === JSON.stringify(best.point))!;
  const result = await rerun(makeTask(p, best.fold, best.phase, true, best.phase === 'full' ? undefined : best.start, best.phase === 'full' ? undefined : best.end));
  const daily = result.daily!;
  if (!stored.daily.has(best.key)) {
    store.addDaily(best.key, daily);
    await store.flush();
  }
  figures.deflatedSharpe = deflatedSharpeOfBest(rows, daily.returns);
  return { ...stored, daily: new Map(stored.daily).set(best.key, stored.daily.get(best.key) ?? daily) };
}

async function walkForward(
  prep: Prepared, folds: readonly Fold[], makeTask: (p: Prepared['points'][number], fold: number, phase: PointTask['phase'], daily: boolean, start?: string, end?: string) => PointTask,
  done: Set<string>, executor: PointExecutor, store: SweepStore, options: SweepOptions, figures: { pbo: number | null },
): Promise<void> {
  const trains = folds.flatMap((f) => prep.points.map((p) => makeTask(p, f.fold, 'train', options.keepDaily, f.trainStart, f.trainEnd)));
  const tests = folds.flatMap((f) => prep.points.map((p) => makeTask(p, f.fold, 'test', true, f.testStart, f.testEnd)));
  const counter = { done: 0, total: trains.length + tests.length };
  await runTasks(trains, done, executor, store, options, counter);
  await runTasks(tests, done, executor, store, options, counter);
  const stored = (await readSweepFile(options.output))!;
  const byKey = new Map(stored.rows.map((r) => [r.key, r]));
  const n = prep.points.length;
  const foldRows = folds.map((f, k) => {
    const trainRows = trains.slice(k * n, (k + 1) * n).map((t) => byKey.get(t.key)!);
    const bestIndex = Math.max(0, trainRows.indexOf(bestRow(trainRows, options.objective)!));
    return { fold: f, inSample: trainRows[bestIndex]!, outOfSample: byKey.get(tests[k * n + bestIndex]!.key)! };
  });
  const curve = (row: SweepRow) => {
    const d = stored.daily.get(row.key);
    return d ? { dates: d.dates, returns: d.returns } : { dates: [], returns: [] };
  };
  const oos = stitchEquity(foldRows.map((f) => curve(f.outOfSample)), options.capital);
  await store.writeWalkForward(foldRows.map((f) => ({
    fold: f.fold.fold, trainStart: f.fold.trainStart, trainEnd: f.fold.trainEnd, testStart: f.fold.testStart, testEnd: f.fold.testEnd,
    point: f.inSample.point, inSample: f.inSample.metrics, outOfSample: f.outOfSample.metrics,
  })), { dates: oos.dates, values: oos.values });
  const perPoint = prep.points.map((_, i) => stitchEquity(folds.map((__, k) => curve(byKey.get(tests[k * n + i]!.key)!)), options.capital).returns);
  figures.pbo = pboOfPoints(perPoint);
}

/** `ziplime report sweep.duckdb`: the stored sweep's report data, or null when the file is not a sweep. */
export async function readSweepReport(file: string): Promise<SweepReportData | null> {
  const stored = await readSweepFile(file);
  return stored ? sweepReportData(stored) : null;
}

