import { dayString } from '../core/time.js';
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
  /** Current session as a day number (days since 1970-01-01; NaN before the first one). */
  day: number;
  /** Current session `YYYY-MM-DD` ('' before the first one), formatted from `day` when read. */
  readonly session: string;
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

/**
 * The run state as one class: its fields are set in one order in the constructor, so the object
 * keeps a single fast shape (an object literal with a getter is kept as a dictionary, and every
 * read and write of `dt` in the loop would be a hash lookup and a fresh number).
 */
class MutableRunState implements RunState {
  phase: RunPhase = 'initialize';
  dt = 0;
  day = Number.NaN;
  ordersToday = 0;
  readonly models: ExecutionModels = {};
  readonly tradingControls: TradingControl[] = [];
  readonly accountControls: AccountControl[] = [];
  readonly controlCalls: string[] = [];
  benchmark: Asset | string | undefined = undefined;
  #labelDay = Number.NaN;
  #label = '';

  get session(): string {
    if (this.day !== this.#labelDay) {
      this.#labelDay = this.day;
      this.#label = Number.isNaN(this.#labelDay) ? '' : dayString(this.#labelDay);
    }
    return this.#label;
  }
}

/** A fresh run state. */
export function newRunState(): RunState {
  return new MutableRunState();
}
