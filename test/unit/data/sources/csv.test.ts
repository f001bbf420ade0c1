import { describe, expect, it } from 'vitest';
import { dayMs, ingestWorkspace } from '../ingest-fixtures.js';

const workspace = ingestWorkspace();

describe('csv source', () => {
  it('reads a one-symbol file named after its symbol, any header case, newest-first, Adj Close ignored', async () => {
    const w = workspace();
    const file = w.write('spy.csv', [
      'DATE,open,HIGH,Low,Close,Adj Close,volume',
      '2024-01-04,12,13,11,12.5,1.0,300',
      '2024-01-03,11,12,10,11.5,1.0,200',
      '2024-01-02,10,11,9,10.5,1.0,100',
    ]);
    const result = await w.ingest({ source: 'csv', path: file, bundle: 'spy' });
    expect(result).toMatchObject({ assets: 1, dailyRows: 3, minuteRows: 0, calendar: 'XNYS', frequencies: ['daily'] });
    const r = await w.open('spy');
    const spy = (await r.lookupSymbol('SPY'))!;
    expect(spy).toMatchObject({ symbol: 'spy', startDate: '2024-01-02', endDate: '2024-01-04', autoCloseDate: '2024-01-05' });
    const bars = (await r.dailyBars([spy.sid], '2024-01-01', '2024-01-31')).get(spy.sid)!;
    expect([...bars.ts]).toEqual([dayMs('2024-01-02'), dayMs('2024-01-03'), dayMs('2024-01-04')]);
    expect([...bars.close]).toEqual([10.5, 11.5, 12.5]); // Close, not Adj Close
    expect([...bars.volume]).toEqual([100, 200, 300]);
    await r.close();
  });

  it('takes the symbol from --symbol and an empty first header as the date', async () => {
    const w = workspace();
    const file = w.write('prices.csv', [',Open,High,Low,Close,Volume', '2024-01-02,10,11,9,10.5,100', '2024-01-03,11,12,10,11.5,200']);
    await w.ingest({ source: 'csv', path: file, symbol: 'GOOG', bundle: 'g' });
    const r = await w.open('g');
    expect((await r.assets()).map((a) => a.symbol)).toEqual(['GOOG']);
    expect((await r.range('daily'))).toEqual({ first: dayMs('2024-01-02'), last: dayMs('2024-01-03'), rows: 2 });
    await r.close();
  });

  it('reads a long table with a symbol column; sids follow symbol order from 0', async () => {
    const w = workspace();
    const file = w.write('long.csv', [
      'ticker,timestamp,o,h,l,c,v',
      'MSFT,2024-01-03,20,21,19,20.5,10',
      'AAPL,2024-01-02,10,11,9,10.5,1',
      'MSFT,2024-01-02,20,21,19,20.5,10',
      'AAPL,2024-01-03,10,11,9,10.5,1',
    ]);
    const result = await w.ingest({ source: 'csv', path: file, bundle: 'long' });
    expect(result).toMatchObject({ assets: 2, dailyRows: 4 });
    const r = await w.open('long');
    const assets = await r.assets();
    expect(assets.map((a) => [a.sid, a.symbol])).toEqual([[0, 'AAPL'], [1, 'MSFT']]);
    expect(await r.lookupSymbol('msft')).toBe(assets[1]); // interned
    const bars = await r.dailyBars([0, 1], '2024-01-02', '2024-01-03');
    expect([...bars.get(1)!.open]).toEqual([20, 20]);
    expect([...bars.get(0)!.ts]).toEqual([dayMs('2024-01-02'), dayMs('2024-01-03')]);
    await r.close();
  });

  it('reads a folder of one-symbol files', async () => {
    const w = workspace();
    w.write('dir/AAA.csv', ['Date,Open,High,Low,Close,Volume', '2024-01-02,1,2,0.5,1.5,10']);
    w.write('dir/BBB.txt', ['Date,Open,High,Low,Close,Volume', '2024-01-02,3,4,2.5,3.5,10', '2024-01-03,3,4,2.5,3.5,10']);
    const result = await w.ingest({ source: 'csv', path: `${w.dir}/dir`, bundle: 'dir' });
    expect(result).toMatchObject({ assets: 2, dailyRows: 3 });
  });

  it('maps other headers with --columns (e.g. adjusted close) and reads m/d/Y dates', async () => {
    const w = workspace();
    const file = w.write('adj.csv', ['Day,Open,High,Low,Close,Adj Close,Shares', '1/2/2024,10,11,9,10.5,9.25,7', '1/3/2024,10,11,9,10.5,9.5,8']);
    await w.ingest({ source: 'csv', path: file, bundle: 'adj', columns: 'close=Adj Close,volume=Shares' });
    const r = await w.open('adj');
    const bars = (await r.dailyBars([0], '2024-01-01', '2024-01-31')).get(0)!;
    expect([...bars.close]).toEqual([9.25, 9.5]);
    expect([...bars.volume]).toEqual([7, 8]);
    await r.close();
  });

  it('infers minute bars from Date + Time columns and reads naive times in the calendar zone', async () => {
    const w = workspace();
    const file = w.write('m.csv', [
      'Date,Time,Open,High,Low,Close,Volume',
      '2024-01-02,09:30:00,10,11,9,10.5,100',
      '2024-01-02,09:31:00,10.5,11,10,10.8,50',
      '2024-01-02,15:59:00,10.8,11,10,10.9,60',
    ]);
    const result = await w.ingest({ source: 'csv', path: file, bundle: 'm' });
    expect(result).toMatchObject({ frequencies: ['minute'], minuteRows: 3, dailyRows: 0, tz: 'America/New_York' });
    const r = await w.open('m');
    // 09:30 New York on 2024-01-02 (EST, UTC-5) = 14:30 UTC
    const open = Date.parse('2024-01-02T14:30:00Z');
    const bars = (await r.minuteBars([0], open, open + 24 * 3_600_000)).get(0)!;
    expect([...bars.ts]).toEqual([open, open + 60_000, Date.parse('2024-01-02T20:59:00Z')]);
    expect(await r.dataSessions()).toEqual(['2024-01-02']);
    // the end bound is exclusive
    expect((await r.minuteBars([0], open, open + 60_000)).get(0)!.ts.length).toBe(1);
    await r.close();
  });

  it('honours --tz and --frequency', async () => {
    const w = workspace();
    const file = w.write('utc.csv', ['datetime,open,high,low,close,volume', '2024-01-02 14:30:00,10,11,9,10.5,1']);
    const result = await w.ingest({ source: 'csv', path: file, bundle: 'utc', tz: 'UTC', frequency: 'minute' });
    expect(result.minuteRows).toBe(1);
    const r = await w.open('utc');
    expect(await r.range('minute')).toEqual({ first: Date.parse('2024-01-02T14:30:00Z'), last: Date.parse('2024-01-02T14:30:00Z'), rows: 1 });
    await r.close();
    // a date column in UTC (the `data` calendar's zone) keeps its day
    const daily = w.write('d.csv', ['date,open,high,low,close,volume', '2024-01-06,10,11,9,10.5,1', '2024-01-07,10,11,9,10.5,1']);
    expect(await w.ingest({ source: 'csv', path: daily, bundle: 'd', calendar: 'data' })).toMatchObject({ tz: 'UTC', dailyRows: 2 });
    const d = await w.open('d');
    expect(await d.dataSessions()).toEqual(['2024-01-06', '2024-01-07']);
    await d.close();
  });

  it('picks up dividend and split columns (Quandl style)', async () => {
    const w = workspace();
    const file = w.write('q.csv', [
      'Date,Open,High,Low,Close,Volume,Ex-Dividend,Split Ratio',
      '2024-01-03,5,6,4,5.5,100,0.0,2.0',
      '2024-01-02,10,11,9,10.5,100,0.25,1.0',
    ]);
    await w.ingest({ source: 'csv', path: file, bundle: 'q', symbol: 'Q' });
    const r = await w.open('q');
    expect(await r.splits()).toEqual([{ sid: 0, effectiveDate: '2024-01-03', ratio: 2 }]);
    expect(await r.dividends()).toEqual([{ sid: 0, exDate: '2024-01-02', declaredDate: null, recordDate: null, payDate: null, amount: 0.25 }]);
    await r.close();
  });
});
