import { isoUtc } from '../core/time.js';
import type { Order } from '../model/order.js';
import { COMPLETE, type DailyRow, type OrderRow, type RunMetrics, type RunOutcome, type RunResult, type RunSettings, type SummaryInput, type TransactionRow } from '../model/results.js';
import type { Transaction } from '../model/transaction.js';
import type { Ledger } from '../finance/ledger.js';
import { splitRows, type AppliedSplit } from './corporate-actions.js';

/** What a run's result is labelled with (DESIGN.md §6, the top-level fields). */
export type ResultInfo = Pick<RunResult, 'strategy' | 'bundle' | 'mode' | 'frequency' | 'fill' | 'start' | 'end'> & {
  /** The settings the composition root knows; the engine adds the models, controls and benchmark the strategy ran with. */
  readonly settings?: RunSettingsBase;
};

/** The part of `RunSettings` known before the strategy runs. */
export type RunSettingsBase = Omit<RunSettings, 'commission' | 'slippage' | 'cancelPolicy' | 'controls' | 'benchmark'>;

/** Computes the summary statistics (the metrics layer's `summarize`, passed in by the runtime). */
export type Summarize = (input: SummaryInput) => RunMetrics;

/** `isoUtc` remembering its last answer: the fills of one bar, and orders placed together, share an instant. */
function lastIsoUtc(): (ms: number) => string {
  let lastMs = NaN, last = '';
  return (ms) => {
    if (ms !== lastMs) {
      last = isoUtc(ms);
      lastMs = ms;
    }
    return last;
  };
}

/** A growable column of numbers. */
class Column {
  values = new Float64Array(256);
  length = 0;
  push(x: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = x;
  }
  /** The filled part (a view). */
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

/**
 * Records what a run produces: one daily row per session (zipline's daily performance packet,
 * with the latest recorded variables), every transaction, and at the end the `RunResult`.
 * Daily values are kept in columns while the run goes; rows are built once, at the end.
 */
export class MetricsTracker {
  readonly transactions: TransactionRow[] = [];
  private readonly fillTime = lastIsoUtc();
  private readonly dates: string[] = [];
  private readonly value = new Column();
  private readonly cash = new Column();
  private readonly positions = new Column();
  private readonly returns = new Column();
  private readonly benchmark = new Column();
  private readonly leverage = new Column();
  /** Recorded values: the latest per name, and per session the names' values then (sparse). */
  private readonly recorded: Record<string, number> = {};
  private recordedNames: string[] = [];
  private readonly recordedRows: (readonly number[] | undefined)[] = [];
  private recordedDirty = false;
  private lastRecorded: readonly number[] | undefined;
  private previousValue: number;
  private rows: DailyRow[] | undefined;
  private readonly splits: AppliedSplit[] = [];

  constructor(private readonly ledger: Ledger, private hasBenchmark: boolean) {
    this.previousValue = ledger.startingCash;
  }

  /** Notes a split applied to the books in the session being run (the result lists it). */
  recordSplit(sid: number, ratio: number): void {
    this.splits.push({ sid, ratio, session: this.dates.length });
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
    this.transactions.push({
      dt: this.fillTime(fill.dt), symbol: fill.asset.symbol, sid: fill.asset.sid, amount: fill.amount,
      price: fill.price, commission: fill.commission, orderId: fill.orderId,
    });
  }

  /** Closes session `date`: records its daily values (the ledger must be marked to the close). */
  endSession(date: string, benchmarkReturn: number): void {
    const ledger = this.ledger;
    const positionsValue = ledger.positionsValue;
    const portfolioValue = ledger.cash + positionsValue;
    this.dates.push(date);
    this.value.push(portfolioValue);
    this.cash.push(ledger.cash);
    this.positions.push(positionsValue);
    this.returns.push(this.previousValue === 0 ? 0 : portfolioValue / this.previousValue - 1);
    this.benchmark.push(this.hasBenchmark && benchmarkReturn === benchmarkReturn ? benchmarkReturn : 0);
    this.leverage.push(portfolioValue === 0 ? 0 : ledger.grossExposure / portfolioValue);
    this.previousValue = portfolioValue;
    if (this.recordedDirty) {
      this.lastRecorded = this.recordedNames.map((k) => this.recorded[k]!);
      this.recordedDirty = false;
    }
    this.recordedRows.push(this.lastRecorded);
    this.rows = undefined;
  }

  /** The daily rows (DESIGN.md §6 `daily`). */
  daily(): DailyRow[] {
    if (this.rows) return this.rows;
    const [value, cash, positions, returns, benchmark, leverage] = [this.value, this.cash, this.positions, this.returns, this.benchmark, this.leverage].map((c) => c.values);
    const names = this.recordedNames;
    const rows: DailyRow[] = new Array(this.dates.length);
    for (let i = 0; i < rows.length; i++) {
      const row: DailyRow = {
        date: this.dates[i]!, portfolioValue: value![i]!, cash: cash![i]!, positionsValue: positions![i]!,
        returns: returns![i]!, benchmarkReturns: benchmark![i]!, grossLeverage: leverage![i]!,
      };
      const rec = this.recordedRows[i];
      if (rec) for (let k = 0; k < rec.length; k++) row[names[k]!] = rec[k]!;
      rows[i] = row;
    }
    this.rows = rows;
    return rows;
  }

  /** The run's result in the DESIGN.md §6 shape. */
  result(
    info: ResultInfo, orders: Iterable<Order>, summarize: Summarize, outcome: RunOutcome = COMPLETE, settings?: RunSettings,
  ): RunResult {
    const ledger = this.ledger;
    const createdAt = lastIsoUtc();
    const orderRows = Array.from(orders, (o) => orderRow(o, createdAt(o.createdAt)));
    const metrics = summarize({
      startingCash: ledger.startingCash,
      endingCash: ledger.cash,
      endingValue: ledger.portfolioValue,
      returns: this.returns.view(),
      benchmarkReturns: this.hasBenchmark ? this.benchmark.view() : null,
      orders: orderRows.length,
      transactions: this.transactions.length,
    });
    const positions = [...ledger.positions.values()].map((p) => ({
      symbol: p.asset.symbol, sid: p.asset.sid, amount: p.amount, costBasis: p.costBasis, lastPrice: p.lastSalePrice,
    }));
    return {
      strategy: info.strategy, bundle: info.bundle, mode: info.mode, frequency: info.frequency, fill: info.fill,
      start: info.start, end: info.end, capital: ledger.startingCash,
      summary: { ...metrics, ...outcome }, daily: this.daily(), transactions: this.transactions, orders: orderRows, positions,
      splits: splitRows(this.splits, this.dates, this.transactions),
      ...(settings ? { settings } : {}),
    };
  }
}

/** An order as a row of the result's `orders` table. */
export function orderRow(o: Order, createdAt: string): OrderRow {
  return {
    id: o.id, createdAt, symbol: o.asset.symbol, amount: o.amount, filled: o.filled,
    status: o.status, style: o.style.type, limitPrice: o.limitPrice, stopPrice: o.stopPrice,
  };
}
