import type { Logger } from 'pino';
import { UsageError, type StrategyError } from '../core/errors.js';
import { uuid } from '../core/ids.js';
import { isoUtc } from '../core/time.js';
import type { Asset } from '../model/asset.js';
import type { Frequency } from '../model/bar.js';
import type { TradingCalendar } from '../ports/calendar.js';
import type { FillPolicy, RunResult } from '../model/results.js';
import type { Broker } from '../ports/broker.js';
import type { StrategyDefinition } from '../strategy/define.js';
import type { BundleReader } from '../ports/bundle-reader.js';
import type { FeedStatus, LiveFeed } from '../ports/live-feed.js';
import type { MarketData } from '../ports/market-data.js';
import { Engine } from '../engine/engine.js';
import { summarize } from '../metrics/summary.js';
import { bundleCalendar } from '../data/bundle-calendar.js';
import { bundlePipelineSource } from '../data/pipeline-source.js';
import { ChunkedPipelines } from '../pipeline/attached.js';
import { Journal, JOURNAL_FILE, readJournal } from './journal.js';
import { foldJournal } from './journal-state.js';
import { JournaledBroker } from './journaled-broker.js';
import { LiveAssets, feedBarSource, toRunBar } from './live-assets.js';
import { LiveMarketData } from '../data/market-data/live-market-data.js';
import { RealtimeClock } from './realtime-clock.js';
import { sessionAfter } from '../calendar/session-instants.js';
import type { BooksPolicy } from './books-policy.js';
import type { ReconcileParts } from './reconcile.js';
import type { SessionSummary } from '../model/session-summary.js';
import { countOrders, positionRows } from './session-summary.js';
import { ShutdownController } from './shutdown.js';
import type { TimeSource } from './time-source.js';
import { windDown } from './wind-down.js';

/** What the broker of a session is built from (paper: a simulated broker over the live market data). */
export interface BrokerParts {
  readonly market: MarketData;
  /** The calendar and frequency of the session's bars. */
  readonly bars: { readonly calendar: TradingCalendar; readonly frequency: Frequency };
  /** Strategy time (epoch ms). */
  readonly now: () => number;
  readonly runId: string;
  readonly capital: number;
  /** The run's asset of a broker symbol (from the history bundle), if any. */
  readonly assetOf: (symbol: string) => Asset | undefined;
}

/** A strategy loaded from its file, with validated params. */
export interface SessionStrategy {
  /** Absolute path of the file. */
  readonly file: string;
  /** The result's `strategy` label. */
  readonly name: string;
  readonly definition: StrategyDefinition<Record<string, unknown>, Record<string, unknown>>;
  readonly params: Record<string, unknown>;
}

/** The broker of a session and the policy that keeps the books true with it. */
export interface SessionBroker {
  readonly broker: Broker;
  readonly books: BooksPolicy;
}

/**
 * Wall ms a minute's bars are awaited at least, past the grace, when time is estimated from a
 * remote clock: its extrapolation may run ahead of the venue by a fraction of a second.
 */
const ESTIMATED_TIME_WALL_GRACE_MS = 1_000;

/**
 * Everything a paper or live session is made of; `runtime/paper.ts` and `runtime/live.ts` fill
 * it in. The two differ only in the parts given here (broker and books policy, feed, time), never
 * by a branch on `mode`, which is only a label.
 */
export interface LiveSessionSetup {
  /** Label of the result, journal and summary. */
  readonly mode: 'paper' | 'live';
  readonly strategy: SessionStrategy;
  /** History bundle: assets, and bars before the first session. */
  readonly reader: BundleReader;
  readonly frequency: Frequency;
  readonly fill: FillPolicy;
  readonly feed: LiveFeed;
  readonly makeBroker: (parts: BrokerParts) => SessionBroker;
  /** Paper: starting cash. Live: undefined (the broker account's equity at the first start). */
  readonly capital?: number;
  /** Where the broker trades, for logs and the summary (host, account). */
  readonly brokerLabel: string;
  readonly account: string;
  readonly time: TimeSource;
  readonly stateDir: string;
  readonly onExit: 'cancel' | 'keep';
  readonly logger: Logger;
  /** A symbol, `none`, or undefined for the bundle's benchmark. */
  readonly benchmark?: string;
  readonly barGraceMs?: number;
  readonly dailyLeadMs?: number;
  readonly maxSessions?: number;
  readonly lastSession?: string;
  /**
   * The process's stop control (the CLI installs its signal handlers before anything else and
   * disposes it after the last write); without it the session makes its own, stopped by `stop()`.
   */
  readonly shutdown?: ShutdownController;
  /** Receives the session's control handle as soon as it exists (tests stop it with it). */
  readonly onReady?: (handle: LiveSessionHandle) => void;
  /** The result's warnings: the venue's parts may add to it while the session runs. */
  readonly warnings?: string[];
}

/** Control of a running session. */
export interface LiveSessionHandle {
  /** Stops taking bars and winds the session down (as SIGTERM does). */
  stop(reason?: string): void;
  readonly runId: string;
  readonly journalFile: string;
  readonly engine: Engine<Record<string, unknown>, Record<string, unknown>>;
  readonly clock: RealtimeClock;
  readonly market: LiveMarketData;
}

/** How a session ended. */
export interface LiveSessionOutcome {
  readonly result: RunResult;
  readonly error: StrategyError | null;
  readonly summary: SessionSummary;
  /** Differences between our books and the broker's at the end (live; empty for paper). */
  readonly finalDifferences: readonly string[];
  readonly runId: string;
  readonly incarnation: number;
}

/**
 * Runs a strategy on live bars: the same `Engine` as a backtest with a realtime clock, live
 * market data and a journaled broker. Reads the journal of `stateDir` and reconciles with the
 * broker before the first event; after each reconnect the positions are checked again; on stop
 * (signal, `stop()`, end of the clock) it winds down per `onExit` and returns the summary.
 */
export async function runLiveSession(setup: LiveSessionSetup): Promise<LiveSessionOutcome> {
  const { strategy, reader, logger, time, feed, mode } = setup;
  const calendar = await bundleCalendar(reader);
  const journalFile = `${setup.stateDir}/${JOURNAL_FILE}`;
  const contents = readJournal(journalFile);
  if (contents.skippedLines.length > 0) logger.warn({ lines: contents.skippedLines }, 'journal: skipped a record cut short by a crash');
  const state = foldJournal(contents.records);
  const incarnation = state.starts + 1;
  const base = state.first?.base ?? `${strategy.name}-${uuid().slice(0, 8)}`;
  const runId = `${base}.${incarnation}`;
  const firstSession = sessionAfter(calendar, time.now());
  if (firstSession >= calendar.sessions.length) throw new UsageError(`no trading session after ${new Date(time.now()).toISOString()} on calendar ${calendar.name}`);

  let engine: Engine<Record<string, unknown>, Record<string, unknown>> | undefined;
  const now = () => engine?.now || time.now();
  let market: LiveMarketData | undefined;
  const assets = await LiveAssets.load(reader, (asset) => market!.watch(asset));
  market = new LiveMarketData({
    calendar, frequency: setup.frequency, reader, firstSession, source: feedBarSource(feed, assets), now: () => time.now(),
    dailyLeadMs: setup.dailyLeadMs, logger,
  });
  const benchmark = await resolveBenchmark(reader, assets, setup.benchmark);
  if (benchmark) market.watch(benchmark);

  const journal = new Journal(setup.stateDir, state.lastSeq);
  const { broker: inner, books } = setup.makeBroker({ market, bars: { calendar, frequency: setup.frequency }, now, runId, capital: setup.capital ?? 0, assetOf: (symbol) => assets.bySymbolQuiet(symbol) });
  const capital = setup.capital ?? state.first?.capital ?? (await inner.getAccount()).equity;
  journal.append({ type: 'start', runId, base, incarnation, mode, broker: setup.brokerLabel, account: setup.account, strategy: strategy.name, capital });
  logger.info({ mode, runId, broker: setup.brokerLabel, account: setup.account, journal: journal.file }, `${mode} session starting`);
  const broker = new JournaledBroker(inner, { journal, logger, now, knownExecutions: state.fills.keys() });

  const live = market;
  const clock = new RealtimeClock({
    calendar, frequency: setup.frequency, time, barsIn: (m) => live.barsIn(m), barMissing: (m) => live.barMissing(m), prepare: (dt) => live.prepare(dt),
    barGraceMs: setup.barGraceMs, barGraceWallMs: time.estimated ? ESTIMATED_TIME_WALL_GRACE_MS : 0,
    dailyLeadMs: setup.dailyLeadMs, maxSessions: setup.maxSessions, lastSession: setup.lastSession,
    onStale: (minuteTs) => {
      if (live.assets.length === 0) return;
      staleBars++;
      logger.warn({ minute: isoUtc(minuteTs), barGraceMs: setup.barGraceMs }, 'bars of this minute were not all in when the strategy was handed it: it saw those assets stale (a bar the feed skipped, or one later than --bar-grace)');
    },
  });
  let staleBars = 0;
  /** The result's warnings (the engine reads them when it builds the result): the venue's parts', and bars late or missing, added at the end. */
  const runWarnings: string[] = setup.warnings ?? [];
  let sessions = 0, reconnects = 0, differences = 0, checkPending = false;
  const stopFeedBars = feed.onBar((bar) => {
    const b = toRunBar(bar, assets);
    if (b && live.ingest(b, true)) clock.notify();
  });
  const onReconnect = (stream: string, what: string) => {
    reconnects++;
    checkPending = true;
    logger.warn({ stream, simTime: new Date(now()).toISOString() }, `${stream} reconnected: ${what}`);
  };
  const stopFeedStatus = feed.onStatus((s: FeedStatus) => {
    if (s === 'reconnected') onReconnect('market data', 'resubscribed; the bars missed meanwhile are backfilled over REST');
    else if (s === 'disconnected') logger.warn({ stream: 'market data' }, 'market data disconnected');
  });
  const stopMissed = books.onMissedEvents(() => onReconnect('trade updates', 'orders reconciled over REST; positions checked at the next quiet bar'));

  engine = new Engine({
    strategy: strategy.definition, params: strategy.params, clock, market, broker, calendar, assets, frequency: setup.frequency,
    capital, runId, benchmark, logger, summarize, warnings: runWarnings,
    ...(books.corporateActions === 'bundle' ? { splits: await reader.splits(), dividends: await reader.dividends() } : {}),
    strategyFile: strategy.file,
    // Pipelines: the bundle plus the days made from the bars received since, each session
    // computed when asked (from data up to the previous close); attaching one follows every asset.
    pipelines: new ChunkedPipelines(
      () => bundlePipelineSource(reader, calendar, { assets: assets.all(), dailyBars: (sids, first, last) => live.dailyBars(sids, first, last) }),
      { onAttach: () => { for (const a of assets.all()) live.watch(a); } },
    ),
    info: {
      strategy: strategy.name, bundle: reader.meta.name, mode, frequency: setup.frequency, fill: setup.fill,
      start: calendar.sessions[firstSession]!, end: calendar.sessions[firstSession]!,
    },
    onSessionEnd: () => {
      sessions++;
      // the venue's overnight changes (splits, dividends) reach the books at the next quiet bar
      checkPending = true;
    },
  });
  const parts: ReconcileParts = {
    broker, journal, books: engine, logger, ownPrefix: `${base}.`,
    assetOf: (sid, symbol) => assets.bySidQuiet(sid) ?? assets.bySymbolQuiet(symbol),
  };
  const shutdown = setup.shutdown ?? new ShutdownController({ logger });
  const stopClock = shutdown.onStop(() => clock.stop(), () => journal.close());
  const release = () => {
    stopClock();
    if (!setup.shutdown) shutdown.dispose();
  };
  const firstDt = time.now();
  let outcome: { result: RunResult; error: StrategyError | null } | undefined;
  try {
    differences += (await books.start(parts, state)).length;
    broker.afterSync = async (batch) => {
      if (!checkPending || batch.length > 0 || engine.orders.openOrderCount > 0) return;
      checkPending = false;
      try {
        differences += (await books.check(parts)).length;
      } catch (err) {
        // the venue did not answer the check (beyond the REST retries): trading goes on, and the check runs again after the next sync
        checkPending = true;
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'reconciliation after the reconnect failed; it is tried again after the next sync');
      }
    };
    setup.onReady?.({ stop: (reason = 'stop requested') => shutdown.request(reason), runId, journalFile: journal.file, engine, clock, market });
    outcome = await engine.run();
  } catch (err) {
    release();
    journal.append({ type: 'stop', reason: `error: ${err instanceof Error ? err.message : String(err)}`, openOrders: engine.orders.openOrderCount, onExit: 'keep' });
    journal.close();
    throw err;
  } finally {
    stopFeedBars();
    stopFeedStatus();
    stopMissed();
    if (!outcome) await Promise.allSettled([feed.close(), broker.close()]);
  }
  const end = await windDown({ engine, broker, books, parts, journal, onExit: setup.onExit, logger, reason: shutdown.reason ?? 'clock ended' });
  release();
  runWarnings.push(...barWarnings(staleBars, live.lateBars));
  const result = engine.settledResult();
  await Promise.allSettled([feed.close(), broker.close()]);
  const ledger = engine.ledger;
  const summary: SessionSummary = {
    mode, strategy: strategy.name, broker: setup.brokerLabel, account: setup.account, runId, journal: journal.file,
    stoppedBy: outcome.error ? `strategy error: ${outcome.error.message}` : shutdown.reason ?? 'clock ended',
    from: firstDt, to: engine.now || NaN, sessions, orders: countOrders(engine.orders.orders.values()), onExit: setup.onExit,
    fills: end.fills, positions: positionRows(ledger), startingCash: capital, cash: ledger.cash, equity: ledger.portfolioValue,
    reconnects, differences: differences + end.differences.length, staleBars, lateBars: live.lateBars,
  };
  return { result, error: outcome.error, summary, finalDifferences: end.differences, runId, incarnation };
}

/** The result's warnings about bars: minutes handed out stale, bars that came after their minute. */
function barWarnings(staleBars: number, lateBars: number): string[] {
  const out: string[] = [];
  if (staleBars > 0) out.push(`${staleBars} minute${staleBars === 1 ? ' was' : 's were'} handed to the strategy before all bars were in (those assets were stale then); raise --bar-grace if the feed is slow`);
  if (lateBars > 0) out.push(`${lateBars} minute bar${lateBars === 1 ? '' : 's'} arrived after ${lateBars === 1 ? 'its' : 'their'} minute was handed to the strategy: stored, and traded on at the next minute`);
  return out;
}

async function resolveBenchmark(reader: BundleReader, assets: LiveAssets, wanted: string | undefined): Promise<Asset | null> {
  if (wanted === 'none') return null;
  const symbol = wanted ?? reader.meta.benchmark;
  if (!symbol) return null;
  const asset = assets.bySymbolQuiet(symbol);
  if (!asset && wanted !== undefined) throw new UsageError(`benchmark symbol '${wanted}' is not in bundle '${reader.meta.name}'; pick another or use --benchmark none`);
  return asset ?? null;
}
