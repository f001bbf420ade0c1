import type { Asset } from '../model/asset.js';
import type { ExecutionModels } from '../ports/broker.js';
import type { AccountControl, TradingControl } from '../finance/controls.js';

/** Where the run is in its life cycle: setters are only allowed while initializing. */
export type RunPhase = 'initialize' | 'run' | 'analyze';

/** The mutable state the engine and the strategy context share during a run. */
export interface RunState {
  phase: RunPhase;
  /** Current simulation (or wall) time, epoch ms. */
  dt: number;
  /** Current session `YYYY-MM-DD` ('' before the first one). */
  session: string;
  /** Orders placed in the current session (for `maxOrderCount`). */
  ordersToday: number;
  /** Models set in `initialize`, handed to the broker after it. */
  readonly models: ExecutionModels;
  readonly tradingControls: TradingControl[];
  readonly accountControls: AccountControl[];
  /** The control setters the strategy called, as `setMaxLeverage(1.5)` (for the result's settings). */
  readonly controlCalls: string[];
  /** `setBenchmark`: an asset, a symbol still to look up, or undefined when not set. */
  benchmark: Asset | string | undefined;
}

/** A fresh run state. */
export function newRunState(): RunState {
  return {
    phase: 'initialize', dt: 0, session: '', ordersToday: 0, models: {},
    tradingControls: [], accountControls: [], controlCalls: [], benchmark: undefined,
  };
}
