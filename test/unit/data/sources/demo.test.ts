import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../../src/calendar/index.js';
import { generateDemoMarket } from '../../../../src/data/sources/demo-market.js';
import { ingestWorkspace } from '../ingest-fixtures.js';

const workspace = ingestWorkspace();

describe('demo source', () => {
  it('is what `ziplime ingest` builds with no options: the generated market, bar for bar', async () => {
    const market = generateDemoMarket(getCalendar('XNYS'));
    const w = workspace();
    const result = await w.ingest({});
    const dailyRows = market.daily.reduce((s, c) => s + c.ts.length, 0);
    const minuteRows = market.minute.reduce((s, c) => s + c.ts.length, 0);
    expect(result).toMatchObject({
      name: 'demo', calendar: 'XNYS', source: 'demo (synthetic data)', assets: market.assets.length, dailyRows, minuteRows,
      splits: market.splits.length, dividends: market.dividends.length,
    });
    const r = await w.open('demo');
    expect(r.meta).toMatchObject({ source: 'demo (synthetic data)', benchmark: market.benchmark, frequencies: ['daily', 'minute'], schemaVersion: 1 });
    const assets = await r.assets();
    expect(assets.map((a) => [a.sid, a.symbol, a.startDate, a.endDate])).toEqual(market.assets.map((a) => [a.sid, a.symbol, a.startDate, a.endDate]));
    const some = market.daily[3]!;
    const bars = (await r.dailyBars([some.sid], '1990-01-01', '2030-12-31')).get(some.sid)!;
    expect(bars.ts).toEqual(some.ts);
    expect(bars.close).toEqual(some.close);
    expect(bars.volume).toEqual(some.volume);
    const minute = market.minute[0]!;
    const mb = (await r.minuteBars([minute.sid], minute.ts[0]!, minute.ts[minute.ts.length - 1]! + 60_000)).get(minute.sid)!;
    expect(mb.ts).toEqual(minute.ts);
    expect(mb.open).toEqual(minute.open);
    expect(await r.splits()).toEqual([...market.splits].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.sid - b.sid));
    expect((await r.dividends()).length).toBe(market.dividends.length);
    await r.close();
  });
});
