import type { NumberedIds } from '../core/ids.js';
import { dayString, isoUtc } from '../core/time.js';
import type { Asset } from '../model/asset.js';
import type { Order } from '../model/order.js';
import { COMPLETE, type DailyRow, type ExposureRow, type OrderRow, type RunMetrics, type RunOutcome, type RunResult, type RunSettings, type SummaryInput, type TransactionRow } from '../model/results.js';
import type { Transaction } from '../model/transaction.js';
import type { Ledger } from '../finance/ledger.js';
import { splitRows, type AppliedSplit } from './corporate-actions.js';
import { BlockColumn, defineLazy, NumberColumn as Column, SessionRuns } from './result-tables.js';
import { SessionColumns } from './session-columns.js';

/** What a run's result is labelled with (DESIGN.md §6, the top-level fields). */
export type ResultInfo = Pick<RunResult, 'strategy' | 'bundle' | 'mode' | 'frequency' | 'fill' | 'start' | 'end'> & {
  /** The settings the composition root knows; the engine adds the models, controls and benchmark the strategy ran with. */
  readonly settings?: RunSettingsBase;
};

/** The part of `RunSettings` known before the strategy runs. */
export type RunSettingsBase = Omit<RunSettings, 'commission' | 'slippage' | 'cancelPolicy' | 'controls' | 'benchmark'>;

/** Computes the summary statistics (the metrics layer's `summarize`, passed in by the runtime). */
export type Summarize = (input: SummaryInput) => RunMetrics;

/** How an instant is written in the result: a session date (daily runs) or an ISO instant (minute runs). */
export type TimeStamp = (ms: number) => string;

/** The orders of a run as the result reads them: their number, and (for the orders table, when read) each one oldest first. */
export interface ResultOrders {
  readonly size: number;
  values(): Iterable<Order>;
}

/** `stamp` remembering its last answer: the fills of one bar, and orders placed together, share an instant. */
function remembering(stamp: TimeStamp): TimeStamp {
  let lastMs = NaN, last = '';
  return (ms) => {
    if (ms !== lastMs) {
      last = stamp(ms);
      lastMs = ms;
    }
    return last;
  };
}

/** The fills of a run, one column per field. */
class FillColumns {
  readonly dt = new Column();
  readonly assets: Asset[] = [];
  readonly amount = new Column();
  readonly price = new Column();
  readonly commission = new Column();
  /** Each fill's order id, or its number when `numbered` knows it. */
  readonly orderIds: (string | number)[] = [];

  constructor(private readonly numbered: NumberedIds | undefined) {}

  get length(): number {
    return this.assets.length;
  }

  push(fill: Transaction): void {
    this.dt.push(fill.dt);
    this.assets.push(fill.asset);
    this.amount.push(fill.amount);
    this.price.push(fill.price);
    this.commission.push(fill.commission);
    const n = this.numbered ? this.numbered.numberOf(fill.orderId) : -1;
    this.orderIds.push(n > 0 ? n : fill.orderId);
  }

  /** The order id of fill `i`. */
  orderId(i: number): string {
    const id = this.orderIds[i]!;
    return typeof id === 'number' ? this.numbered!.idOf(id) : id;
  }

  /** The transactions table (DESIGN.md §6), instants written by `stamp`. */
  rows(stamp: TimeStamp): TransactionRow[] {
    const time = remembering(stamp);
    const dt = this.dt.values, amount = this.amount.values, price = this.price.values, commission = this.commission.values;
    const out: TransactionRow[] = new Array(this.length);
    for (let i = 0; i < out.length; i++) {
      const asset = this.assets[i]!;
      out[i] = { dt: time(dt[i]!), symbol: asset.symbol, sid: asset.sid, amount: amount[i]!, price: price[i]!, commission: commission[i]!, orderId: this.orderId(i) };
    }
    return out;
  }
}

/**
 * Records what a run produces: one daily row per session (zipline's daily performance packet,
 * with the latest recorded variables), every transaction, and at the end the `RunResult`.
 * Daily values and fills are kept in columns while the run goes; the result's row objects are
 * built when first read (`result-tables.ts`), dates turned into text only then.
 */
export class MetricsTracker {
  private readonly fills: FillColumns;
  /** The daily values, one column per field (session day numbers in `day`). */
  private readonly sessions: SessionColumns;
  /**
   * Positions at each session's close: the assets held, as runs of sessions holding the same
   * assets in the same order, and in one column the signed values of every session's positions.
   */
  private readonly exposureRuns = new SessionRuns<readonly Asset[]>(NO_ASSETS);
  private readonly exposureValue = new BlockColumn();
  /**
   * Recorded values: the latest per name, and the names' values as runs of sessions (a run
   * starts at a session that recorded something; later sessions carry its values).
   */
  private readonly recorded: Record<string, number> = {};
  private recordedNames: string[] = [];
  private readonly recordedRuns = new SessionRuns<readonly number[] | undefined>(undefined);
  private recordedDirty = false;
  /** The value the next session's return is measured from: the last session's, at first the starting cash. */
  private lastValue: number;
  private readonly splits: AppliedSplit[] = [];

  /**
   * `stamp` writes the instants of transactions and orders (default: ISO UTC); `sessions` is
   * how many sessions the run expects (it sizes the daily columns); `orderIds` are the ids the
   * fills may keep as numbers (the engine's own order ids).
   */
  constructor(private readonly ledger: Ledger, private hasBenchmark: boolean, private readonly stamp: TimeStamp = isoUtc, sessions?: number, orderIds?: NumberedIds) {
    this.fills = new FillColumns(orderIds);
    this.lastValue = ledger.startingCash;
    this.sessions = new SessionColumns(sessions);
  }

  /** Notes a split applied to the books in the session being run (the result lists it). */
  recordSplit(sid: number, ratio: number): void {
    this.splits.push({ sid, ratio, session: this.sessions.length });
  }

  /** Whether the run has a benchmark (the strategy may set one in `initialize`). */
  setHasBenchmark(value: boolean): void {
    this.hasBenchmark = value;
  }

  /** `ctx.record`: values persist into later rows until recorded again (zipline). */
  record(values: Record<string, number>): void {
    for (const key in values) {
      if (!(key in this.recorded)) this.recordedNames.push(key);
      this.recorded[key] = values[key]!;
    }
    this.recordedDirty = true;
  }

  /** Adds an execution to the transactions table. */
  addTransaction(fill: Transaction): void {
    this.fills.push(fill);
  }

  /** Number of transactions so far. */
  get transactionCount(): number {
    return this.fills.length;
  }

  /** Closes the session of day number `day`: records its daily values (the ledger must be marked to the close). */
  endSession(day: number, benchmarkReturn: number): void {
    const ledger = this.ledger, columns = this.sessions, session = columns.add();
    columns.day[session] = day;
    columns.cash[session] = ledger.cash;
    columns.positions[session] = ledger.positionsValue;
    // The return over the previous session's value (the first over the starting cash); 0 after a value of 0.
    const value = columns.cash[session]! + columns.positions[session]!, before = this.lastValue;
    columns.returns[session] = before === 0 ? 0 : value / before - 1;
    this.lastValue = value;
    if (this.hasBenchmark) columns.setBenchmark(session, benchmarkReturn === benchmarkReturn ? benchmarkReturn : 0);
    // The positions' exposures (in the ledger's order); a new run of held assets when they change.
    const held = ledger.held, previous = this.exposureRuns.last;
    let count = 0, same = true;
    for (let i = 0; i < held.length; i++) {
      const p = held[i]!;
      if (p.amount === 0) continue;
      if (same && previous[count] !== p.asset) same = false;
      count++;
      this.exposureValue.push(p.amount * p.lastSalePrice * p.asset.multiplier);
    }
    if (!same || count !== previous.length) this.exposureRuns.set(session, heldAssets(held));
    if (this.recordedDirty) {
      this.recordedRuns.set(session, this.recordedNames.map((k) => this.recorded[k]!));
      this.recordedDirty = false;
    }
  }

  /**
   * Per session: the portfolio value (cash + positions), its return over the previous session's
   * (the first over the starting cash) and the gross leverage (Σ |exposure| / value, summed in
   * the ledger's order as `Ledger.grossExposure` does).
   */
  private derived(): { value: Float64Array; returns: Float64Array; leverage: Float64Array } {
    const { cash, positions, length } = this.sessions;
    const value = new Float64Array(length), returns = this.returns(), leverage = new Float64Array(length);
    const exposure = this.exposureValue, runs = this.exposureRuns;
    let k = 0, run = -1, count = 0;
    for (let i = 0; i < length; i++) {
      const v = cash[i]! + positions[i]!;
      value[i] = v;
      if (run + 1 < runs.from.length && runs.from[run + 1] === i) count = runs.values[++run]!.length;
      let gross = 0;
      for (let j = 0; j < count; j++) gross += Math.abs(exposure.at(k++));
      leverage[i] = v === 0 ? 0 : gross / v;
    }
    return { value, returns, leverage };
  }

  /** Each session's return over the previous session's value (the first over the starting cash); 0 after a value of 0. */
  private returns(): Float64Array {
    return this.sessions.view(this.sessions.returns);
  }

  /** The exposures table: each held position's value at each session's close. */
  private exposures(): ExposureRow[] {
    const dates = this.dates(), value = this.exposureValue, runs = this.exposureRuns, out: ExposureRow[] = [];
    let k = 0, run = -1, assets = NO_ASSETS;
    for (let session = 0; session < dates.length; session++) {
      if (run + 1 < runs.from.length && runs.from[run + 1] === session) assets = runs.values[++run]!;
      const date = dates[session]!;
      for (const asset of assets) out.push({ date, symbol: asset.symbol, sid: asset.sid, value: value.at(k++) });
    }
    return out;
  }

  /** The session dates of the daily rows, `YYYY-MM-DD`. */
  private dates(): string[] {
    return Array.from(this.sessions.view(this.sessions.day), dayString);
  }

  /** The daily rows (DESIGN.md §6 `daily`), built anew on each call. */
  daily(): DailyRow[] {
    const dates = this.dates();
    const { cash, positions } = this.sessions, benchmark = this.sessions.view(this.sessions.benchmark);
    const { value, returns, leverage } = this.derived();
    const names = this.recordedNames, runs = this.recordedRuns;
    const rows: DailyRow[] = new Array(dates.length);
    let run = -1, rec: readonly number[] | undefined;
    for (let i = 0; i < rows.length; i++) {
      const row: DailyRow = {
        date: dates[i]!, portfolioValue: value[i]!, cash: cash[i]!, positionsValue: positions[i]!,
        returns: returns[i]!, benchmarkReturns: benchmark[i]!, grossLeverage: leverage[i]!,
      };
      if (run + 1 < runs.from.length && runs.from[run + 1] === i) rec = runs.values[++run];
      if (rec) for (let k = 0; k < rec.length; k++) row[names[k]!] = rec[k]!;
      rows[i] = row;
    }
    return rows;
  }

  /**
   * The run's result in the DESIGN.md §6 shape. Its `daily`, `transactions`, `orders` and
   * `splits` tables are built when first read, from the columns (and `orders`) as they are then.
   */
  result(
    info: ResultInfo, orders: ResultOrders, summarize: Summarize, outcome: RunOutcome = COMPLETE, settings?: RunSettings,
  ): RunResult {
    const ledger = this.ledger;
    const metrics = summarize({
      startingCash: ledger.startingCash,
      endingCash: ledger.cash,
      endingValue: ledger.portfolioValue,
      returns: this.returns(),
      benchmarkReturns: this.hasBenchmark ? this.sessions.view(this.sessions.benchmark) : null,
      orders: orders.size,
      transactions: this.fills.length,
    });
    const positions = [...ledger.positions.values()].map((p) => ({
      symbol: p.asset.symbol, sid: p.asset.sid, amount: p.amount, costBasis: p.costBasis, lastPrice: p.lastSalePrice,
    }));
    const result = {
      strategy: info.strategy, bundle: info.bundle, mode: info.mode, frequency: info.frequency, fill: info.fill,
      start: info.start, end: info.end, capital: ledger.startingCash, summary: { ...metrics, ...outcome },
    } as RunResult;
    defineLazy(result, 'daily', () => this.daily());
    defineLazy(result, 'transactions', () => this.fills.rows(this.stamp));
    defineLazy(result, 'orders', () => {
      const createdAt = remembering(this.stamp);
      return Array.from(orders.values(), (o) => orderRow(o, createdAt(o.createdAt)));
    });
    result.positions = positions;
    defineLazy(result, 'splits', () => splitRows(this.splits, this.dates(), this.fills.assets));
    defineLazy(result, 'exposures', () => this.exposures());
    if (settings) result.settings = settings;
    return result;
  }
}

const NO_ASSETS: readonly Asset[] = [];

/** The assets of the positions that are not flat, in the ledger's order. */
function heldAssets(held: readonly { readonly asset: Asset; readonly amount: number }[]): readonly Asset[] {
  const out: Asset[] = [];
  for (let i = 0; i < held.length; i++) if (held[i]!.amount !== 0) out.push(held[i]!.asset);
  return out;
}

/** An order as a row of the result's `orders` table. */
export function orderRow(o: Order, createdAt: string): OrderRow {
  return {
    id: o.id, createdAt, symbol: o.asset.symbol, amount: o.amount, filled: o.filled,
    status: o.status, style: o.style.type, limitPrice: o.limitPrice, stopPrice: o.stopPrice,
  };
}
