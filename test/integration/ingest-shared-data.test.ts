import { afterAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../src/data/registry.js';
import { runIngest, type IngestCommand } from '../../src/runtime/ingest.js';
import { hasSharedData, sharedData } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/temp-dir.js';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

// Row counts and ranges counted from the files themselves (wc -l minus the header; head/tail):
//   backtrader/2006-day-001.txt        256 lines → 255 bars, 2006-01-02 … 2006-12-29
//   zipline-csvdir/daily/*.csv         755 lines each → 4 × 754 = 3016 bars, 2012-01-03 … 2014-12-31;
//                                      dividend ≠ 0 rows: AAPL 10, IBM 12, KO 12, MSFT 12 = 46;
//                                      split ≠ 1 rows: AAPL 2014-06-09 7.0, KO 2012-08-13 2.0
//   pyalgotrade/WIKI-ORCL-2000-quandl  253 lines → 252 bars, newest first, 2000-01-03 … 2000-12-29;
//                                      Split Ratio 2.0 on 2000-01-19 and 2000-10-13, no Ex-Dividend
//   backtesting-py/GOOG.csv            2149 lines → 2148 bars, 2004-08-19 … 2013-03-01
//   backtrader/2006-min-005.txt        2143 lines → 2142 bars, 2006-01-02 09:05 … 2006-01-30 17:30
describe.skipIf(!hasSharedData())('ingest of the shared data folders', () => {
  const tmp = tempDir('ziplime-shared-');
  afterAll(() => tmp.remove());
  const ingest = (args: Omit<IngestCommand, 'bundlesDir'>) => runIngest({ bundlesDir: tmp.dir, ...args });

  it('backtrader 2006-day-001 on the data calendar', async () => {
    const r = await ingest({ bundle: 'bt', source: 'csv', path: sharedData('backtrader/2006-day-001.txt'), calendar: 'data' });
    expect(r).toMatchObject({ dailyRows: 255, minuteRows: 0, assets: 1, firstBar: day('2006-01-02'), lastBar: day('2006-12-29') });
  });

  it('zipline csvdir with its splits and dividends', async () => {
    const r = await ingest({ bundle: 'zl', source: 'csvdir', path: sharedData('zipline-csvdir') });
    expect(r).toMatchObject({ dailyRows: 3016, assets: 4, splits: 2, dividends: 46, firstBar: day('2012-01-03'), lastBar: day('2014-12-31') });
    const reader = await openBundle(tmp.dir, 'zl');
    const aapl = (await reader.lookupSymbol('AAPL'))!, ko = (await reader.lookupSymbol('KO'))!;
    expect(await reader.splits()).toEqual([
      { sid: ko.sid, effectiveDate: '2012-08-13', ratio: 2 },
      { sid: aapl.sid, effectiveDate: '2014-06-09', ratio: 7 },
    ]);
    const aaplDividends = await reader.dividends([aapl.sid]);
    expect(aaplDividends.length).toBe(10);
    expect(aaplDividends[0]).toEqual({ sid: aapl.sid, exDate: '2012-08-09', declaredDate: null, recordDate: null, payDate: null, amount: 0.37857 });
    await reader.close();
  });

  it('pyalgotrade ORCL 2000 (newest first) with --symbol', async () => {
    const r = await ingest({ bundle: 'orcl', source: 'csv', path: sharedData('pyalgotrade/WIKI-ORCL-2000-quandl.csv'), symbol: 'ORCL' });
    expect(r).toMatchObject({ dailyRows: 252, assets: 1, calendar: 'XNYS', firstBar: day('2000-01-03'), lastBar: day('2000-12-29') });
    const reader = await openBundle(tmp.dir, 'orcl');
    expect((await reader.splits()).map((s) => [s.effectiveDate, s.ratio])).toEqual([['2000-01-19', 2], ['2000-10-13', 2]]);
    const bars = (await reader.dailyBars([0], '2000-01-03', '2000-01-04')).get(0)!;
    expect([...bars.close]).toEqual([118.1, 107.7]); // oldest first after sorting
    await reader.close();
  });

  it('backtesting.py GOOG (empty first header) on the data calendar', async () => {
    const r = await ingest({ bundle: 'goog', source: 'csv', path: sharedData('backtesting-py/GOOG.csv'), symbol: 'GOOG', calendar: 'data' });
    expect(r).toMatchObject({ dailyRows: 2148, assets: 1, firstBar: day('2004-08-19'), lastBar: day('2013-03-01') });
  });

  it('backtrader 5-minute bars (Date, Time columns) on the data calendar', async () => {
    const r = await ingest({ bundle: 'm5', source: 'csv', path: sharedData('backtrader/2006-min-005.txt'), calendar: 'data', frequency: 'minute' });
    expect(r).toMatchObject({
      minuteRows: 2142, dailyRows: 0, frequencies: ['minute'], tz: 'UTC',
      firstBar: Date.parse('2006-01-02T09:05:00Z'), lastBar: Date.parse('2006-01-30T17:30:00Z'),
    });
  });
});
