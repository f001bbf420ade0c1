import type { Logger } from 'pino';
import type { Account, Portfolio } from '../model/account.js';
import type { Asset } from '../model/asset.js';
import type { BarField, HistoryFrequency } from '../model/bar.js';
import type { HistoryMatrix } from '../model/history-matrix.js';
import type { Order, OrderStyleInput } from '../model/order.js';
import type { CancelPolicy, CommissionModel, SlippageModel } from '../ports/execution-models.js';
import type { ControlOptions, SizeLimits } from '../finance/controls.js';
import type { DateRule, TimeRule } from './rules.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { PipelineFrame } from '../pipeline/engine.js';

/** A function run by `scheduleFunction`: same `ctx` and `data` as `handleData`. */
export type ScheduledFunction<P = any, S = any> = (ctx: Context<P, S>, data: Data) => unknown | Promise<unknown>;

/** What a trading control does when it fails (`onError`). */
export type { ControlOptions };

/** `ctx` (DESIGN.md §3.1). Every method that can reach a broker or data provider returns a Promise. */
export interface Context<P = Record<string, unknown>, S = Record<string, unknown>> {
  readonly params: P;
  state: S;
  /** Current simulation (or wall) time. */
  readonly now: Date;
  /** Current session `YYYY-MM-DD`. */
  readonly session: string;
  readonly portfolio: Portfolio;
  readonly account: Account;
  readonly log: Logger;

  symbol(ticker: string): Promise<Asset>;
  symbols(...tickers: string[]): Promise<Asset[]>;
  sid(n: number): Promise<Asset>;

  /** Signed shares; rounds toward zero for non-fractional assets; 0 → no order, resolves `null`. */
  order(asset: AssetRef, amount: number, style?: OrderStyleInput): Promise<Order | null>;
  orderValue(asset: AssetRef, value: number, style?: OrderStyleInput): Promise<Order | null>;
  orderPercent(asset: AssetRef, percent: number, style?: OrderStyleInput): Promise<Order | null>;
  orderTarget(asset: AssetRef, target: number, style?: OrderStyleInput): Promise<Order | null>;
  orderTargetValue(asset: AssetRef, target: number, style?: OrderStyleInput): Promise<Order | null>;
  orderTargetPercent(asset: AssetRef, target: number, style?: OrderStyleInput): Promise<Order | null>;
  cancelOrder(orderOrId: Order | string): Promise<void>;
  getOpenOrders(asset?: AssetRef): Promise<Order[]>;
  getOrder(id: string): Promise<Order | undefined>;

  scheduleFunction(fn: ScheduledFunction<P, S>, dateRule?: DateRule, timeRule?: TimeRule, options?: { halfDays?: boolean }): void;
  /** Adds columns to the daily results. */
  record(values: Record<string, number>): void;

  /** Only in `initialize`. */
  setCommission(model: CommissionModel): void;
  setSlippage(model: SlippageModel): void;
  setBenchmark(assetOrSymbol: Asset | string): void;
  setCancelPolicy(policy: CancelPolicy): void;

  setLongOnly(options?: ControlOptions): void;
  setMaxLeverage(maxLeverage: number, options?: ControlOptions): void;
  setMaxPositionSize(limits: SizeLimits): void;
  setMaxOrderSize(limits: SizeLimits): void;
  setMaxOrderCount(maxCount: number, options?: ControlOptions): void;
  setDoNotOrderList(assets: Iterable<Asset | string>, options?: ControlOptions): void;

  /** Only in `initialize`: computes `pipe` for every session of the run under `name`. */
  attachPipeline(pipe: Pipeline, name: string): Pipeline;
  /**
   * The current session's rows of the pipeline attached as `name` (from `beforeTradingStart` on):
   * the assets passing its screen and its columns, computed from data up to the previous close.
   */
  pipelineOutput(name: string): Promise<PipelineFrame>;
}

/**
 * An asset, or its symbol: every method that takes an asset also takes `'AAPL'` and looks it up
 * (an unknown symbol is a `SymbolNotFoundError`). `data.canTrade`/`isStale` answer at once and
 * take an Asset only.
 */
export type AssetRef = Asset | string;

/** `data` (DESIGN.md §3.2). */
export interface Data {
  current(asset: AssetRef, field: BarField): Promise<number>;
  current(assets: readonly AssetRef[], field: BarField): Promise<Map<Asset, number>>;
  history(asset: AssetRef, field: BarField, barCount: number, frequency?: HistoryFrequency): Promise<Float64Array>;
  /** Several assets: one matrix of `barCount` bars × the assets, also a read-only Map from asset to its window. */
  history(assets: readonly AssetRef[], field: BarField, barCount: number, frequency?: HistoryFrequency): Promise<HistoryMatrix>;
  history<F extends BarField>(asset: AssetRef, fields: readonly F[], barCount: number, frequency?: HistoryFrequency): Promise<Record<F, Float64Array>>;
  canTrade(asset: Asset): boolean;
  isStale(asset: Asset): boolean;
}
