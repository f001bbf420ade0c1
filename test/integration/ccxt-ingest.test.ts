import { describe, expect, it } from 'vitest';
import { resolveCcxtConfig } from '../../src/adapters/ccxt/config.js';
import type { AlpacaSim } from '../../src/alpaca-sim/index.js';
import { DAY_MS, MINUTE_MS } from '../../src/core/time.js';
import { ingestBundle } from '../../src/data/ingest/ingest-bundle.js';
import { openBundle } from '../../src/data/registry.js';
import type { BarColumns } from '../../src/model/bar.js';
import { CcxtIngestSource, type CcxtIngestOptions } from '../../src/adapters/ccxt/ingest-source.js';
import { DEMO_CRYPTO_T0, demoCryptoSeries, simFaults, useDemoCryptoMarket } from '../helpers/demo-crypto-market.js';

// `--source ccxt` against `ziplime sim --protocol binance` over loopback. Expected bars come from
// the demo-crypto generator (the series the simulator's bundle was written from), aggregated by
// hand for the hourly bars — not from the simulator's answers.
const market = useDemoCryptoMarket('ziplime-ccxt-ingest-');
const gen = [demoCryptoSeries(0), demoCryptoSeries(1)];
const T0 = DEMO_CRYPTO_T0; // first minute bar, the simulator's default start

async function ingest(name: string, s: AlpacaSim, o: Partial<CcxtIngestOptions>) {
  const options: CcxtIngestOptions = { exchange: 'binance', symbols: ['BTC/USDT', 'ETH/USDT'], timeframe: '1m', start: '2024-12-25', end: '2024-12-25', ...o };
  const config = resolveCcxtConfig({ exchange: 'binance', apiUrl: s.env.BINANCE_API_URL });
  const source = new CcxtIngestSource({ ...options, config, exchangeOptions: { enableRateLimit: false } });
  const result = await ingestBundle({ bundlesDir: market.dir, name, source, calendar: source.calendar });
  return { result, bundle: await openBundle(market.dir, name) };
}

const rows = (c: BarColumns | undefined) => (c ? [...c.ts].map((t, i) => [t, c.open[i], c.high[i], c.low[i], c.close[i]]) : []);
const slice = (c: BarColumns, from: number, to: number) => rows({
  ts: c.ts.subarray(from, to), open: c.open.subarray(from, to), high: c.high.subarray(from, to), low: c.low.subarray(from, to), close: c.close.subarray(from, to), volume: c.volume,
});

describe('ingest --source ccxt from the binance simulator', () => {
  it('minute bars: every complete minute, equal to the generated bars, paged 50 at a time', async () => {
    const sim = await market.startSim();
    await sim.admin.advance(130); // 02:10: minutes 0–129 complete
    const { result, bundle } = await ingest('m1', sim, { pageSize: 50 }); // 3 pages a symbol
    try {
      expect(result.minuteRows).toBe(2 * 130);
      expect(result.barSizes.minute).toBe('1m');
      expect(bundle.meta.calendar).toBe('ALWAYS_OPEN');
      const assets = await bundle.assets();
      expect(assets.map((a) => [a.symbol, a.assetClass])).toEqual([['BTC/USDT', 'crypto'], ['ETH/USDT', 'crypto']]);
      const bars = await bundle.minuteBars([0, 1], T0, T0 + DAY_MS);
      for (const sid of [0, 1]) {
        expect(rows(bars.get(sid))).toEqual(slice(gen[sid]!.minute, 0, 130));
        const v = bars.get(sid)!.volume;
        for (let k = 0; k < 130; k++) expect(v[k]).toBeCloseTo(gen[sid]!.minute.volume[k]!, 6);
      }
    } finally {
      await bundle.close();
    }
  });

  it('hourly bars: complete hours only, aggregated from the minutes by hand; bar size 1h recorded', async () => {
    const sim = await market.startSim();
    await sim.admin.advance(150); // 02:30: hours 0 and 1 complete, hour 2 not
    const { result, bundle } = await ingest('h1', sim, { timeframe: '1h', symbols: ['BTC/USDT'] });
    try {
      expect(result.barSizes.minute).toBe('1h');
      const m = gen[0]!.minute;
      const hour = (h: number) => {
        const a = h * 60, b = a + 60;
        return [T0 + h * 60 * MINUTE_MS, m.open[a], Math.max(...m.high.subarray(a, b)), Math.min(...m.low.subarray(a, b)), m.close[b - 1]];
      };
      const bars = (await bundle.minuteBars([0], T0, T0 + DAY_MS)).get(0);
      expect(rows(bars)).toEqual([hour(0), hour(1)]);
      expect(bars!.volume[1]).toBeCloseTo([...m.volume.subarray(60, 120)].reduce((x, y) => x + y, 0), 4);
    } finally {
      await bundle.close();
    }
  });

  it('daily bars: each complete day of the range, across pages and a 503 retried', async () => {
    const sim = await market.startSim();
    await simFaults(sim, { serverErrors: { count: 1, status: 503 } });
    // 2024-11-01 … 2024-12-24 are complete at the start (00:00 on the 25th): 54 days, 6 pages of 10
    const { result, bundle } = await ingest('d1', sim, { timeframe: '1d', symbols: ['ETH/USDT'], start: '2024-11-01', end: '2024-12-31', pageSize: 10 });
    try {
      expect(sim.admin.faultStats).toMatchObject({ serverErrors: 1 });
      expect(result.dailyRows).toBe(54);
      expect(result.barSizes.daily).toBe('1d');
      const d = gen[1]!.daily;
      const first = (Date.UTC(2024, 10, 1) - Date.UTC(2024, 0, 1)) / DAY_MS;
      expect(rows((await bundle.dailyBars([0], '2024-11-01', '2024-12-31')).get(0))).toEqual(slice(d, first, first + 54));
    } finally {
      await bundle.close();
    }
  });

  it('refuses a market the exchange does not list, naming it', async () => {
    const sim = await market.startSim();
    await expect(ingest('x', sim, { symbols: ['BTC/USDT', 'DOGE/USDT'] })).rejects.toThrow('binance has no market DOGE/USDT; check --symbols');
  });
});
