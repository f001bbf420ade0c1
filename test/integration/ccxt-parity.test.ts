import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveCcxtConfig } from '../../src/adapters/ccxt/config.js';
import { createCcxtExchange } from '../../src/adapters/ccxt/exchange.js';
import { startAlpacaSim, type AlpacaSim } from '../../src/alpaca-sim/index.js';
import { DEMO_CRYPTO_PAIRS } from '../../src/data/sources/demo-crypto.js';
import type { LiveSessionHandle, LiveSessionOutcome } from '../../src/live/live-session.js';
import type { RunResult } from '../../src/model/results.js';
import { backtestReader } from '../../src/runtime/backtest-reader.js';
import { runLive } from '../../src/runtime/live.js';
import { loadStrategy } from '../../src/runtime/load-strategy.js';
import { runPaper } from '../../src/runtime/paper.js';
import { ROOT } from '../helpers/shared-data.js';
import { demoCryptoSeries, useDemoCryptoMarket } from '../helpers/demo-crypto-market.js';
import { simTime, testLogger, until } from './live-harness.js';

// strategies/crypto-momentum.ts on 1-minute bars over one replayed day of the demo crypto market
// (2024-12-26, 1,440 minutes on ALWAYS_OPEN): the backtest, paper trading on the ccxt feed of
// `ziplime sim --protocol binance`, and live trading through ccxt against it place the same orders.
const market = useDemoCryptoMarket('ziplime-ccxt-parity-');
const DAY = '2024-12-26';
const DAY_MS = Date.parse(`${DAY}T00:00:00Z`);
const STRATEGY = path.join(ROOT, 'strategies', 'crypto-momentum.ts');
const PARAMS = ['bar=1m', 'lookback=30'];
/** Minute bars of the three pairs (index 1440 is 2024-12-26 00:00). */
const CLOSES = DEMO_CRYPTO_PAIRS.map((_, i) => demoCryptoSeries(i).minute.close);


const orders = (r: RunResult) => r.orders.map((o) => ({ createdAt: o.createdAt, symbol: o.symbol, amount: o.amount, filled: o.filled }));
const trades = (r: RunResult) => r.transactions.map((t) => ({ dt: t.dt, symbol: t.symbol, amount: t.amount, price: t.price }));
const ends = (r: RunResult) => r.positions.map((p) => ({ symbol: p.symbol, amount: Math.round(p.amount * 1e8) / 1e8 }));

/** A binance-protocol simulator on the bundle in manual time at the day's first instant. */
// (the replay runs ~50× faster than the wall clock: Binance's weight budget per wall minute is raised to match)
const daySim = () => startAlpacaSim({ bundlesDir: market.dir, bundle: 'demo-crypto', speed: 0, protocol: 'binance', start: `${DAY}T00:00:00Z`, weightLimit: 1_000_000 });

/**
 * Runs a session and drives it in lock step through the day's 1,440 minutes: one simulated minute
 * at a time, waiting until the session has handled the events due at it. The exchange stops at
 * the day's end, so the order decided on the last bar stays unfilled (as in the backtest) and the
 * session cancels it on exit.
 */
async function drive(sim: AlpacaSim, start: (onReady: (h: LiveSessionHandle) => void) => Promise<LiveSessionOutcome>): Promise<LiveSessionOutcome> {
  let handle: LiveSessionHandle | undefined;
  let failed: unknown;
  const running = start((h) => { handle = h; });
  running.catch((err: unknown) => { failed = err; });
  const check = () => { if (failed) throw failed; return true; };
  await until(() => check() && handle !== undefined, 'the session to start');
  for (let minute = 0; minute < 1440; minute++) {
    await sim.admin.advance(1);
    const target = sim.admin.now();
    await until(() => check() && (handle!.clock.nextDue > target || handle!.clock.isStopped), `the session to process ${new Date(target).toISOString()}`);
  }
  return running;
}

const ccxtOf = (sim: AlpacaSim) => ({ exchange: 'binance', apiUrl: sim.env.BINANCE_API_URL, pollMs: 2, exchangeOptions: { enableRateLimit: false } });
const common = (sim: AlpacaSim, state: string) => ({
  strategyFile: STRATEGY, params: PARAMS, bundlesDir: market.dir, bundle: 'demo-crypto', frequency: 'minute' as const, onExit: 'cancel' as const,
  logger: testLogger(), sessions: 1, benchmark: 'none', env: { ...sim.env }, time: simTime(sim), stateDir: path.join(market.dir, state), barGraceSeconds: 30,
});

describe('crypto-momentum over one replayed day: backtest, paper (ccxt feed), live (ccxt broker)', () => {
  let backtest: RunResult;

  beforeAll(async () => {
    const strategy = await loadStrategy(STRATEGY, { params: PARAMS });
    const run = await backtestReader({ reader: market.reader, strategy, start: DAY, end: DAY, capital: 100_000, frequency: 'minute', fill: 'next-close', benchmark: 'none', logger: testLogger() });
    expect(run.error).toBeNull();
    backtest = run.result;
  });

  it('backtest: the first order buys the pair with the best 30-minute return, computed by hand from the bars', () => {
    // decided on the first bar of the day (00:00, complete at 00:01): returns over minutes 1410 … 1440
    const returns = CLOSES.map((c) => c[1440]! / c[1410]! - 1);
    const best = returns.indexOf(Math.max(...returns));
    expect(returns[best]).toBeGreaterThan(0);
    const first = backtest.orders[0]!;
    expect(Date.parse(first.createdAt)).toBe(DAY_MS + 60_000);
    expect(first.symbol).toBe(DEMO_CRYPTO_PAIRS[best]!.symbol);
    // 95 % of 100 000 at that bar's close, rounded down to the 0.00001 step
    expect(first.amount).toBeCloseTo(Math.floor(95_000 / CLOSES[best]![1440]! / 0.00001) * 0.00001, 9);
    expect(backtest.orders.length).toBeGreaterThan(10);
  });

  it('paper on the ccxt feed of the simulator: same orders, fills and end positions as the backtest', async () => {
    const sim = await daySim();
    try {
      const outcome = await drive(sim, (onReady) => runPaper({
        ...common(sim, 'state-paper'), onReady, feed: 'ccxt', ccxt: ccxtOf(sim), capital: 100_000, fill: 'next-close',
      }));
      expect(outcome.error).toBeNull();
      expect(orders(outcome.result)).toEqual(orders(backtest));
      expect(trades(outcome.result)).toEqual(trades(backtest));
      expect(ends(outcome.result)).toEqual(ends(backtest));
      expect(outcome.result.summary.endingValue).toBeCloseTo(backtest.summary.endingValue, 6);
    } finally {
      await sim.close();
    }
  }, 600_000);

  it('paper on the streaming ccxt feed (kline WebSocket) of the simulator: same orders, fills and end positions as the backtest', async () => {
    const sim = await daySim();
    try {
      const outcome = await drive(sim, (onReady) => runPaper({
        ...common(sim, 'state-paper-stream'), onReady, feed: 'ccxt', ccxt: { ...ccxtOf(sim), pollMs: 60_000, streamUrl: sim.env.BINANCE_STREAM_URL }, capital: 100_000, fill: 'next-close',
      }));
      expect(outcome.error).toBeNull();
      expect(orders(outcome.result)).toEqual(orders(backtest));
      expect(trades(outcome.result)).toEqual(trades(backtest));
      expect(ends(outcome.result)).toEqual(ends(backtest));
    } finally {
      await sim.close();
    }
  }, 600_000);

  it('live through ccxt against the simulator: same orders, fills and end positions; books equal the exchange', async () => {
    const sim = await daySim();
    try {
      const outcome = await drive(sim, (onReady) => runLive({ ...common(sim, 'state-live'), onReady, broker: 'ccxt', ccxt: ccxtOf(sim) }));
      expect(outcome.error).toBeNull();
      const strip = (xs: ReturnType<typeof orders>) => xs.map(({ symbol, amount, filled }) => ({ symbol, amount, filled }));
      expect(strip(orders(outcome.result))).toEqual(strip(orders(backtest)));
      // the exchange's wire carries amounts and prices as decimal text: equal to 1e-8 units and 1e-9
      // relative; it stamps a fill at the end of its minute, which for the day's last minute is
      // 00:00:00.000 of the next day where the engine writes the session's last instant (23:59:59.999)
      const live = trades(outcome.result), expected = trades(backtest);
      const minuteOf = (dt: string) => Math.ceil(Date.parse(dt) / 60_000);
      expect(live.map(({ dt, symbol }) => ({ minute: minuteOf(dt), symbol }))).toEqual(expected.map(({ dt, symbol }) => ({ minute: minuteOf(dt), symbol })));
      live.forEach((t, i) => {
        expect(t.amount, `fill ${i}`).toBeCloseTo(expected[i]!.amount, 8);
        expect(Math.abs(t.price - expected[i]!.price) / expected[i]!.price, `fill ${i}`).toBeLessThan(1e-9);
      });
      expect(outcome.finalDifferences).toEqual([]);
      const ex = createCcxtExchange(resolveCcxtConfig({ exchange: 'binance', apiUrl: sim.env.BINANCE_API_URL, apiKey: sim.env.ZIPLIME_CCXT_API_KEY, secret: sim.env.ZIPLIME_CCXT_SECRET }, {}), { enableRateLimit: false });
      const balance = (await ex.fetchBalance()).total as unknown as Record<string, number>;
      const held = Object.entries(balance).filter(([c, v]) => c !== 'USDT' && v > 0).map(([c, v]) => ({ symbol: `${c}/USDT`, amount: Math.round(v * 1e8) / 1e8 }));
      expect(held).toEqual(ends(backtest));
    } finally {
      await sim.close();
    }
  }, 600_000);
});
