import { StrategyError, SymbolNotFoundError } from '../core/errors.js';
import { isThenable } from '../core/promise.js';
import type { Asset } from '../model/asset.js';
import type { Dividend, Split } from '../model/corporate-actions.js';
import type { Order } from '../model/order.js';
import { COMPLETE, type RunOutcome, type RunResult } from '../model/results.js';
import type { Transaction } from '../model/transaction.js';
import { isoUtc } from '../core/time.js';
import { immediateBroker, NO_BROKER_EVENTS, type BrokerEvent, type ImmediateBroker } from '../ports/broker.js';
import type { ClockEvent } from '../ports/clock.js';
import { Ledger } from '../finance/ledger.js';
import type { ScheduledFunction } from '../strategy/context.js';
import { BarData } from './bar-data.js';
import { dividendQueue, splitQueue, type DatedQueue } from './corporate-actions.js';
import { MetricsTracker } from './metrics-tracker.js';
import type { EngineOptions } from './engine-options.js';
import { OrderManager } from './order-manager.js';
import { newRunState, type RunState } from './run-state.js';
import { Scheduler } from './scheduler.js';
import { StrategyContext } from './strategy-context.js';
import { AutoClose } from './auto-close.js';
import { buildRunResult, failedOutcome, interruptedOutcome, resultTime } from './run-result.js';
import { toStrategyError } from './strategy-error.js';

export type { EngineOptions } from './engine-options.js';

/** At most how often (ms) a run with a signal lets the event loop turn. */
export const TURN_MS = 5;

/** Bars a run with a signal goes through between two looks at the time (reading it costs more than a daily bar). */
const BARS_PER_TIME_CHECK = 32;

/** How a run ended: its result (partial when it failed) and the strategy's error, if any. */
export interface EngineOutcome {
  readonly result: RunResult;
  readonly error: StrategyError | null;
}

/**
 * The mode-free async kernel: drives a strategy over the events of a Clock, keeps the books
 * (Ledger) from the Broker's fills, applies corporate actions to the books (the broker adjusts
 * its open orders), runs scheduled functions and records the daily results. Per session:
 * dividends and splits at its first event, `beforeTradingStart`, then per bar: market data →
 * broker fills → mark to market → `handleData` → scheduled functions due → broker flush; at the
 * session end: the broker's cancel policy, auto-close, account controls, the daily row.
 */
export class Engine<P, S> {
  readonly ledger: Ledger;
  readonly orders: OrderManager;
  private readonly state: RunState = newRunState();
  private readonly scheduler: Scheduler;
  private readonly tracker: MetricsTracker;
  private readonly ctx: StrategyContext<P, S>;
  private readonly data: BarData;
  private readonly splits: DatedQueue<Split>;
  private readonly dividends: DatedQueue<Dividend>;
  private readonly priceOf: (asset: Asset) => number;
  private readonly dueBuffer: ScheduledFunction[] = [];
  private readonly daily: boolean;
  private benchmark: Asset | null;
  private readonly immediate: ImmediateBroker | undefined;
  private readonly autoClose = new AutoClose();
  private dividendsSeen = false;
  private hook: string | undefined;
  private sessionIndex = -1;
  private sessionOpen = false;
  /** Instant and ledger revision of the last mark to market (marking again with neither changed is skipped). */
  private markedDt = Number.NaN;
  private markedRevision = -1;
  /** `performance.now()` after which a session end lets the event loop turn (runs with a signal). */
  private nextTurn = 0;
  /** How the run ended (complete until `run` says otherwise). */
  private outcome: RunOutcome = COMPLETE;

  constructor(private readonly options: EngineOptions<P, S>) {
    const { strategy, market, broker, calendar, capital } = options;
    this.immediate = immediateBroker(broker);
    // An immediate broker reports each execution once, with its own unique id: no id set to keep.
    this.ledger = new Ledger(capital, { uniqueFills: this.immediate !== undefined });
    this.orders = new OrderManager(broker, options.runId);
    this.scheduler = new Scheduler(calendar);
    this.benchmark = options.benchmark ?? null;
    this.tracker = new MetricsTracker(this.ledger, this.benchmark !== null, resultTime(calendar, options.frequency), options.sessions, this.orders.ids);
    this.data = new BarData(market, options.assets);
    this.splits = splitQueue(options.splits ?? []);
    this.dividends = dividendQueue(options.dividends ?? []);
    this.priceOf = (asset) => market.current(asset, 'price');
    this.daily = options.frequency === 'daily';
    const state = strategy.state ? strategy.state() : ({} as S);
    this.ctx = new StrategyContext(options.params, state, {
      state: this.state, ledger: this.ledger, orders: this.orders, market, assets: options.assets,
      scheduler: this.scheduler, tracker: this.tracker, logger: options.logger,
      ...(options.pipelines ? { pipelines: options.pipelines } : {}),
    });
  }

  /** Current simulation (or wall) time, epoch ms: what a simulated broker stamps orders with. */
  get now(): number {
    return this.state.dt;
  }

  /** Runs the strategy to the end of the clock (or its first exception, or the signal) and builds the result. */
  async run(): Promise<EngineOutcome> {
    let error: StrategyError | null = null;
    const signal = this.options.signal;
    try {
      await this.initialize();
      await this.runEvents(this.options.clock.events(), signal);
      if (signal !== undefined && !signal.aborted) await this.turn(); // what the last sessions left pending
      if (signal?.aborted && signal.reason instanceof StrategyError) error = signal.reason;
    } catch (err) {
      if (this.hook === undefined && !(err instanceof StrategyError)) throw err;
      error = toStrategyError(err, this.options.strategyFile, this.state.dt, this.hook ?? 'strategy');
      if (this.sessionOpen) await this.recordSession();
    }
    const interrupted = error === null && signal?.aborted === true;
    this.outcome = interrupted ? interruptedOutcome(this.state.dt, this.state.session) : error ? failedOutcome(this.state.dt, error) : COMPLETE;
    let result = this.buildResult(this.outcome);
    for (const w of result.warnings ?? []) this.options.logger.warn(w);
    if (error === null && !interrupted && this.options.strategy.analyze) {
      this.state.phase = 'analyze';
      try {
        await this.callHook('analyze', () => this.options.strategy.analyze!(this.ctx, result));
      } catch (err) {
        error = toStrategyError(err, this.options.strategyFile, this.state.dt, 'analyze');
        this.outcome = failedOutcome(this.state.dt, error);
        result = { ...result, summary: { ...result.summary, ...this.outcome } };
      }
    }
    return { result, error };
  }

  /**
   * Applies broker events that arrive after `run` returned (a live session winding down): fills
   * to the books and the transactions, orders to their last state. Returns the fills applied
   * (an execution already booked is not booked again).
   */
  applyLateEvents(events: readonly BrokerEvent[]): Transaction[] {
    const applied: Transaction[] = [];
    for (const event of events) {
      if (event.kind === 'fill' && this.ledger.applyFill(event.fill)) {
        this.tracker.addTransaction(event.fill);
        applied.push(event.fill);
      }
      this.orders.update(event.order);
    }
    return applied;
  }

  /**
   * The result again, after what happened once `run` returned (late fills, final order states,
   * reconciliation): every order with its final status, the transactions, end positions and cash;
   * the daily rows are the ones recorded while running.
   */
  settledResult(): RunResult {
    const info = this.options.info;
    const result = this.buildResult(this.outcome);
    result.end = result.daily.at(-1)?.date ?? info.end;
    return result;
  }

  /**
   * The outcome of a run that can go no further because what it awaits never settles (the
   * event loop drained while it waited): failed with `strategy never settled in <hook> at
   * <time>`, with the result up to the last finished session. The composition root calls it
   * when it sees the process about to exit while `run()` is still pending.
   */
  neverSettled(): EngineOutcome {
    const dt = this.state.dt;
    const error = new StrategyError(`strategy never settled in ${this.hook ?? 'the engine'}${dt > 0 ? ` at ${isoUtc(dt)}` : ''}`
      + '; every promise a hook awaits must resolve or reject', {
      ...(dt > 0 ? { simulationTime: new Date(dt) } : {}), ...(this.options.strategyFile ? { location: this.options.strategyFile } : {}),
    });
    return { result: this.buildResult(failedOutcome(dt, error)), error };
  }

  /** Lets the Node event loop turn (signals, unhandled rejections); the next turn is due TURN_MS later. */
  private async turn(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.nextTurn = performance.now() + TURN_MS;
  }

  private buildResult(outcome: RunOutcome): RunResult {
    const { info, summarize, broker, warnings } = this.options;
    return buildRunResult({ tracker: this.tracker, info, orders: this.orders, summarize, broker, warnings, state: this.state, benchmark: this.benchmark }, outcome);
  }

  private async initialize(): Promise<void> {
    const { strategy, broker } = this.options;
    if (strategy.initialize) await this.callHook('initialize', () => strategy.initialize!(this.ctx));
    const wanted = this.state.benchmark;
    if (wanted !== undefined) {
      const asset = typeof wanted === 'string' ? await this.options.assets.lookupSymbol(wanted) : wanted;
      if (!asset) throw toStrategyError(new SymbolNotFoundError(String(wanted), 'setBenchmark'), this.options.strategyFile, 0, 'initialize');
      this.benchmark = asset;
      this.tracker.setHasBenchmark(true);
    }
    broker.configure(this.state.models);
    this.state.phase = 'run';
  }

  private async callHook(name: string, call: () => unknown): Promise<void> {
    this.hook = name;
    const r = call();
    if (isThenable(r)) await r;
    this.hook = undefined;
  }

  /**
   * The event loop, one async function for every clock. Each event is a synchronous step that
   * hands back a promise only for what is really pending — a chunk of market data loading, a
   * broker that answers asynchronously, a hook that returns a promise — so a backtest bar (an
   * immediate broker, data in memory) waits once, for `handleData`, and a session end not at all.
   * Per event:
   * - `bar`: market data → broker fills → mark to market → `handleData` → scheduled functions
   *   due → broker flush (orders placed on this bar, for `same-close`);
   * - `session-end`: the broker's cancel policy, auto-close, account controls, the daily row,
   *   then (with a signal) a turn of the Node event loop to see whether the run must stop;
   * - `before-trading-start`: the hook, when the strategy has one; `session-start`: nothing.
   * A session's first event resets the daily counters and applies its corporate actions.
   */
  private async runEvents(events: Iterable<ClockEvent> | AsyncIterable<ClockEvent>, signal: AbortSignal | undefined): Promise<void> {
    const state = this.state;
    let barsSinceTimeCheck = BARS_PER_TIME_CHECK; // the first session end looks
    let aborted = signal?.aborted === true;
    const onAbort = () => { aborted = true; };
    signal?.addEventListener('abort', onAbort, { once: true });
    const iterator = Symbol.asyncIterator in events
      ? (events as AsyncIterable<ClockEvent>)[Symbol.asyncIterator]()
      : (events as Iterable<ClockEvent>)[Symbol.iterator]();
    try {
      for (;;) {
        let step = iterator.next();
        if (isThenable(step)) step = await step;
        if (step.done) return;
        const event = step.value;
        const kind = event.kind;
        if (event.sessionIndex !== this.sessionIndex) this.startSession(event.sessionIndex);
        state.dt = event.dt;
        if (kind === 'bar') {
          barsSinceTimeCheck++;
          const handled = this.bar();
          if (handled !== undefined && isThenable(handled)) await handled;
          const ended = this.endBar();
          if (ended !== undefined) await ended;
        } else if (kind === 'session-end') {
          const ended = this.endSession();
          if (ended !== undefined) await ended;
          if (signal !== undefined) {
            if (barsSinceTimeCheck >= BARS_PER_TIME_CHECK) {
              barsSinceTimeCheck = 0;
              if (performance.now() >= this.nextTurn) await this.turn();
            }
            if (aborted) return;
          }
        } else if (kind === 'before-trading-start' && this.options.strategy.beforeTradingStart) {
          await this.beforeTradingStart();
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * A bar up to `handleData`: market data → broker fills → mark to market → the hook. Returns
   * what the hook returned (a promise to wait for, from an async `handleData`), or a promise
   * for all of it when the data or the broker answers asynchronously.
   */
  private bar(): unknown {
    const dt = this.state.dt;
    const advanced = this.options.market.advanceTo(dt);
    if (advanced !== undefined && isThenable(advanced)) return this.barAfter(advanced, undefined);
    const now = this.immediate;
    if (now) {
      const events = now.syncNow(dt);
      if (events.length > 0) this.applyAll(events);
    } else {
      const synced = this.options.broker.sync(dt);
      if (synced !== NO_BROKER_EVENTS) return this.barAfter(undefined, synced);
    }
    return this.handleData();
  }

  /** `bar` once the chunk loading (`advanced`) or the broker's answer (`synced`) is in. */
  private async barAfter(advanced: PromiseLike<void> | undefined, synced: Promise<readonly BrokerEvent[]> | undefined): Promise<void> {
    if (advanced !== undefined) {
      await advanced;
      const now = this.immediate, dt = this.state.dt;
      if (now) {
        const events = now.syncNow(dt);
        if (events.length > 0) this.applyAll(events);
      } else {
        const answer = this.options.broker.sync(dt);
        if (answer !== NO_BROKER_EVENTS) synced = answer;
      }
    }
    if (synced !== undefined) this.applyAll(await synced);
    const r = this.handleData();
    if (isThenable(r)) await r;
  }

  /** Marks to market and calls `handleData` (what it returns). */
  private handleData(): unknown {
    this.markToMarket();
    const handleData = this.options.strategy.handleData;
    if (!handleData) return undefined;
    this.hook = 'handleData';
    return handleData(this.ctx, this.data);
  }

  /** A bar after `handleData`: scheduled functions due, then the broker flush; a promise only when one is pending. */
  private endBar(): Promise<void> | undefined {
    this.hook = undefined;
    const scheduler = this.scheduler;
    if (scheduler.size > 0) {
      const due = scheduler.due(this.state.dt, this.daily, this.dueBuffer);
      if (due.length > 0) return this.runDue(due);
    }
    return this.flush();
  }

  private async runDue(due: readonly ScheduledFunction[]): Promise<void> {
    this.hook = 'a scheduled function';
    for (let i = 0; i < due.length; i++) {
      const r = due[i]!(this.ctx, this.data);
      if (isThenable(r)) await r;
    }
    this.hook = undefined;
    const flushed = this.flush();
    if (flushed !== undefined) await flushed;
  }

  /** Lets the broker match the orders placed on this bar (`same-close`). */
  private flush(): Promise<void> | undefined {
    if (this.orders.openOrderCount === 0) return undefined;
    const dt = this.state.dt, now = this.immediate;
    if (now) {
      const events = now.syncNow(dt);
      if (events.length > 0) this.applyAll(events);
      return undefined;
    }
    const synced = this.options.broker.sync(dt);
    return synced === NO_BROKER_EVENTS ? undefined : synced.then((events) => this.applyAll(events));
  }

  /** The session end: the broker's cancel policy, auto-close, account controls, the daily row. */
  private endSession(): Promise<void> | undefined {
    if (this.orders.openOrderCount > 0) {
      const now = this.immediate, broker = this.options.broker;
      if (now) this.applyAll(now.sessionEndNow(this.state.dt));
      else if (broker.sessionEnd) return this.endSessionAfter(broker.sessionEnd(this.state.dt));
    }
    return this.closeSession();
  }

  private async endSessionAfter(events: Promise<readonly BrokerEvent[]>): Promise<void> {
    this.applyAll(await events);
    const closed = this.closeSession();
    if (closed !== undefined) await closed;
  }

  /** Auto-close, account controls, the daily row. */
  private closeSession(): Promise<void> | undefined {
    const toCancel = this.autoClose.closeDue(this.state.day, this.state.dt, this.ledger, this.tracker, this.orders, this.priceOf);
    if (toCancel.length > 0) return this.closeSessionAfter(Promise.all(toCancel.map((id) => this.orders.cancel(id))));
    if (this.state.accountControls.length > 0) this.checkAccountControls();
    return this.recordSession();
  }

  private async closeSessionAfter(cancelled: Promise<unknown>): Promise<void> {
    await cancelled;
    this.checkAccountControls();
    const recorded = this.recordSession();
    if (recorded !== undefined) await recorded;
  }

  private async beforeTradingStart(): Promise<void> {
    // Market data moves before trading starts only when the strategy looks at it then.
    const advanced = this.options.market.advanceTo(this.state.dt);
    if (advanced !== undefined && isThenable(advanced)) await advanced;
    this.hook = 'beforeTradingStart';
    const r = this.options.strategy.beforeTradingStart!(this.ctx, this.data);
    if (isThenable(r)) await r;
    this.hook = undefined;
  }

  /** First event of a session: reset daily counters, resolve schedules, apply corporate actions. */
  private startSession(sessionIndex: number): void {
    const day = this.options.calendar.sessionDays[sessionIndex]!;
    this.sessionIndex = sessionIndex;
    this.sessionOpen = true;
    this.state.day = day;
    this.state.ordersToday = 0;
    this.scheduler.startSession(sessionIndex);
    const exToday = this.dividends.take(day);
    if (exToday.length > 0 || this.dividendsSeen) {
      this.dividendsSeen = true;
      this.ledger.processDividends(this.state.session, exToday);
    }
    if (!this.splits.done) {
      for (const split of this.splits.take(day)) {
        this.ledger.applySplit(split.sid, split.ratio);
        this.tracker.recordSplit(split.sid, split.ratio);
      }
    }
  }

  /** Applies broker events in order; a snapshot already recorded by the previous event is not recorded again. */
  private applyAll(events: readonly BrokerEvent[]): void {
    let last: Order | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if (event.kind === 'fill' && this.ledger.applyFill(event.fill)) this.tracker.addTransaction(event.fill);
      if (event.order !== last) this.orders.update((last = event.order));
    }
  }

  /** The account controls at the session end: a failing one stops the run or warns. */
  private checkAccountControls(): void {
    const list = this.state.accountControls;
    if (list.length === 0) return;
    for (const control of list) {
      const problem = control.check(this.ledger.account);
      if (problem === null) continue;
      if (control.onError === 'fail') {
        throw new StrategyError(`account control failed on ${this.state.session}: ${problem}`, { simulationTime: new Date(this.state.dt) });
      }
      this.ctx.log.warn({ control: control.name }, problem);
    }
  }

  /** Marks to the close and appends the session's daily row (with the benchmark's return). */
  private recordSession(): Promise<void> | undefined {
    this.sessionOpen = false;
    this.markToMarket();
    const asset = this.benchmark;
    if (!asset) return this.appendRow(0);
    const prices = this.options.market.history(asset, 'price', 2, '1d');
    if (isThenable(prices)) return Promise.resolve(prices).then((p) => this.appendRow(returnOf(p)));
    return this.appendRow(returnOf(prices));
  }

  /**
   * Marks the books to the current prices at the current instant, once: market data moves only
   * to a later instant, so at the same instant with no change to the positions the marks stand
   * (a daily session is valued at its bar, not again at its end).
   */
  private markToMarket(): void {
    const dt = this.state.dt, revision = this.ledger.revision;
    if (dt === this.markedDt && revision === this.markedRevision) return;
    this.ledger.markToMarket(this.priceOf, dt);
    this.markedDt = dt;
    this.markedRevision = revision;
  }

  private appendRow(benchmarkReturn: number): undefined {
    this.tracker.endSession(this.state.day, benchmarkReturn);
    this.options.onSessionEnd?.(this.sessionIndex);
    return undefined;
  }
}

/** Return of the last of two adjusted prices over the first (0 when unknown). */
function returnOf(prices: Float64Array): number {
  const r = prices[1]! / prices[0]! - 1;
  return Number.isFinite(r) ? r : 0;
}

