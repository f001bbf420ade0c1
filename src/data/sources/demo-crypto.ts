import { DAY_MS, MINUTE_MS, dayNumber } from '../../core/time.js';
import type { BarColumns } from '../../model/bar.js';
import { stageBarColumns } from '../ingest/stage-columns.js';
import type { Stage } from '../ingest/stage.js';
import { DemoRandom, streamSeed } from './demo-random.js';
import type { IngestSource } from './source.js';

/** A pair of the synthetic crypto market: symbol, first price (USDT), daily volatility, typical daily volume (base units). */
interface CryptoSpec {
  readonly symbol: string;
  readonly name: string;
  readonly price: number;
  readonly vol: number;
  readonly volume: number;
}

/** The pairs of `--source demo-crypto` (synthetic prices, nothing like the real history). */
export const DEMO_CRYPTO_PAIRS: readonly CryptoSpec[] = [
  { symbol: 'BTC/USDT', name: 'Bitcoin / Tether (synthetic)', price: 42_000, vol: 0.03, volume: 25_000 },
  { symbol: 'ETH/USDT', name: 'Ether / Tether (synthetic)', price: 2_300, vol: 0.038, volume: 300_000 },
  { symbol: 'SOL/USDT', name: 'Solana / Tether (synthetic)', price: 100, vol: 0.05, volume: 2_500_000 },
];
/** Daily bars from this day to `DEMO_CRYPTO_LAST_DAY`, every day (24/7). */
export const DEMO_CRYPTO_FIRST_DAY = '2024-01-01';
export const DEMO_CRYPTO_LAST_DAY = '2024-12-31';
/** Minute bars for the last days of the range (they aggregate exactly to those days' daily bars). */
export const DEMO_CRYPTO_MINUTE_DAYS = 7;
export const DEMO_CRYPTO_SEED = 20_240_101;

const round = (x: number, price: number): number => {
  const digits = price >= 1000 ? 2 : price >= 10 ? 3 : 4;
  return Number((Math.round(x * 10 ** digits) / 10 ** digits).toFixed(digits));
};

function columns(n: number): BarColumns {
  return { ts: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
}

/**
 * One pair's bars: a geometric random walk in minute steps over the minute days (its daily bars
 * are those minutes aggregated) and in day steps before them; prices on a tick of 0.01 / 0.001 /
 * 0.0001 by magnitude, volumes in base units. Deterministic for a seed.
 */
export function simulatePair(spec: CryptoSpec, rng: DemoRandom): { daily: BarColumns; minute: BarColumns } {
  const first = dayNumber(DEMO_CRYPTO_FIRST_DAY), last = dayNumber(DEMO_CRYPTO_LAST_DAY);
  const days = last - first + 1;
  const minuteFrom = days - DEMO_CRYPTO_MINUTE_DAYS;
  const daily = columns(days);
  const minute = columns(DEMO_CRYPTO_MINUTE_DAYS * 1440);
  const sMin = spec.vol / Math.sqrt(1440);
  let price = spec.price;
  for (let d = 0; d < days; d++) {
    const day = first + d;
    daily.ts[d] = day * DAY_MS;
    const open = round(price, price);
    if (d < minuteFrom) {
      const close = round(open * Math.exp(spec.vol * rng.normal() - spec.vol ** 2 / 2), open);
      const wick = () => Math.exp(Math.abs(rng.normal()) * spec.vol * 0.4);
      daily.open[d] = open;
      daily.close[d] = close;
      daily.high[d] = round(Math.max(open, close) * wick(), open);
      daily.low[d] = round(Math.min(open, close) / wick(), open);
      daily.volume[d] = Math.round(spec.volume * Math.exp(0.3 * rng.normal()) * 1e4) / 1e4;
      price = close;
      continue;
    }
    let h = -Infinity, l = Infinity, v = 0, o = open;
    for (let m = 0; m < 1440; m++) {
      const k = (d - minuteFrom) * 1440 + m;
      const c = round(o * Math.exp(sMin * rng.normal() - sMin ** 2 / 2), o);
      const wick = () => Math.exp(Math.abs(rng.normal()) * sMin * 0.5);
      minute.ts[k] = day * DAY_MS + m * MINUTE_MS;
      minute.open[k] = o;
      minute.close[k] = c;
      minute.high[k] = round(Math.max(o, c) * wick(), o);
      minute.low[k] = round(Math.min(o, c) / wick(), o);
      minute.volume[k] = Math.round((spec.volume / 1440) * Math.exp(0.5 * rng.normal()) * 1e4) / 1e4;
      h = Math.max(h, minute.high[k]!);
      l = Math.min(l, minute.low[k]!);
      v += minute.volume[k]!;
      o = c;
    }
    daily.open[d] = open;
    daily.high[d] = h;
    daily.low[d] = l;
    daily.close[d] = o;
    daily.volume[d] = Math.round(v * 1e4) / 1e4;
    price = o;
  }
  return { daily, minute };
}

/**
 * `--source demo-crypto`: a synthetic 24/7 crypto market — BTC/USDT, ETH/USDT and SOL/USDT,
 * daily bars for 2024 and minute bars for its last week, fractional amounts, on `ALWAYS_OPEN`.
 * Offline and clearly labelled synthetic; for trying crypto strategies and the exchange simulator.
 */
export class DemoCryptoSource implements IngestSource {
  readonly description = 'demo-crypto (synthetic data)';
  readonly calendar = 'ALWAYS_OPEN';

  constructor(private readonly options: { seed?: number } = {}) {}

  async load(stage: Stage): Promise<void> {
    stage.progress.file?.('demo crypto market (synthetic)', 0, 1);
    const seed = this.options.seed ?? DEMO_CRYPTO_SEED;
    await stage.insertAssets(DEMO_CRYPTO_PAIRS.map((p, sid) => ({ sid, symbol: p.symbol, name: p.name, exchange: 'DEMO', assetClass: 'crypto', fractionable: true })));
    const series = DEMO_CRYPTO_PAIRS.map((p, sid) => ({ symbol: p.symbol, ...simulatePair(p, new DemoRandom(streamSeed(seed, sid + 1))) }));
    await stageBarColumns(stage, 'demo-crypto:daily', 'daily', series.map((s) => ({ symbol: s.symbol, bars: s.daily })));
    await stageBarColumns(stage, 'demo-crypto:minute', 'minute', series.map((s) => ({ symbol: s.symbol, bars: s.minute })));
  }
}
