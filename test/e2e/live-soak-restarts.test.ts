import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startAlpacaSim, type AlpacaSim } from '../../src/alpaca-sim/index.js';
import { DemoRandom } from '../../src/data/sources/demo-random.js';
import type { RunResult } from '../../src/model/results.js';
import { SOAK_FAULTS, aaaClose, soakSeed, useLiveBundle, venueAccount } from '../integration/live-harness.js';
import { exitOf, journal, journalVersusVenue, startCli, starts, waitFor, waitForOrderInFlight, type CliProcess } from './live-process.js';

/**
 * Always holds AAA: 60 % of the portfolio while its 5-minute mean is above the 20-minute one,
 * 30 % otherwise, 5 % more every other quarter hour, so a position is held over every night
 * (through the dividend and the split); orders when that choice changes (and once after each start).
 */
const CORE_SMA_STRATEGY = `
import { commission, defineStrategy } from 'ziplime';
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
export default defineStrategy({
  state: () => ({ asset: undefined, target: 0 }),
  async initialize(ctx) {
    ctx.state.asset = await ctx.symbol('AAA');
    ctx.setCommission(commission.none());
  },
  async handleData(ctx, data) {
    const a = ctx.state.asset;
    const [fast, slow] = await Promise.all([data.history(a, 'close', 5, '1m'), data.history(a, 'close', 20, '1m')]);
    if (Number.isNaN(mean(slow)) || !data.canTrade(a) || ctx.getOpenOrders(a).length > 0) return;
    const target = (mean(fast) > mean(slow) ? 0.6 : 0.3) + (Math.floor(ctx.now.getTime() / 900_000) % 2 === 1 ? 0.05 : 0);
    if (target === ctx.state.target) return;
    ctx.state.target = target;
    await ctx.orderTargetPercent(a, target);
  },
});
`;

const DAYS = ['2024-09-30', '2024-10-01', '2024-10-02', '2024-10-03'];
/** AAA goes ex a $0.50 dividend on the third session and splits 2-for-1 on the fourth. */
const DIVIDEND = { exDate: '2024-10-02', amount: 0.5 };
const SPLIT = { date: '2024-10-03', ratio: 2 };
const live = useLiveBundle('ziplime-soak-restarts-', { name: 'core-sma', source: CORE_SMA_STRATEGY }, { days: DAYS, split: SPLIT, dividends: [DIVIDEND] });

/** New York midnight starting a date (EDT, UTC-4): when the venue applies that date's corporate actions. */
const dayStart = (day: string) => Date.parse(`${day}T04:00:00Z`);
const closeOf = (day: string) => Date.parse(`${day}T20:00:00Z`);
const SPEED = 2000; // simulated minutes per real minute: 33 a second
const EVENING_SPEED = 1000;
const CASH = 100_000;
const SEED = soakSeed();

describe('soak: ziplime live over three replayed sessions with faults, killed and stopped and restarted, through a dividend and a split', () => {
  it(`ends with the books equal to the simulator's account, no duplicate order and no lost fill (fault seed ${SEED})`, async () => {
    console.info(`live soak with restarts: fault seed ${SEED} (replay with ZIPLIME_SOAK_SEED=${SEED})`);
    const random = new DemoRandom(SEED);
    const sim: AlpacaSim = await startAlpacaSim({ reader: live.reader, speed: 0, start: '2024-10-01T13:20:00Z', partialFillRatio: 0.5 });
    const stateDir = path.join(live.dir, 'state');
    const args = [
      'live', live.strategyFile, '--broker', 'alpaca', '--bundles-dir', live.bundlesDir, '--bundle', 'live', '--frequency', 'minute',
      '--benchmark', 'none', '--state-dir', stateDir, '--until', DAYS.at(-1)!, '--log-file', process.env.ZIPLIME_TEST_LOG ?? path.join(live.dir, 'live.log'),
    ];
    // faults at random moments while a process trades (none while one starts: its reconciliation is tested without)
    let faulting = false, faults = 0, stopFaults = false;
    const faultLoop = (async () => {
      for (let i = 0; i < 2_000 && !stopFaults; i++) {
        await delay(300 + random.uniform() * 500);
        if (!faulting) continue;
        SOAK_FAULTS[Math.floor(random.uniform() * SOAK_FAULTS.length)]!(sim);
        faults++;
      }
    })();
    const intents = () => journal(stateDir).filter((r) => r.type === 'intent').length;
    const processes: CliProcess[] = [];
    /**
     * Starts a process at the paused simulator on `day`; once it has reconciled, time runs, and
     * once it trades (its estimate of the venue's clock has caught up) or the day nears its end,
     * faults begin.
     */
    const start = async (n: number, day: string): Promise<CliProcess> => {
      const before = intents();
      const proc = startCli(args, sim.env);
      processes.push(proc);
      await waitFor(() => starts(stateDir) === n, `process ${n} to reconcile`, proc);
      sim.admin.setSpeed(SPEED);
      await waitFor(() => intents() > before || sim.admin.now() > closeOf(day) - 90 * 60_000, `process ${n} to trade`, proc);
      faulting = true;
      return proc;
    };
    /** Stops time and faults (a process is about to die or start). */
    const pause = () => {
      faulting = false;
      sim.admin.setSpeed(0);
      sim.admin.clearFaults();
    };
    /** Stops a process gracefully (SIGTERM) in the evening of `day`; it exits 0 and writes its result. */
    const stopInTheEvening = async (proc: CliProcess, n: number, day: string, nextDay: string) => {
      // slower over the last hour, so that a busy machine cannot let the night (and its corporate actions) pass unseen
      await waitFor(() => sim.admin.now() > closeOf(day) - 60 * 60_000, `the last hour of ${day}`, proc, 120_000);
      sim.admin.setSpeed(EVENING_SPEED);
      await waitFor(() => sim.admin.now() > closeOf(day) + 15 * 60_000, `the evening of ${day}`, proc, 120_000);
      pause();
      expect(sim.admin.now()).toBeLessThan(dayStart(nextDay));
      proc.child.kill('SIGTERM');
      expect(await exitOf(proc)).toEqual({ code: 0, signal: null });
      expect(proc.stderr()).toBe('');
      expect(existsSync(path.join(stateDir, `session-${n}.json`))).toBe(true);
    };
    /** Kills a process (SIGKILL) with an order in flight, after `more` new orders, during `day`'s session. */
    const killWithOrderInFlight = async (proc: CliProcess, more: number, day: string) => {
      await waitForOrderInFlight(stateDir, intents() + more, proc);
      proc.child.kill('SIGKILL');
      expect((await exitOf(proc)).signal).toBe('SIGKILL');
      pause();
      expect(sim.admin.now()).toBeLessThan(closeOf(day));
    };
    /** Moves the paused simulator over the night to `day`'s morning (no process running). */
    const overnight = async (day: string) => {
      const evening = await venueAccount(sim);
      await sim.admin.advanceTo(Date.parse(`${day}T13:00:00Z`));
      return { evening, morning: await venueAccount(sim) };
    };
    try {
      // day 1: killed (SIGKILL) with an order in flight; restarted; stopped (SIGTERM) in the evening
      await killWithOrderInFlight(await start(1, '2024-10-01'), 1 + Math.floor(random.uniform() * 3), '2024-10-01');
      await stopInTheEvening(await start(2, '2024-10-01'), 2, '2024-10-01', DIVIDEND.exDate);

      // overnight the venue pays the dividend on the shares held at the close: shares × $0.50
      const ex = await overnight(DIVIDEND.exDate);
      const heldAtExClose = ex.evening.positions.find(([s]) => s === 'AAA')?.[1] ?? 0;
      expect(heldAtExClose).toBeGreaterThan(0);
      expect(ex.morning.positions).toEqual(ex.evening.positions);
      expect(ex.morning.cash - ex.evening.cash).toBeCloseTo(heldAtExClose * DIVIDEND.amount, 6);

      // day 2: starts from the venue's books (the dividend in its cash); killed mid-day; restarted; stopped in the evening
      await killWithOrderInFlight(await start(3, DIVIDEND.exDate), 1 + Math.floor(random.uniform() * 2), DIVIDEND.exDate);
      await stopInTheEvening(await start(4, DIVIDEND.exDate), 4, DIVIDEND.exDate, SPLIT.date);

      // overnight the venue splits the position 2-for-1; cash does not move
      const split = await overnight(SPLIT.date);
      const heldAtSplit = split.evening.positions.find(([s]) => s === 'AAA')?.[1] ?? 0;
      expect(heldAtSplit).toBeGreaterThan(0);
      expect(split.morning.positions).toEqual([['AAA', heldAtSplit * SPLIT.ratio]]);
      expect(split.morning.cash).toBe(split.evening.cash);

      // day 3: trades to the close and stops at --until's end
      const last = await start(5, SPLIT.date);
      const { code } = await exitOf(last, 120_000);
      pause();
      expect(last.stderr()).toBe('');
      expect(code).toBe(0);
      stopFaults = true;
      await faultLoop;
      expect(faults).toBeGreaterThanOrEqual(5);

      // no duplicate order, no lost or double-counted fill, across the five processes
      const orders = sim.admin.venue.all();
      expect(orders.length).toBeGreaterThanOrEqual(10);
      expect(journalVersusVenue(stateDir, orders)).toEqual([]);

      // the venue's account by hand: cash moves by the fills (no commission) and the dividend;
      // shares bought before the split count twice
      const splitAt = dayStart(SPLIT.date);
      const signed = (o: (typeof orders)[number]) => (o.side === 'buy' ? 1 : -1);
      // (DAY orders: each one's fills, and its end, fall on its own day)
      expect(orders.filter((o) => o.filledQty > 0 && (o.createdAt < splitAt) !== (o.updatedAt < splitAt))).toEqual([]);
      const beforeEx = orders.filter((o) => o.createdAt < dayStart(DIVIDEND.exDate));
      expect(beforeEx.reduce((s, o) => s + signed(o) * o.filledQty, 0)).toBe(heldAtExClose);
      const dividendCash = heldAtExClose * DIVIDEND.amount;
      const cash = CASH - orders.reduce((s, o) => s + signed(o) * o.filledNotional, 0) + dividendCash;
      const shares = orders.reduce((s, o) => s + signed(o) * o.filledQty * (o.createdAt < splitAt ? SPLIT.ratio : 1), 0);
      // AAA's last close of the replay, at its post-split raw price
      const lastPrice = Math.round(aaaClose(DAYS.length * 390 - 1) / SPLIT.ratio * 100) / 100;
      const account = await venueAccount(sim);
      expect(account.positions).toEqual([['AAA', shares]]);
      expect(account.cash).toBeCloseTo(cash, 6);
      expect(account.prices.get('AAA')).toBe(lastPrice);
      expect(account.equity).toBeCloseTo(cash + shares * lastPrice, 6);

      // the last process's books equal the venue's: positions, cash after the dividend, portfolio value
      const result = JSON.parse(readFileSync(path.join(stateDir, 'session-5.json'), 'utf8')) as RunResult;
      expect(result.positions.map((p) => [p.symbol, p.amount])).toEqual(account.positions);
      expect(result.summary.endingCash).toBeCloseTo(account.cash, 6);
      expect(result.summary.endingValue).toBeCloseTo(account.equity, 6);
      const shutdownChecks = journal(stateDir).flatMap((r) => (r.type === 'reconcile' && r.trigger === 'shutdown' ? [r.differences] : []));
      expect(shutdownChecks.at(-1)).toEqual([]);
    } finally {
      stopFaults = true;
      // a failed step leaves no process behind
      for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await sim.close();
    }
  }, 300_000);
});
