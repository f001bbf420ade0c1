import type { Logger } from 'pino';
import type { StrategyError } from '../core/errors.js';
import { dayString } from '../core/time.js';
import path from 'node:path';
import type { Frequency } from '../model/bar.js';
import type { FillPolicy, RunResult } from '../model/results.js';
import type { BrokerageModel } from '../ports/brokerage-model.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { TradingCalendar } from '../ports/calendar.js';
import { bundleAssetFinder, volumeWarnings } from '../data/bundle-run.js';
import { Engine } from '../engine/engine.js';
import { ChunkedPipelines } from '../pipeline/attached.js';
import { summarize } from '../metrics/summary.js';
import type { Summarize } from '../engine/metrics-tracker.js';
import { SimulatedBroker } from '../sim/simulated-broker.js';
import { SimulationClock, type SimulationClockOptions } from '../sim/simulation-clock.js';
import type { LoadedStrategy } from './load-strategy.js';
import { watchRun } from '../engine/run-watch.js';
import { ziplimeVersion } from '../core/ziplime-version.js';
import { backtestData, type BacktestData } from './backtest-data.js';

/** A backtest over an open bundle reader (the reader stays open). */
export interface ReaderBacktest {
  readonly reader: BundleReader;
  readonly strategy: Pick<LoadedStrategy, 'definition' | 'params' | 'name'> & { readonly file?: string; readonly hash?: string };
  /** First and last session `YYYY-MM-DD` (default: the bundle's range). */
  readonly start?: string;
  readonly end?: string;
  readonly capital: number;
  readonly frequency: Frequency;
  readonly fill: FillPolicy;
  /** A venue's order rules the simulated broker applies (`--venue-rules`). */
  readonly venueRules?: BrokerageModel;
  /** A symbol, `none`, or undefined for the bundle's benchmark. */
  readonly benchmark?: string;
  readonly logger: Logger;
  /** Called after each session. */
  readonly onProgress?: ProgressCallback;
  /** Interrupts the run at the next session end (Ctrl-C); the result is then `interrupted`. */
  readonly signal?: AbortSignal;
  /**
   * The run owns its process (the CLI): a rejected promise the strategy did not await fails
   * the run, and a hook that never settles is reported instead of the process just exiting.
   */
  readonly watchProcess?: boolean;
}

/**
 * Progress after each session: sessions done, total, the session just done as a day number (days
 * since 1970-01-01; `dayString` writes it) and asset-bars processed so far.
 */
export type ProgressCallback = (done: number, total: number, day: number, bars: number) => void;

/**
 * The backtest composition root over a bundle reader: calendar → bundle market data
 * (`backtestData`, or `data` when the caller started reading it already), SimulationClock and
 * SimulatedBroker → the engine. Usage problems throw `UsageError`; a strategy failure comes back
 * as `error` with the result up to that bar.
 */
export async function backtestReader(
  setup: ReaderBacktest, data?: Promise<BacktestData>,
): Promise<{ result: RunResult; error: StrategyError | null }> {
  const { reader, strategy, frequency, fill, capital } = setup;
  const { calendar, startIndex, endIndex, benchmark, market, splits, dividends } = await (data ?? backtestData(setup));
  // The engine does nothing at a session's start, nor before trading starts unless the strategy has that hook.
  const omit: SimulationClockOptions['omit'] = strategy.definition.beforeTradingStart ? ['session-start'] : ['session-start', 'before-trading-start'];
  const clock = new SimulationClock({ calendar, startIndex, endIndex, frequency, omit });
  let engine: Engine<Record<string, unknown>, Record<string, unknown>> | undefined;
  const volumeUnknown = reader.meta.volumeUnknown ?? [];
  const annualisation = await annualising(reader, frequency);
  const broker = new SimulatedBroker({ marketData: market, fill, splits, bars: { calendar, frequency }, startingCash: capital, time: () => engine!.now, volumeUnknown, venueRules: setup.venueRules, keepFinishedOrders: false, keepBook: false });
  const total = endIndex - startIndex + 1;
  const progress = setup.onProgress;
  const watch = setup.watchProcess ? watchRun(setup.signal, strategy.file) : undefined;
  engine = new Engine({
    strategy: strategy.definition, params: strategy.params, clock, market, broker, calendar,
    assets: bundleAssetFinder(reader), frequency, capital, runId: strategy.name, splits, dividends, benchmark, sessions: total,
    logger: setup.logger, summarize: annualisation.summarize, ...(strategy.file ? { strategyFile: strategy.file } : {}),
    // The pipeline source's module loads with the first pipeline a strategy attaches.
    pipelines: new ChunkedPipelines(async () => (await import('../data/pipeline-source.js')).bundlePipelineSource(reader, calendar), endIndex),
    info: {
      strategy: strategy.name, bundle: reader.meta.name, mode: 'backtest', frequency, fill,
      start: dayString(calendar.sessionDays[startIndex]!), end: dayString(calendar.sessionDays[endIndex]!),
      settings: {
        strategyFile: strategy.file ?? null, strategyHash: strategy.hash ?? null, params: strategy.params,
        bundleVersion: path.basename(reader.meta.path).replace(/\.duckdb$/, ''), calendar: calendar.name, ziplimeVersion: ziplimeVersion(),
      },
    },
    warnings: [...await volumeWarnings(reader, volumeUnknown), ...annualisation.warnings],
    ...(progress ? { onSessionEnd: sessionProgress(progress, calendar, frequency, market.assets.length, startIndex, total) } : {}),
    ...(watch ? { signal: watch.signal } : setup.signal ? { signal: setup.signal } : {}),
  });
  return watch ? watch.run(engine) : engine.run();
}

/**
 * Metrics of a daily run over weekly, monthly or quarterly bars are annualised with 52, 12 or 4
 * periods a year; over irregular bars they are not annualised (NaN), and the report says why.
 */
async function annualising(reader: BundleReader, frequency: Frequency): Promise<{ summarize: Summarize; warnings: string[] }> {
  const size = frequency === 'daily' ? reader.meta.barSizes?.daily : undefined;
  if (size === undefined || size === '1d') return { summarize, warnings: [] };
  const { periodsPerYear } = await import('../data/ingest/bar-size.js'); // only for bars other than daily
  const periods = periodsPerYear(size);
  const warnings = Number.isNaN(periods)
    ? ['metrics are not annualised: the bars are irregular (neither daily, weekly, monthly nor quarterly)']
    : [`bars are ${size}: metrics annualised with ${periods} periods a year`];
  return { summarize: (input) => summarize({ ...input, periodsPerYear: periods }), warnings };
}

function sessionProgress(
  progress: ProgressCallback, calendar: TradingCalendar, frequency: Frequency, assets: number, startIndex: number, total: number,
): (sessionIndex: number) => void {
  let bars = 0;
  const days = calendar.sessionDays;
  return (i) => {
    bars += assets * (frequency === 'minute' ? calendar.minutesInSession(i) : 1);
    progress(i - startIndex + 1, total, days[i]!, bars);
  };
}
