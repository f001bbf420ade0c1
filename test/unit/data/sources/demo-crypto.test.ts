import { describe, expect, it } from 'vitest';
import { DAY_MS, dayNumber } from '../../../../src/core/time.js';
import { openBundle } from '../../../../src/data/registry.js';
import { DEMO_CRYPTO_PAIRS, simulatePair } from '../../../../src/data/sources/demo-crypto.js';
import { DemoRandom } from '../../../../src/data/sources/demo-random.js';
import { runIngest } from '../../../../src/runtime/ingest.js';
import { tempDir } from '../../../helpers/temp-dir.js';

describe('demo-crypto source', () => {
  it('is deterministic, 24/7 for 2024, and its minute bars aggregate exactly to the daily bars of the last week', () => {
    const a = simulatePair(DEMO_CRYPTO_PAIRS[0]!, new DemoRandom(7));
    const b = simulatePair(DEMO_CRYPTO_PAIRS[0]!, new DemoRandom(7));
    expect(a).toEqual(b);
    expect(a.daily.ts.length).toBe(366); // 2024 is a leap year, every day trades
    expect(a.daily.ts[0]).toBe(dayNumber('2024-01-01') * DAY_MS);
    expect(a.minute.ts.length).toBe(7 * 1440);
    for (let d = 0; d < 7; d++) {
      const i = 366 - 7 + d, from = d * 1440, to = from + 1440;
      const slice = (f: Float64Array) => [...f.subarray(from, to)];
      expect(a.minute.ts[from]).toBe(a.daily.ts[i]);
      expect([a.daily.open[i], a.daily.high[i], a.daily.low[i], a.daily.close[i]])
        .toEqual([a.minute.open[from], Math.max(...slice(a.minute.high)), Math.min(...slice(a.minute.low)), a.minute.close[to - 1]]);
      expect(a.daily.volume[i]).toBeCloseTo(slice(a.minute.volume).reduce((s, v) => s + v, 0), 3);
    }
    for (let i = 1; i < 366; i++) expect(a.daily.open[i]).toBe(a.daily.close[i - 1]); // no gaps: the market never closes
    for (let i = 0; i < 366; i++) {
      expect(a.daily.high[i]).toBeGreaterThanOrEqual(Math.max(a.daily.open[i]!, a.daily.close[i]!));
      expect(a.daily.low[i]).toBeLessThanOrEqual(Math.min(a.daily.open[i]!, a.daily.close[i]!));
    }
  });

  it('ingests as bundle demo-crypto on ALWAYS_OPEN with fractional crypto assets', async () => {
    const tmp = tempDir('ziplime-demo-crypto-');
    try {
      const r = await runIngest({ bundlesDir: tmp.dir, source: 'demo-crypto' });
      expect([r.name, r.calendar]).toEqual(['demo-crypto', 'ALWAYS_OPEN']);
      const reader = await openBundle(tmp.dir, 'demo-crypto');
      try {
        const assets = await reader.assets();
        expect(assets.map((x) => [x.symbol, x.assetClass, x.fractionable])).toEqual([['BTC/USDT', 'crypto', true], ['ETH/USDT', 'crypto', true], ['SOL/USDT', 'crypto', true]]);
        expect(reader.meta.calendar).toBe('ALWAYS_OPEN');
        expect(await reader.range('minute')).toMatchObject({ first: Date.UTC(2024, 11, 25), last: Date.UTC(2024, 11, 31, 23, 59) });
      } finally {
        await reader.close();
      }
    } finally {
      tmp.remove();
    }
  });
});
