import type { Logger } from 'pino';
import { MINUTE_MS, isoUtc } from '../../core/time.js';
import type { Asset } from '../../model/asset.js';
import type { Bar, BarColumns, BarField, Frequency, HistoryFrequency } from '../../model/bar.js';
import type { BundleReader } from '../../ports/bundle-reader.js';
import type { TradingCalendar } from '../../ports/calendar.js';
import type { MarketData, MaybePromise } from '../../ports/market-data.js';
import { CLOSE, type BarPanel } from './bar-panel.js';
import { dailyFromMinutes } from './daily-from-minutes.js';
import { BundleMarketData } from './bundle-market-data.js';
import { ChunkedPanel } from './chunked-panel.js';
import { CorporateActionIndex } from './corporate-action-index.js';
import { liveDailySource, liveMinuteSource, type LiveHistory } from './live-panel-sources.js';
import { MinuteBarStore } from './minute-bar-store.js';
import { dailyGrid } from './slot-grid.js';
import { sessionAfter } from '../../calendar/session-instants.js';
import { lowerBound } from '../../core/numeric.js';

/** Gets bars of the watched assets from the broker's data API and starts streaming them. */
export interface BarSource {
  /** Starts streaming the assets' minute bars (into `LiveMarketData.ingest`). */
  subscribe(assets: readonly Asset[]): Promise<void>;
  /** Minute bars `startMs ≤ ts < endMs` of the assets over REST. */
  backfill(assets: readonly Asset[], startMs: number, endMs: number): Promise<Bar[]>;
}

/** Options of `LiveMarketData`. */
export interface LiveMarketDataOptions {
  readonly calendar: TradingCalendar;
  readonly frequency: Frequency;
  /** History bundle (only its bars before the first session of the run are used), or null. */
  readonly reader: BundleReader | null;
  /** First session of the run (calendar index). */
  readonly firstSession: number;
  readonly source: BarSource;
  /** Current time (for how far to backfill). */
  readonly now: () => number;
  /** Sessions of minute history kept before today (default 1). */
  readonly minuteLookbackSessions?: number;
  /**
   * Sessions of minute bars kept in memory before today (default 5, at least the minute
   * lookback): older sessions are kept as daily bars only, so memory stays bounded over weeks.
   */
  readonly minuteRetentionSessions?: number;
  /** Most sessions between the bundle's end and today to fill over REST (default 5). */
  readonly maxGapSessions?: number;
  /** Daily frequency: today's bar is visible this long before the close (default 0). */
  readonly dailyLeadMs?: number;
  readonly logger?: Logger;
}

const DAILY_LOOKBACK = 252;

/** First session whose bars the bundle does not hold (the session after its last bar). */
export async function bundleEndSession(reader: BundleReader, calendar: TradingCalendar): Promise<number> {
  const [daily, minute] = await Promise.all([reader.range('daily'), reader.range('minute')]);
  let end = calendar.sessions.length;
  if (minute) end = Math.min(end, sessionAfter(calendar, minute.last) + 1);
  if (daily) end = Math.min(end, calendar.sessionOnOrBefore(isoUtc(daily.last).slice(0, 10)) + 1);
  return end;
}

/**
 * `MarketData` of paper and live trading: one continuous series per asset made of the bundle's
 * bars before the run's first session, minute bars fetched over REST from there to now, and the
 * live bars — a bar for a minute already held replaces it (Alpaca's corrected `u` bars), an
 * identical one is ignored, so there is no gap and no duplicate. It answers exactly like the
 * backtest's `BundleMarketData` (which it uses underneath, one session at a time), so a strategy
 * sees the same numbers in both. Assets are watched when the strategy looks them up: the first
 * `advanceTo` after that subscribes and backfills them.
 */
export class LiveMarketData implements MarketData {
  /** Minute bars received (REST and live) of the retained sessions. */
  readonly store = new MinuteBarStore();
  /** Daily bars made from the minute bars of sessions no longer retained (`ts` = the session day). */
  readonly days = new MinuteBarStore();
  /** Sessions before this one hold no minute bars in `store` any more. */
  private retainedFrom = 0;
  private readonly watched = new Map<number, Asset>();
  private pending: Asset[] = [];
  private readonly streamedToday = new Set<number>();
  private sources: LiveHistory | undefined;
  private inner: BundleMarketData | undefined;
  private innerSession = -1;
  private main: ChunkedPanel | undefined;
  private daily: ChunkedPanel | undefined;
  private rowOf = new Int32Array(0);
  private session: number;
  /** The latest instant handed out (`advanceTo`): minute bars opening before it are late when they arrive. */
  private handedOut = -Infinity;
  /** Late live bars since the last `advanceTo`, by sid (the latest of each asset). */
  private readonly late = new Map<number, Bar>();
  /** Live minute bars that arrived after their minute had been handed out. */
  lateBars = 0;

  constructor(private readonly options: LiveMarketDataOptions) {
    this.session = options.firstSession;
  }

  /** Assets whose bars are followed. */
  get assets(): readonly Asset[] {
    return [...this.watched.values()];
  }

  /** Follows an asset's bars from the next `advanceTo` on. */
  watch(asset: Asset): void {
    if (this.watched.has(asset.sid)) return;
    this.watched.set(asset.sid, asset);
    this.pending.push(asset);
  }

  /**
   * Daily bars of `sids` on sessions `first…last` (calendar indices): the bundle's before the
   * run's history cutoff, then days made from the REST and live minute bars of watched assets —
   * the data pipelines compute from in paper and live trading.
   */
  async dailyBars(sids: readonly number[], first: number, last: number): Promise<ReadonlyMap<number, BarColumns>> {
    const h = this.sources ??= await this.openHistory();
    return liveDailySource(h, sids).bars(dailyGrid(this.options.calendar, first, last));
  }

  /**
   * Takes a live or backfilled bar; returns false when it was a duplicate. A live minute bar of a
   * minute already handed out is late: it is stored (history has it), counted and reported, and
   * the strategy trades on it at the next minute if that minute's own bar is not in by then.
   */
  ingest(bar: Bar, live = true): boolean {
    const r = this.store.put(bar);
    if (r === 'duplicate') return false;
    if (live) this.streamedToday.add(bar.sid);
    this.writeIntoPanels(bar);
    if (live && this.options.frequency === 'minute' && bar.ts + MINUTE_MS <= this.handedOut) this.lateBar(bar);
    return true;
  }

  private lateBar(bar: Bar): void {
    this.lateBars++;
    this.late.set(bar.sid, bar);
    this.options.logger?.warn(
      { symbol: this.watched.get(bar.sid)?.symbol ?? bar.sid, minute: isoUtc(bar.ts), handedOut: isoUtc(this.handedOut) },
      'a minute bar arrived after its minute was handed to the strategy: stored, and traded on at the next minute',
    );
  }

  /**
   * At a new minute: an asset whose latest bar came late and whose bar of this minute is not in
   * yet shows the late bar's close for this minute (volume 0, as a forward-filled minute), so
   * it is tradable at this decision point; the minute's own bar replaces it if it arrives.
   */
  private carryLateBars(dt: number): void {
    if (this.late.size === 0) return;
    const minute = dt - MINUTE_MS;
    for (const [sid, bar] of this.late) {
      const a = this.rowOf[sid] ?? -1;
      if (a < 0 || !this.main || bar.ts >= minute || this.store.lastTs(sid) !== bar.ts) continue;
      // not across a night: the next session's first minute waits for its own bar
      if (this.options.calendar.sessionOfMinute(bar.ts) !== this.options.calendar.sessionOfMinute(minute)) continue;
      const c = bar.close;
      writeMinute(this.main.panel, a, { sid, ts: minute, open: c, high: c, low: c, close: c, volume: 0 });
    }
    this.late.clear();
  }

  /**
   * True when the bars of the minute opening at `minuteTs` are in: every watched asset that has
   * streamed a bar this session (all watched ones before the first) has one at or after it.
   */
  barsIn(minuteTs: number): boolean {
    let any = false;
    for (const sid of this.expected()) {
      any = true;
      if (this.store.lastTs(sid) < minuteTs) return false;
    }
    return any;
  }

  /**
   * True when an expected asset (as in `barsIn`) has no bar for the minute opening at `minuteTs`
   * although the minute is settled for it (a later bar came first): the strategy sees it stale.
   */
  barMissing(minuteTs: number): boolean {
    for (const sid of this.expected()) {
      if (this.store.lastTs(sid) >= minuteTs && !this.store.has(sid, minuteTs)) return true;
    }
    return false;
  }

  /** Assets whose bar each minute is awaited: those that streamed this session, all watched before the first. */
  private expected(): Iterable<number> {
    return this.streamedToday.size > 0 ? this.streamedToday : this.watched.keys();
  }

  /**
   * Gets ready for instant `dt` without showing it: subscribes and backfills newly watched
   * assets and loads the session of `dt` (the realtime clock calls it before awaiting bars).
   */
  prepare(dt: number): MaybePromise<void> {
    const s = this.sessionOf(dt);
    if (!this.inner || s !== this.innerSession || this.pending.length > 0) return this.rebuild(s);
    return undefined;
  }

  advanceTo(dt: number): MaybePromise<void> {
    const ready = this.prepare(dt);
    if (ready !== undefined) return ready.then(() => this.handOut(dt));
    return this.handOut(dt);
  }

  private handOut(dt: number): MaybePromise<void> {
    if (this.options.frequency === 'minute') this.carryLateBars(dt);
    this.handedOut = Math.max(this.handedOut, dt);
    return this.inner!.advanceTo(dt);
  }

  /** The session `dt` belongs to (the first whose close is at or after it); a new one resets the streamed set. */
  private sessionOf(dt: number): number {
    const closes = this.options.calendar.closes;
    let s = this.session;
    while (s < closes.length - 1 && closes[s]! < dt) s++;
    if (s !== this.session) this.streamedToday.clear();
    this.session = s;
    return s;
  }

  current(asset: Asset, field: BarField): number {
    return this.inner ? this.inner.current(asset, field) : field === 'volume' ? 0 : NaN;
  }

  history(asset: Asset, field: BarField, barCount: number, frequency: HistoryFrequency): MaybePromise<Float64Array> {
    if (!this.inner) return new Float64Array(barCount).fill(field === 'volume' ? 0 : NaN);
    return this.inner.history(asset, field, barCount, frequency);
  }

  canTrade(asset: Asset): boolean {
    return this.inner?.canTrade(asset) ?? false;
  }

  isStale(asset: Asset): boolean {
    return this.inner?.isStale(asset) ?? false;
  }

  /** Subscribes and backfills newly watched assets, then rebuilds the session's panels. */
  private async rebuild(s: number): Promise<void> {
    const o = this.options;
    const history = this.sources ??= await this.openHistory();
    if (this.pending.length > 0) {
      const fresh = this.pending;
      this.pending = [];
      await o.source.subscribe(fresh);
      const from = Math.max(history.cutoffSession, o.firstSession - (o.maxGapSessions ?? 5));
      if (history.cutoffSession < from) {
        o.logger?.warn({ bundleEnd: o.calendar.sessions[history.cutoffSession - 1] }, 'the history bundle ends more than a few sessions ago; daily history has a gap — ingest a fresher bundle');
      }
      const end = Math.floor(o.now() / MINUTE_MS) * MINUTE_MS;
      const startMs = o.calendar.opens[Math.min(from, o.calendar.opens.length - 1)]!;
      if (end > startMs) {
        const bars = await o.source.backfill(fresh, startMs, end);
        for (const bar of bars) this.ingest(bar, false);
        o.logger?.info({ symbols: fresh.map((a) => a.symbol), bars: bars.length, from: isoUtc(startMs), to: isoUtc(end) }, 'backfilled minute bars over REST');
      }
    }
    await this.build(s);
  }

  private async openHistory(): Promise<LiveHistory> {
    const { reader, calendar, firstSession } = this.options;
    const bundleEnd = reader ? await bundleEndSession(reader, calendar) : 0;
    const bundleHasDaily = reader ? (await reader.range('daily')) !== null : false;
    return { calendar, reader, bundleHasDaily, cutoffSession: Math.min(firstSession, bundleEnd), store: this.store, days: this.days };
  }

  /**
   * Drops the minute bars of sessions before `keepFrom` after keeping each of those sessions as
   * one daily bar per asset (what daily history and the daily panel read for them).
   */
  private retainFrom(keepFrom: number): void {
    const { calendar } = this.options;
    const from = Math.max(this.retainedFrom, this.sources!.cutoffSession);
    if (keepFrom <= from) return;
    const minutes = this.store.columns([...this.watched.keys()], calendar.opens[from]!, calendar.opens[keepFrom]!);
    for (const [sid, d] of dailyFromMinutes(minutes, calendar)) {
      for (let i = 0; i < d.ts.length; i++) this.days.put({ sid, ts: d.ts[i]!, open: d.open[i]!, high: d.high[i]!, low: d.low[i]!, close: d.close[i]!, volume: d.volume[i]! });
    }
    this.store.prune(calendar.opens[keepFrom]!);
    this.retainedFrom = keepFrom;
  }

  private async build(s: number): Promise<void> {
    const o = this.options, h = this.sources!;
    this.retainFrom(s - Math.max(o.minuteRetentionSessions ?? 5, o.minuteLookbackSessions ?? 1));
    const assets = [...this.watched.values()].sort((a, b) => a.sid - b.sid);
    const sids = assets.map((a) => a.sid);
    const rowOf = new Int32Array(sids.reduce((m, x) => Math.max(m, x), -1) + 1).fill(-1);
    assets.forEach((a, k) => { rowOf[a.sid] = k; });
    const indexOfSid = (sid: number) => rowOf[sid] ?? -1;
    const [splits, dividends] = h.reader && sids.length > 0 ? await Promise.all([h.reader.splits(sids), h.reader.dividends(sids)]) : [[], []];
    const actions = new CorporateActionIndex(splits, dividends, o.calendar, indexOfSid, assets.length);
    const lead = o.dailyLeadMs ?? 0;
    const visibleAt = lead > 0 ? (i: number) => o.calendar.closes[i]! - lead : undefined;
    const dailyPlan = { startIndex: s, endIndex: s, chunkSessions: 1, lookbackSessions: DAILY_LOOKBACK };
    const daily = new ChunkedPanel(liveDailySource(h, sids, visibleAt), dailyPlan, assets.length, indexOfSid);
    let main = daily, dailyPanel: ChunkedPanel | undefined;
    if (o.frequency === 'minute') {
      const plan = { startIndex: s, endIndex: s, chunkSessions: 1, lookbackSessions: o.minuteLookbackSessions ?? 1 };
      main = new ChunkedPanel(liveMinuteSource(h, sids), plan, assets.length, indexOfSid);
      dailyPanel = daily;
    }
    await main.ensure(s - 1, s);
    this.main = main;
    this.daily = daily;
    this.rowOf = rowOf;
    this.inner = new BundleMarketData({
      calendar: o.calendar, frequency: o.frequency, startIndex: s, endIndex: s, assets, sidIndex: rowOf, main, daily: dailyPanel, actions,
    });
    this.innerSession = s;
  }

  /** Writes a bar into the loaded panels in place (the market data sees it at once). */
  private writeIntoPanels(bar: Bar): void {
    const a = this.rowOf[bar.sid] ?? -1;
    if (a < 0 || !this.main) return;
    if (this.options.frequency === 'minute') writeMinute(this.main.panel, a, bar);
    const daily = this.daily?.panel;
    if (daily) this.refreshDay(daily, a, bar);
  }

  /** Rebuilds the daily slot of the bar's session from the stored minute bars (sessions past the bundle). */
  private refreshDay(panel: BarPanel, a: number, bar: Bar): void {
    const { calendar } = this.options;
    const s = calendar.sessionOfMinute(bar.ts);
    const g = panel.grid;
    if (s < 0 || s < g.firstSession || s > g.lastSession || s < this.sources!.cutoffSession) return;
    const day = dailyFromMinutes(this.store.columns([bar.sid], calendar.opens[s]!, calendar.closes[s]!), calendar).get(bar.sid);
    if (!day || day.ts.length === 0) return;
    writeSlot(panel, a, g.sessionStart[s - g.firstSession]!, [day.open[0]!, day.high[0]!, day.low[0]!, day.close[0]!, day.volume[0]!]);
  }
}

/** Writes a minute bar into its slot of a minute panel, if the panel has that minute. */
function writeMinute(panel: BarPanel, a: number, bar: Bar): void {
  const ts = panel.grid.slotTs;
  const lo = lowerBound(ts, bar.ts);
  if (lo < ts.length && ts[lo] === bar.ts) writeSlot(panel, a, lo, [bar.open, bar.high, bar.low, bar.close, bar.volume]);
}

/** Sets OHLCV of asset `a` at slot `k` and forward-fills `price` from there. */
function writeSlot(panel: BarPanel, a: number, k: number, ohlcv: readonly number[]): void {
  const size = panel.grid.size, base = a * size, cols = panel.columns;
  for (let f = 0; f < 5; f++) cols[f]![base + k] = ohlcv[f]!;
  const close = cols[CLOSE]!, price = cols[5]!;
  let last = close[base + k]!;
  for (let j = k; j < size; j++) {
    const c = close[base + j]!;
    if (c === c) last = c;
    price[base + j] = last;
  }
}
