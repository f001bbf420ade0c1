/**
 * The worker-thread side of a local sweep (a tinypool task module): on its first task it wraps
 * the shared bars in a `BundleReader` and imports the compiled strategy, both once per thread;
 * each task is a batch of points, run one after another.
 */
import Tinypool from 'tinypool';
import type { LevelWithSilent } from 'pino';
import { sharedBarsReader, type SharedBars } from '../data/market-data/index.js';
import type { PointResult, PointTask, SweepRunOptions } from '../sweep/point-task.js';
import { importStrategy, type CompiledStrategy } from '../strategy/load/compile-strategy.js';
import { createLogger } from './logging.js';
import { runSweepPoint } from './sweep-point.js';

/** What every worker thread of a sweep receives once. */
export interface SweepWorkerData {
  readonly bars: SharedBars;
  readonly strategy: CompiledStrategy;
  readonly options: SweepRunOptions;
  readonly logLevel: LevelWithSilent;
  readonly logFile?: string;
}

async function setUp(data: SweepWorkerData) {
  const definition = await importStrategy(data.strategy);
  const logger = createLogger({ level: data.logLevel, file: data.logFile, pretty: false });
  return { reader: sharedBarsReader(data.bars), strategy: { definition, name: data.strategy.name, file: data.strategy.file }, logger };
}

let ready: ReturnType<typeof setUp> | undefined;

/** Runs a batch of points; their results in the same order. */
export default async function runTasks(tasks: readonly PointTask[]): Promise<PointResult[]> {
  const data = Tinypool.workerData as SweepWorkerData;
  ready ??= setUp(data);
  const { reader, strategy, logger } = await ready;
  const results: PointResult[] = [];
  for (const task of tasks) results.push(await runSweepPoint(reader, strategy, data.options, task, logger));
  return results;
}
