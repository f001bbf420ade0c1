import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveAlpacaConfig } from '../../src/adapters/alpaca/config.js';
import { startAlpacaSim, type AlpacaSim } from '../../src/alpaca-sim/index.js';
import { DAY_MS, dayNumber } from '../../src/core/time.js';
import { ingestBundle } from '../../src/data/ingest/ingest-bundle.js';
import { openBundle } from '../../src/data/registry.js';
import { createSource } from '../../src/data/sources/index.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import { AlpacaIngestSource, alpacaIngestOptions, registerAlpacaSource } from '../../src/adapters/alpaca/ingest-source.js';
import { registerCcxtSource } from '../../src/adapters/ccxt/ingest-source.js';
import { useContractBundle } from '../contract/contract-bundle.js';

const contract = useContractBundle('ziplime-sim-ingest-');
let sim: AlpacaSim;

beforeAll(async () => {
  // the venue sources `ziplime ingest` registers when a venue source is asked for
  registerAlpacaSource();
  registerCcxtSource();
  sim = await startAlpacaSim({ reader: contract.reader, speed: 0 });
  await sim.admin.advanceTo(Date.parse('2024-10-01T14:30:00Z')); // 10:30 New York: all 40 minute bars complete
});
afterAll(async () => {
  await sim?.close();
});

async function ingestFrom(name: string, extra: Record<string, string>, pageSize?: number): Promise<BundleReader> {
  const config = resolveAlpacaConfig({}, sim.env);
  const source = new AlpacaIngestSource({ ...alpacaIngestOptions(extra), config, rest: { rateLimit: false }, pageSize });
  await ingestBundle({ bundlesDir: contract.bundlesDir, name, source, calendar: 'XNYS' });
  return openBundle(contract.bundlesDir, name);
}

describe('--source alpaca against the simulator', () => {
  it('ingests minute bars page by page, identical to the bundle the simulator replays', async () => {
    const before = sim.admin.stats().requests;
    const alp = await ingestFrom('alp-min', { symbols: 'AAA,BBB', start: '2024-10-01', end: '2024-10-01', timeframe: '1Min' }, 25);
    try {
      expect(sim.admin.stats().requests - before).toBe(4 + 2); // 80 bars in pages of 25, plus one asset lookup per symbol
      expect((await alp.assets()).map((a) => a.symbol)).toEqual(['AAA', 'BBB']);
      const range = await alp.range('minute');
      expect(range).toEqual({ first: Date.parse('2024-10-01T13:30:00Z'), last: Date.parse('2024-10-01T14:09:00Z'), rows: 80 });
      const aaa = (await alp.lookupSymbol('AAA'))!;
      const bars = (await alp.minuteBars([aaa.sid], range!.first, range!.last + 1)).get(aaa.sid)!;
      expect(Array.from(bars.close.slice(0, 3))).toEqual([100.5, 101.5, 102.5]); // close of bar k = 100.5 + k
      expect(bars.close[39]).toBe(139.5);
    } finally {
      await alp.close();
    }
  });

  it('ingests daily bars only up to the simulated now (no look-ahead)', async () => {
    for (const [k, v] of Object.entries(sim.env)) vi.stubEnv(k, v);
    const extra = { symbols: 'AAA', start: '2024-09-27', end: '2024-10-01', timeframe: '1Day' };
    await ingestBundle({ bundlesDir: contract.bundlesDir, name: 'alp-day', source: createSource('alpaca', { extra }), calendar: 'XNYS' }); // registered source, env config
    vi.unstubAllEnvs();
    const alp = await openBundle(contract.bundlesDir, 'alp-day');
    try {
      const aaa = (await alp.lookupSymbol('AAA'))!;
      const days = (await alp.dailyBars([aaa.sid], '2024-09-01', '2024-10-31')).get(aaa.sid)!;
      // 2024-10-01 is still trading at 10:30, so its daily bar is not served yet
      expect(Array.from(days.ts, (t) => t / DAY_MS)).toEqual([dayNumber('2024-09-27'), dayNumber('2024-09-30')]);
      expect(Array.from(days.close)).toEqual([96, 98.5]);
    } finally {
      await alp.close();
    }
  });

  it('explains missing or bad options', () => {
    expect(() => alpacaIngestOptions({ start: '2024-10-01', end: '2024-10-01' })).toThrow('--symbols');
    expect(() => alpacaIngestOptions({ symbols: 'AAA', start: '2024-10-02', end: '2024-10-01' })).toThrow('after --end');
    expect(() => alpacaIngestOptions({ symbols: 'AAA', start: '2024-10-01', end: '2024-10-01', timeframe: '5Min' })).toThrow('1Day or 1Min');
    expect(() => alpacaIngestOptions({ symbols: 'AAA', start: '2024-10-01', end: '2024-10-01', adjustment: 'none' })).toThrow('--adjustment none: use raw, split, dividend or all');
    expect(() => alpacaIngestOptions({ symbols: 'AAA, ;', start: '2024-10-01', end: '2024-10-01' })).toThrow("--symbols: ';' is not a symbol");
    expect(() => alpacaIngestOptions({ symbols: ' , ', start: '2024-10-01' })).toThrow('needs --symbols, e.g. --symbols AAPL,MSFT; --source alpaca needs --end YYYY-MM-DD');
    expect(alpacaIngestOptions({ symbols: 'aaa, bbb', start: '2024-10-01', end: '2024-10-02' }))
      .toEqual({ symbols: ['AAA', 'BBB'], start: '2024-10-01', end: '2024-10-02', timeframe: '1Day', adjustment: 'raw' });
    expect(() => createSource('csv', { path: 'x.csv', extra: { timeframe: '1Min' } })).toThrow('--timeframe is used only with --source alpaca or ccxt, not with --source csv');
  });
});
