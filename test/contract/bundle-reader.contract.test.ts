import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../src/calendar/index.js';
import { DAY_MS, MINUTE_MS, dayNumber } from '../../src/core/time.js';
import type { Bar } from '../../src/model/bar.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import { MemoryBundleReader } from '../helpers/memory-bundle.js';
import { CONTRACT_DAILY, CONTRACT_MINUTES, CONTRACT_SESSION, contractBar, useContractBundle } from './contract-bundle.js';

const contract = useContractBundle('ziplime-reader-contract-');
const OPEN = getCalendar('XNYS').opens[getCalendar('XNYS').sessionIndex(CONTRACT_SESSION)]!;

/** The BundleReader contract: every reader answers the contract bundle's questions with the hand-written bars. */
function bundleReaderContract(name: string, make: () => Promise<BundleReader>): void {
  describe(`BundleReader contract: ${name}`, () => {
    it('assets, bar ranges, minute and daily bars (half-open minute ranges, inclusive days), corporate actions', async () => {
      const reader = await make();
      const AAA = (await reader.lookupSymbol('aaa'))!;
      const BBB = (await reader.lookupSymbol('BBB'))!;
      expect([AAA.symbol, BBB.symbol]).toEqual(['AAA', 'BBB']);
      expect((await reader.assets()).map((a) => a.symbol)).toEqual(['AAA', 'BBB']);
      expect(await reader.lookupSymbol('ZZZ')).toBeUndefined();
      expect(await reader.range('minute')).toEqual({ first: OPEN, last: OPEN + (CONTRACT_MINUTES - 1) * MINUTE_MS, rows: 2 * CONTRACT_MINUTES });
      expect(await reader.dataSessions()).toEqual(['2024-09-27', '2024-09-30', '2024-10-01']);

      // minutes 5, 6, 7: the end instant (minute 8) is not included
      const minutes = await reader.minuteBars([AAA.sid, BBB.sid], OPEN + 5 * MINUTE_MS, OPEN + 8 * MINUTE_MS);
      const a = minutes.get(AAA.sid)!;
      expect(Array.from(a.ts)).toEqual([5, 6, 7].map((k) => OPEN + k * MINUTE_MS));
      expect(Array.from(a.close)).toEqual([105.5, 106.5, 107.5]);
      expect(Array.from(a.high)).toEqual([105.75, 106.75, 107.75]);
      expect(Array.from(minutes.get(BBB.sid)!.close)).toEqual([50, 50, 50]);

      const days = await reader.dailyBars([AAA.sid], '2024-09-30', '2024-10-01');
      expect(Array.from(days.get(AAA.sid)!.ts)).toEqual([dayNumber('2024-09-30') * DAY_MS, dayNumber('2024-10-01') * DAY_MS]);
      expect(Array.from(days.get(AAA.sid)!.close)).toEqual([98.5, 139.5]);
      expect(days.has(BBB.sid)).toBe(false);
      expect(await reader.splits()).toEqual([]);
      expect(await reader.dividends([AAA.sid])).toEqual([]);
    });
  });
}

bundleReaderContract('DuckDB bundle', async () => contract.reader);

bundleReaderContract('in-memory test reader', async () => {
  const assets = [...contract.assets.values()];
  const minute: Bar[] = [];
  const daily: Bar[] = [];
  for (const asset of assets) {
    const symbol = asset.symbol as 'AAA' | 'BBB';
    for (let k = 0; k < CONTRACT_MINUTES; k++) minute.push({ sid: asset.sid, ts: OPEN + k * MINUTE_MS, ...contractBar(symbol, k) });
    for (const line of CONTRACT_DAILY[symbol]) {
      const [day, open, high, low, close, volume] = line.split(',');
      daily.push({ sid: asset.sid, ts: dayNumber(day!) * DAY_MS, open: +open!, high: +high!, low: +low!, close: +close!, volume: +volume! });
    }
  }
  return new MemoryBundleReader({ assets, minute, daily });
});
