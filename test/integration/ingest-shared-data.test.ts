import { afterAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../src/data/registry.js';
import { runIngest, type IngestCommand } from '../../src/runtime/ingest.js';
import { sharedData } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/temp-dir.js';
import { describeWith, needs } from '../helpers/requires.js';

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
describeWith([needs.sharedData()], 'ingest of the shared data folders', () => {
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

// Every file of ../shared/data with the flags the README gives for it. Row counts are the files'
// non-empty lines minus the header (grep -c .); first/last dates from head/tail; zipline-example:
// 8 × 2769 + DELL 2494 − 20 holiday placeholders (volume 0, one price) = 24,626 bars, plus 2,769
// SPY_benchmark returns over 2004-01-02 … 2014-12-31; 5 lines of splits.csv, 233 of dividend_payouts.csv.
const EVERY_FILE: { file: string; args: Omit<IngestCommand, 'bundlesDir' | 'path'>; expected: Record<string, unknown> }[] = [
  { file: 'backtesting-py/BTCUSD.csv', args: { calendar: 'data' }, expected: { dailyRows: 156, barSizes: { daily: '1mo' }, firstBar: day('2012-01-31'), lastBar: day('2024-12-31') } },
  { file: 'backtesting-py/EURUSD.csv', args: { calendar: 'data' }, expected: { minuteRows: 5000, barSizes: { minute: '1h' }, firstBar: Date.parse('2017-04-19T09:00:00Z'), lastBar: Date.parse('2018-02-07T15:00:00Z') } },
  { file: 'backtesting-py/GOOG.csv', args: {}, expected: { dailyRows: 2148, calendar: 'XNYS', firstBar: day('2004-08-19'), lastBar: day('2013-03-01') } },
  { file: 'backtrader/2005-2006-day-001.txt', args: { calendar: 'data' }, expected: { dailyRows: 512, firstBar: day('2005-01-03'), lastBar: day('2006-12-29') } },
  { file: 'backtrader/2006-01-02-volume-min-001.txt', args: { calendar: 'data', columns: 'time=#2' }, expected: { minuteRows: 30889, barSizes: { minute: '1m' }, firstBar: Date.parse('2006-01-02T09:01:00Z'), lastBar: Date.parse('2006-02-27T22:00:00Z') } },
  { file: 'backtrader/2006-day-001.txt', args: { calendar: 'data' }, expected: { dailyRows: 255 } },
  { file: 'backtrader/2006-min-005.txt', args: { calendar: 'data' }, expected: { minuteRows: 2142, barSizes: { minute: '5m' } } },
  { file: 'backtrader/2006-volume-day-001.txt', args: { calendar: 'data' }, expected: { dailyRows: 255, warnings: [] } },
  { file: 'backtrader/2006-week-001.txt', args: { calendar: 'data' }, expected: { dailyRows: 52, barSizes: { daily: '1w' }, firstBar: day('2006-01-06'), lastBar: day('2006-12-29') } },
  { file: 'backtrader/nvda-1999-2014.txt', args: { adjustWith: 'Adj Close', symbol: 'NVDA' }, expected: { dailyRows: 4012, splits: 0, dividends: 0, firstBar: day('1999-01-22'), lastBar: day('2014-12-31') } },
  { file: 'backtrader/orcl-1995-2014.txt', args: { adjustWith: 'Adj Close', symbol: 'ORCL' }, expected: { dailyRows: 5036, firstBar: day('1995-01-03') } },
  { file: 'backtrader/yhoo-1996-2015.txt', args: { adjustWith: 'Adj Close', symbol: 'YHOO' }, expected: { dailyRows: 4965, lastBar: day('2015-12-31') } },
  { file: 'ffn/test_data.csv', args: { columns: 'open=AAPL,high=AAPL,low=AAPL,close=AAPL', symbol: 'AAPL' }, expected: { dailyRows: 2517, firstBar: day('2004-03-10'), lastBar: day('2014-03-10') } },
  { file: 'pyalgotrade/WIKI-ORCL-2000-quandl.csv', args: { symbol: 'ORCL' }, expected: { dailyRows: 252, splits: 2 } },
  { file: 'pyalgotrade/orcl-2000-yahoofinance.csv', args: { symbol: 'ORCL' }, expected: { dailyRows: 252, firstBar: day('2000-01-03'), lastBar: day('2000-12-29') } },
  { file: 'pyalgotrade/orcl-2001-yahoofinance.csv', args: { symbol: 'ORCL' }, expected: { dailyRows: 248, firstBar: day('2001-01-02'), lastBar: day('2001-12-31') } },
  { file: 'pyalgotrade/sharpe-ratio-test-ige.csv', args: { symbol: 'IGE' }, expected: { dailyRows: 1504, firstBar: day('2001-11-26'), lastBar: day('2007-11-14') } },
  { file: 'pyalgotrade/sharpe-ratio-test-spy.csv', args: { symbol: 'SPY' }, expected: { dailyRows: 1504 } },
  { file: 'pyalgotrade/spy-2010-yahoofinance.csv', args: { symbol: 'SPY' }, expected: { dailyRows: 252, firstBar: day('2010-01-04'), lastBar: day('2010-12-31') } },
  { file: 'pyalgotrade/spy-2011-yahoofinance.csv', args: { symbol: 'SPY' }, expected: { dailyRows: 252, firstBar: day('2011-01-03'), lastBar: day('2011-12-30') } },
  { file: 'zipline-csvdir', args: { source: 'csvdir', columns: 'split=' }, expected: { dailyRows: 3016, assets: 4, splits: 0, dividends: 46, warnings: [] } },
  {
    file: 'zipline-example',
    args: {
      source: 'csvdir', skipPlaceholders: true, splits: sharedData('zipline-example/splits.csv'),
      dividends: sharedData('zipline-example/dividend_payouts.csv'), benchmarkFile: sharedData('zipline-example/SPY_benchmark.csv'),
    },
    expected: { dailyRows: 24626 + 2769, assets: 10, splits: 5, dividends: 233, warnings: [], firstBar: day('2004-01-02'), lastBar: day('2014-12-31') },
  },
  { file: 'zipline-quandl/QUANDL_SAMPLE_TABLE.csv', args: {}, expected: { dailyRows: 916, assets: 4, splits: 1, dividends: 8 } },
];

/** Files that are not bars: refused, with what to do. */
const REFUSED: { file: string; message: RegExp }[] = [
  { file: 'zipline-example/SPY_benchmark.csv', message: /--benchmark-file FILE/ },
  { file: 'zipline-example/splits.csv', message: /--splits FILE/ },
  { file: 'zipline-example/dividend_ratios.csv', message: /dividend ratios are not read/ },
  { file: 'zipline-example/dividend_payouts.csv', message: /--dividends FILE/ },
  { file: 'ffn/test_data.csv', message: /--columns open=AAPL,high=AAPL,low=AAPL,close=AAPL --symbol AAPL/ },
  { file: 'backtrader/2006-01-02-volume-min-001.txt', message: /header has 7 names, rows have 8 fields \(line 2\).*--columns time=#2/ },
];

describeWith([needs.sharedData()], 'every file of ../shared/data with the README\'s flags', () => {
  const tmp = tempDir('ziplime-every-');
  afterAll(() => tmp.remove());
  for (const c of EVERY_FILE) {
    it(c.file, async () => {
      const r = await runIngest({ bundlesDir: tmp.dir, bundle: c.file.replace(/[^A-Za-z0-9]+/g, '-'), path: sharedData(c.file), ...c.args });
      expect(r).toMatchObject(c.expected);
    });
  }
  for (const c of REFUSED) {
    it(`${c.file} as bars is refused with what to do`, async () => {
      await expect(runIngest({ bundlesDir: tmp.dir, bundle: 'refused', path: sharedData(c.file) })).rejects.toThrow(c.message);
    });
  }
});
