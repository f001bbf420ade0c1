import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { startAlpacaSim, type AlpacaSim } from '../../src/alpaca-sim/index.js';
import type { AlpacaSimOptions } from '../../src/alpaca-sim/options.js';
import { openBundle } from '../../src/data/registry.js';
import type { RunResult } from '../../src/model/results.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import type { LiveSessionHandle, LiveSessionOutcome } from '../../src/live/live-session.js';
import { PolledTimeSource } from '../../src/live/time-source.js';
import { runIngest } from '../../src/runtime/ingest.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/poll.js';

/** The two sessions of the test bundle: history, then the replayed day. */
export const HISTORY_DAY = '2024-09-30';
export const TRADE_DAY = '2024-10-01';
/** 2024-10-01 opens 13:30 UTC and closes 20:00 UTC. */
export const OPEN_MS = Date.parse('2024-10-01T13:30:00Z');
export const CLOSE_MS = Date.parse('2024-10-01T20:00:00Z');
const MINUTES = 390;

/** Close of AAA at minute `k` of the two sessions (k = 0 … 779): a slow wave, so moving averages cross. */
export function aaaClose(k: number): number {
  return Math.round((100 + 4 * Math.sin(k / 23) + k / 200) * 100) / 100;
}

/** Corporate actions of AAA in a live test bundle (they go in the bundle, which the simulator replays). */
export interface LiveBundleActions {
  /** Sessions to write (default the history day and the trade day); the wave continues across them. */
  readonly days?: readonly string[];
  /** A split of AAA: its raw prices from `date` on are the wave's divided by `ratio` (shares after / before). */
  readonly split?: { readonly date: string; readonly ratio: number };
  /** Cash dividends of AAA per share, paid on the ex date. */
  readonly dividends?: readonly { readonly exDate: string; readonly amount: number }[];
}

/**
 * Writes sessions of minute bars of AAA (a wave) and BBB (flat 50) as csvdir and ingests them
 * as `live`; `withhold` names minutes (`YYYY-MM-DD HH:MM` exchange time) of AAA left out;
 * `actions` adds sessions, a split and dividends of AAA.
 */
export async function ingestLiveBundle(dir: string, withhold: readonly string[] = [], actions: LiveBundleActions = {}): Promise<{ bundlesDir: string; bundle: string }> {
  const src = path.join(dir, 'csv', 'minute');
  mkdirSync(src, { recursive: true });
  const { days = [HISTORY_DAY, TRADE_DAY], split, dividends = [] } = actions;
  for (const symbol of ['AAA', 'BBB']) {
    const lines = ['date,open,high,low,close,volume'];
    days.forEach((day, d) => {
      const divisor = symbol === 'AAA' && split && day >= split.date ? split.ratio : 1;
      const raw = (k: number) => Math.round(aaaClose(k) / divisor * 100) / 100;
      for (let m = 0; m < MINUTES; m++) {
        const k = d * MINUTES + m;
        const close = symbol === 'AAA' ? raw(k) : 50;
        const open = symbol === 'AAA' ? raw(Math.max(0, k - 1)) : 50;
        const hh = 9 + Math.floor((30 + m) / 60), mm = (30 + m) % 60;
        const stamp = `${day} ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00`;
        if (symbol === 'AAA' && withhold.includes(stamp.slice(0, 16))) continue;
        lines.push(`${stamp},${open},${(Math.max(open, close) + 0.1).toFixed(2)},${(Math.min(open, close) - 0.1).toFixed(2)},${close},10000`);
      }
    });
    writeFileSync(path.join(src, `${symbol}.csv`), `${lines.join('\n')}\n`);
  }
  const bundlesDir = path.join(dir, 'bundles');
  const sides: { splits?: string; dividends?: string } = {};
  if (split) writeFileSync(sides.splits = path.join(dir, 'splits.csv'), `symbol,date,ratio\nAAA,${split.date},${split.ratio}\n`);
  if (dividends.length > 0) writeFileSync(sides.dividends = path.join(dir, 'dividends.csv'), `symbol,ex_date,amount\n${dividends.map((d) => `AAA,${d.exDate},${d.amount}\n`).join('')}`);
  await runIngest({ bundlesDir, bundle: 'live', source: 'csvdir', path: path.join(dir, 'csv'), ...sides });
  return { bundlesDir, bundle: 'live' };
}

/**
 * A minute strategy: 5- vs 20-minute moving averages of AAA's closes; 50 % in AAA while the fast
 * one is above, flat otherwise; no commission (the simulator charges none, as Alpaca).
 */
export const SMA_MINUTE_STRATEGY = `
import { commission, defineStrategy } from 'ziplime';
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
export default defineStrategy({
  state: () => ({ asset: undefined }),
  async initialize(ctx) {
    ctx.state.asset = await ctx.symbol('AAA');
    ctx.setCommission(commission.none());
  },
  async handleData(ctx, data) {
    const a = ctx.state.asset;
    const [fast, slow] = await Promise.all([data.history(a, 'close', 5, '1m'), data.history(a, 'close', 20, '1m')]);
    if (Number.isNaN(mean(slow)) || !data.canTrade(a)) return;
    await ctx.orderTargetPercent(a, mean(fast) > mean(slow) ? 0.5 : 0);
  },
});
`;

/** Writes a strategy file and returns its path. */
export function writeStrategy(dir: string, name: string, source: string): string {
  const file = path.join(dir, `${name}.ts`);
  writeFileSync(file, source);
  return file;
}

/** The live test bundle of one test file, ready once its `beforeAll` has run. */
export interface LiveBundle {
  /** The file's temporary folder (removed after all its tests). */
  readonly dir: string;
  readonly bundlesDir: string;
  /** The `live` bundle, open. */
  readonly reader: BundleReader;
  /** The strategy written into `dir`. */
  readonly strategyFile: string;
}

/**
 * Registers `beforeAll`/`afterAll` hooks that ingest the live bundle into a fresh temporary folder
 * named `prefix…` (with `actions`), open it and write `strategy` (default the SMA minute strategy); afterwards the
 * bundle is closed and the folder removed. The returned fields are read after the hooks ran.
 */
export function useLiveBundle(prefix: string, strategy = { name: 'sma-minute', source: SMA_MINUTE_STRATEGY }, actions: LiveBundleActions = {}): LiveBundle {
  const tmp = tempDir(prefix);
  let reader: BundleReader | undefined;
  let bundlesDir = '';
  let strategyFile = '';
  beforeAll(async () => {
    ({ bundlesDir } = await ingestLiveBundle(tmp.dir, [], actions));
    reader = await openBundle(bundlesDir, 'live');
    strategyFile = writeStrategy(tmp.dir, strategy.name, strategy.source);
  });
  afterAll(async () => {
    await reader?.close();
    tmp.remove();
  });
  return {
    dir: tmp.dir,
    get bundlesDir() { return bundlesDir; },
    get reader() { return reader!; },
    get strategyFile() { return strategyFile; },
  };
}

/** A silent logger, or JSON lines to a file when ZIPLIME_TEST_LOG is set. */
export function testLogger(): Logger {
  const file = process.env.ZIPLIME_TEST_LOG;
  return file ? pino({ level: 'debug' }, pino.destination({ dest: file, sync: true, append: true })) : pino({ level: 'silent' });
}

/** A simulator in manual time on the test bundle, starting half an hour before the trade day opens. */
export function manualSim(reader: BundleReader, extra: Partial<AlpacaSimOptions> = {}): Promise<AlpacaSim> {
  return startAlpacaSim({ reader, speed: 0, start: '2024-10-01T13:00:00Z', ...extra } as AlpacaSimOptions);
}

/** Seed of a soak's fault schedule: `ZIPLIME_SOAK_SEED` replays a run; otherwise a fresh one. Printed by the caller. */
export function soakSeed(): number {
  return Number(process.env.ZIPLIME_SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));
}

/** Faults a soak picks at random. */
export const SOAK_FAULTS: readonly ((sim: AlpacaSim) => void)[] = [
  (sim) => sim.admin.dropSockets('data'),
  (sim) => sim.admin.dropSockets('trading'),
  (sim) => sim.admin.silenceSockets('data'),
  (sim) => sim.admin.setFaults({ rateLimit: { count: 2, retryAfterSec: 0 } }),
  (sim) => sim.admin.setFaults({ serverErrors: { count: 2 } }),
  (sim) => sim.admin.setFaults({ ambiguousPosts: 1 }),
  (sim) => { sim.admin.setFaults({ reject406ForMs: 200 }); sim.admin.dropSockets('data'); },
];

/** The simulator's key pair as request headers. */
export const SIM_AUTH = { 'APCA-API-KEY-ID': 'test', 'APCA-API-SECRET-KEY': 'test' };

/** The simulated account as its REST API states it: cash, equity and `[symbol, qty]` of each position. */
export async function venueAccount(sim: AlpacaSim): Promise<{ cash: number; equity: number; positions: [string, number][]; prices: Map<string, number> }> {
  const account = await (await fetch(`${sim.baseUrl}/v2/account`, { headers: SIM_AUTH })).json() as { cash: string; equity: string };
  const positions = await (await fetch(`${sim.baseUrl}/v2/positions`, { headers: SIM_AUTH })).json() as { symbol: string; qty: string; current_price: string }[];
  return {
    cash: Number(account.cash), equity: Number(account.equity),
    positions: positions.map((p) => [p.symbol, Number(p.qty)]),
    prices: new Map(positions.map((p) => [p.symbol, Number(p.current_price)])),
  };
}

/** The session's time read straight from the in-process simulator. */
export const simTime = (sim: AlpacaSim) => new PolledTimeSource(() => sim.admin.now(), 5);

export { until };

/**
 * Drives a session in lock step with a manual-time simulator: one simulated minute at a time,
 * waiting until the session has finished with the events due at that minute. `each` runs after
 * every minute (fault injection). Stops at `endMs`, or earlier when `stopWhen()` holds; throws (the
 * test fails) when `endMs` is still ahead after `maxMinutes` simulated minutes, so a caller that
 * waits on the session afterwards can never wait forever.
 */
export async function lockstep(
  sim: AlpacaSim, handle: () => LiveSessionHandle | undefined, endMs: number,
  each?: (minuteEnd: number) => Promise<void> | void, stopWhen?: () => boolean, maxMinutes = 1_000,
): Promise<void> {
  await until(() => handle() !== undefined, 'the session to start');
  for (let minutes = 0; sim.admin.now() < endMs; minutes++) {
    if (stopWhen?.()) return;
    if (minutes >= maxMinutes) {
      throw new Error(`lockstep: ${new Date(endMs).toISOString()} not reached after ${maxMinutes} simulated minutes (now ${new Date(sim.admin.now()).toISOString()}); pass a larger maxMinutes or an earlier endMs`);
    }
    await sim.admin.advance(1);
    const target = sim.admin.now();
    await until(() => handle()!.clock.nextDue > target || handle()!.clock.isStopped, `the session to process ${new Date(target).toISOString()}`);
    await each?.(target);
  }
}

/** Runs a session (paper or live) and drives it to the close of the trade day. */
export async function driveSession(
  sim: AlpacaSim, start: (onReady: (h: LiveSessionHandle) => void) => Promise<LiveSessionOutcome>,
  each?: (minuteEnd: number, h: LiveSessionHandle) => Promise<void> | void,
): Promise<{ outcome: LiveSessionOutcome; handle: LiveSessionHandle }> {
  let handle: LiveSessionHandle | undefined;
  const running = start((h) => { handle = h; });
  let failed: unknown;
  running.catch((err: unknown) => { failed = err; });
  await lockstep(sim, () => { if (failed) throw failed; return handle; }, CLOSE_MS + 60_000, each && ((t) => each(t, handle!)));
  const outcome = await running;
  return { outcome, handle: handle! };
}

/** An order or an execution as both the result and the venue can state it. */
export interface AuditOrder { id: string; status: string; amount: number; filled: number }
export interface AuditExecution { orderId: string; amount: number; price: number }

/** A price as the wire's decimal text carries it (to 1e-6). */
const wirePrice = (p: number) => Math.round(p * 1e6) / 1e6;
const OUR_STATUS: Record<string, string> = { canceled: 'cancelled', replaced: 'cancelled', new: 'open', accepted: 'open' };
const byOrderThenPrice = (a: AuditExecution, b: AuditExecution) => (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : a.amount - b.amount || a.price - b.price);

/** Nothing filled is 0 on both sides: a sell with nothing filled is −0 by sign × quantity, which a result file writes as 0. */
const unsignedZero = (x: number) => (x === 0 ? 0 : x);

/**
 * Records what the simulator's venue does from now on, to audit a session's result against:
 * every order it holds (status in our terms, signed amounts) and every execution it reported.
 */
export function auditVenue(sim: AlpacaSim): { orders: () => AuditOrder[]; executions: () => AuditExecution[] } {
  const executions: AuditExecution[] = [];
  sim.admin.venue.onUpdate((u) => {
    const sign = u.order.side === 'sell' ? -1 : 1;
    if ((u.event === 'fill' || u.event === 'partial_fill') && u.qty !== undefined && u.price !== undefined) {
      executions.push({ orderId: u.order.id, amount: sign * u.qty, price: wirePrice(u.price) });
    }
  });
  return {
    orders: () => sim.admin.venue.all().map((o) => {
      const sign = o.side === 'sell' ? -1 : 1;
      const status = OUR_STATUS[o.status] ?? (o.status === 'partially_filled' && o.filledQty === 0 ? 'open' : o.status);
      return { id: o.id, status, amount: sign * o.qty, filled: unsignedZero(sign * o.filledQty) };
    }),
    executions: () => [...executions].sort(byOrderThenPrice),
  };
}

/**
 * The result's orders that reached the venue and its transactions, in the audit's terms, plus
 * the orders that never reached it (rejected before the venue held them).
 */
export function auditResult(result: RunResult, atVenue: (id: string) => boolean): { orders: AuditOrder[]; notAtVenue: { id: string; status: string }[]; executions: AuditExecution[] } {
  return {
    orders: result.orders.filter((o) => atVenue(o.id)).map((o) => ({ id: o.id, status: o.status, amount: o.amount, filled: unsignedZero(o.filled) })),
    notAtVenue: result.orders.filter((o) => !atVenue(o.id)).map((o) => ({ id: o.id, status: o.status })),
    executions: result.transactions.map((t) => ({ orderId: t.orderId, amount: t.amount, price: wirePrice(t.price) })).sort(byOrderThenPrice),
  };
}
