import type { Logger } from 'pino';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { ExecutionModels } from '../ports/broker.js';
import type { FaultSpec } from './faults.js';

/** Where the simulator's bars come from: an open reader, or a bundle in a bundles folder. */
export type AlpacaSimSource =
  | { readonly reader: BundleReader; readonly bundlesDir?: undefined; readonly bundle?: undefined }
  | { readonly reader?: undefined; readonly bundlesDir: string; readonly bundle?: string };

/** Options of `startAlpacaSim` (all but the source optional). */
export type AlpacaSimOptions = AlpacaSimSource & {
  /** Wire protocol: `alpaca` (default) or `binance` (Binance spot's REST and streams). */
  readonly protocol?: 'alpaca' | 'binance';
  /** TCP port on 127.0.0.1; 0 (default) = any free port. */
  readonly port?: number;
  /**
   * Simulated minutes per real minute (60 = one simulated minute per real second; default 60).
   * 0 = manual: time moves only through `admin.advance` / `POST /_sim/advance`.
   */
  readonly speed?: number;
  /**
   * Where simulated time starts: `YYYY-MM-DD` (that session's open; default the first session
   * with minute bars) or an RFC 3339 instant.
   */
  readonly start?: string;
  /** Latency added to every REST answer, in ms (default 0). */
  readonly latencyMs?: number;
  /** Accepted key pair (default `test` / `test`). */
  readonly key?: string;
  readonly secret?: string;
  /** Cash of the simulated account (default 100 000). */
  readonly cash?: number;
  /** Caps each execution at this fraction of the order's quantity (e.g. 0.5 → two fills); default 1. */
  readonly partialFillRatio?: number;
  /** Binance protocol: request weight per wall-clock minute before 429s (default 6000, Binance's); a fast replay may need more. */
  readonly weightLimit?: number;
  /** Commission / slippage of the fills (default: no commission — Alpaca charges none — and the backtest's default slippage). */
  readonly models?: ExecutionModels;
  /**
   * Whether the account receives the bundle's dividends and splits (default true): the venue
   * applies them at the start of the session's date, before its first bar. False: a venue that
   * pays no dividend and splits no position.
   */
  readonly corporateActions?: boolean;
  /** Faults active from the start (same shape as `admin.setFaults`). */
  readonly faults?: FaultSpec;
  readonly logger?: Logger;
};

/** Default key pair of the simulator. */
export const DEFAULT_SIM_KEY = 'test';
export const DEFAULT_SIM_SECRET = 'test';
/** Default replay speed: one simulated minute per real second. */
export const DEFAULT_SIM_SPEED = 60;
