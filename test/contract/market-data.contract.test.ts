import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../src/calendar/index.js';
import { MINUTE_MS } from '../../src/core/time.js';
import { createBundleMarketData } from '../../src/data/market-data/index.js';
import { LiveMarketData } from '../../src/data/market-data/live-market-data.js';
import type { Asset } from '../../src/model/asset.js';
import type { Bar } from '../../src/model/bar.js';
import type { MarketData } from '../../src/ports/market-data.js';
import { CONTRACT_SESSION, contractBar, useContractBundle } from './contract-bundle.js';

const contract = useContractBundle('ziplime-md-contract-');
const calendar = getCalendar('XNYS');
const session = calendar.sessionIndex(CONTRACT_SESSION);
const OPEN = calendar.opens[session]!;
/** Minutes into the session the contract looks at (bars 0 … m−1 are complete). */
const AT = [12, 20, 40];

type Harness = { md: MarketData; advanceTo: (dt: number) => Promise<void> };

/** The MarketData contract: the bundle's and the live market data answer the same, computed by hand from the contract bars. */
function marketDataContract(name: string, make: () => Promise<Harness>): void {
  describe(`MarketData contract: ${name}`, () => {
    it('current bar, minute history and canTrade at several minutes of the session', async () => {
      const h = await make();
      const AAA = contract.assets.get('AAA')!, BBB = contract.assets.get('BBB')!;
      for (const m of AT) {
        await h.advanceTo(OPEN + m * MINUTE_MS);
        const last = contractBar('AAA', m - 1);
        expect([h.md.current(AAA, 'open'), h.md.current(AAA, 'high'), h.md.current(AAA, 'low'), h.md.current(AAA, 'close'), h.md.current(AAA, 'volume')])
          .toEqual([last.open, last.high, last.low, last.close, last.volume]);
        expect(h.md.current(AAA, 'price')).toBe(100.5 + m - 1);
        expect(h.md.current(BBB, 'close')).toBe(50);
        expect(Array.from(await h.md.history(AAA, 'close', 5, '1m'))).toEqual([5, 4, 3, 2, 1].map((b) => 100.5 + m - b));
        expect(h.md.canTrade(AAA)).toBe(true);
        expect(h.md.isStale(AAA)).toBe(false);
      }
    });
  });
}

marketDataContract('BundleMarketData', async () => {
  const md = await createBundleMarketData({ reader: contract.reader, calendar, frequency: 'minute', startIndex: session, endIndex: session });
  return { md, advanceTo: async (dt) => { await md.advanceTo(dt); } };
});

marketDataContract('LiveMarketData (REST backfill, then streamed bars)', async () => {
  let now = OPEN + AT[0]! * MINUTE_MS;
  const barsOf = async (assets: readonly Asset[], start: number, end: number): Promise<Bar[]> => {
    const cols = await contract.reader.minuteBars(assets.map((a) => a.sid), start, end);
    const out: Bar[] = [];
    for (const [sid, c] of cols) for (let i = 0; i < c.ts.length; i++) out.push({ sid, ts: c.ts[i]!, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]! });
    return out;
  };
  const md = new LiveMarketData({
    calendar, frequency: 'minute', reader: contract.reader, firstSession: session, now: () => now,
    source: { subscribe: async () => {}, backfill: barsOf },
  });
  for (const a of contract.assets.values()) md.watch(a);
  let streamedTo = now;
  return {
    md,
    advanceTo: async (dt) => {
      // the minutes since the last step arrive on the stream, as the venue publishes them
      now = dt;
      if (dt > streamedTo) for (const bar of await barsOf([...contract.assets.values()], streamedTo, dt)) md.ingest(bar);
      streamedTo = Math.max(streamedTo, dt);
      await md.advanceTo(dt);
    },
  };
});
