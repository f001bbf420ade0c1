import type { Logger } from 'pino';
import type { Asset } from '../model/asset.js';
import type { Frequency } from '../model/bar.js';
import type { Dividend, Split } from '../model/corporate-actions.js';
import type { AssetFinder } from '../ports/asset-finder.js';
import type { Broker } from '../ports/broker.js';
import type { TradingCalendar } from '../ports/calendar.js';
import type { Clock } from '../ports/clock.js';
import type { MarketData } from '../ports/market-data.js';
import type { AttachedPipelines } from '../pipeline/attached.js';
import type { StrategyDefinition } from '../strategy/define.js';
import type { ResultInfo, Summarize } from './metrics-tracker.js';

/** Everything a run is made of; the composition root picks the Clock, MarketData and Broker. */
export interface EngineOptions<P, S> {
  readonly strategy: StrategyDefinition<P, S>;
  /** Validated params. */
  readonly params: P;
  readonly clock: Clock;
  readonly market: MarketData;
  readonly broker: Broker;
  readonly calendar: TradingCalendar;
  readonly assets: AssetFinder;
  readonly frequency: Frequency;
  readonly capital: number;
  /** Prefix of the deterministic client order ids (`<runId>-<n>`). */
  readonly runId: string;
  readonly splits?: readonly Split[];
  readonly dividends?: readonly Dividend[];
  /** Benchmark asset (the strategy's `setBenchmark` overrides it); null for none. */
  readonly benchmark?: Asset | null;
  readonly logger: Logger;
  /** Labels of the result (strategy, bundle, mode, …). */
  readonly info: ResultInfo;
  readonly summarize: Summarize;
  /** Absolute path of the strategy file, to name file:line when it throws. */
  readonly strategyFile?: string;
  /** Called after each session's daily row is recorded, with the session's index in the calendar. */
  readonly onSessionEnd?: (sessionIndex: number) => void;
  /** Known before the run (e.g. assets without volume data): logged and kept in the result's warnings. */
  readonly warnings?: readonly string[];
  /**
   * Stops the run at the next session end: aborted with a `StrategyError` as reason the run
   * fails with it, otherwise it is `interrupted` (Ctrl-C). With a signal the run lets the event
   * loop turn at a session end every {@link TURN_MS} ms and once at the end, so a signal, or a
   * rejection nobody awaited, can arrive (a turn costs tens of µs: not one per session; the engine's `TURN_MS`).
   */
  readonly signal?: AbortSignal;
  /** Pipelines strategies can attach (`ctx.attachPipeline`); absent where the mode offers none. */
  readonly pipelines?: AttachedPipelines;
  /** How many sessions the clock will go through, when known (sizes the daily columns once). */
  readonly sessions?: number;
}
