import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.js';
import { ingestWorkspace } from '../ingest-fixtures.js';

const workspace = ingestWorkspace();
const HEADER = 'date,open,high,low,close,volume';
// a 2-for-1 split on 2024-01-04: the price halves overnight
const BARS = [HEADER, '2024-01-02,100,101,99,100,1000', '2024-01-03,100,101,99,100,1000', '2024-01-04,50,51,49,50,2000', '2024-01-05,50,51,49,50,2000'];

describe('side tables: --splits, --dividends, --benchmark-file', () => {
  it("zipline's splits.csv (ratio 0.5 = 2-for-1) is converted to shares after / before", async () => {
    const w = workspace();
    w.write('z/daily/ABC.csv', BARS);
    const splits = w.write('z/splits.csv', ['symbol,sid,effective_date,ratio', 'ABC,7,2024-01-04,0.5', 'XYZ,9,2024-01-04,0.5']);
    const r = await w.ingest({ source: 'csvdir', path: `${w.dir}/z`, bundle: 'z', splits });
    expect(r.warnings).toEqual([]); // the prices show the split
    expect(r.notes.join('\n')).toMatch(/zipline's convention/);
    expect(r.notes.join('\n')).toMatch(/1 splits of symbols without bars not stored \(XYZ\)/);
    const reader = await w.open('z');
    expect(await reader.splits()).toEqual([{ sid: 0, effectiveDate: '2024-01-04', ratio: 2 }]);
    await reader.close();
  });

  it('a splits file with a split_ratio column is read as shares after / before', async () => {
    const w = workspace();
    const bars = w.write('ABC.csv', BARS);
    const splits = w.write('s.csv', ['ticker,date,split_ratio', 'ABC,2024-01-04,2']);
    await w.ingest({ source: 'csv', path: bars, bundle: 'a', splits });
    const reader = await w.open('a');
    expect((await reader.splits()).map((s) => s.ratio)).toEqual([2]);
    await reader.close();
  });

  it('a split in the wrong convention is caught by the split check', async () => {
    const w = workspace();
    const bars = w.write('ABC.csv', BARS);
    const splits = w.write('s.csv', ['ticker,date,split_ratio', 'ABC,2024-01-04,0.5']);
    const r = await w.ingest({ source: 'csv', path: bars, bundle: 'a', splits });
    expect(r.warnings.join('\n')).toMatch(/ABC split 1:2 on 2024-01-04 does not show in the prices/);
  });

  it('dividends with unknown pay dates', async () => {
    const w = workspace();
    const bars = w.write('ABC.csv', BARS);
    const dividends = w.write('d.csv', ['symbol,sid,ex_date,declared_date,record_date,pay_date,amount', 'ABC,2,2024-01-03,,,,0.25']);
    const r = await w.ingest({ source: 'csv', path: bars, bundle: 'd', dividends });
    expect(r.dividends).toBe(1);
    const reader = await w.open('d');
    expect(await reader.dividends()).toEqual([{ sid: 0, exDate: '2024-01-03', declaredDate: null, recordDate: null, payDate: null, amount: 0.25 }]);
    await reader.close();
  });

  it('a benchmark return series becomes an index compounding the returns and the bundle benchmark', async () => {
    const w = workspace();
    const bars = w.write('ABC.csv', BARS);
    const bench = w.write('SPY_benchmark.csv', ['date,return', '2023-12-29 00:00:00+00:00,0.5',
      '2024-01-02 00:00:00+00:00,0.1', '2024-01-03 00:00:00+00:00,-0.5', '2024-01-04 00:00:00+00:00,0.2', '2024-01-05 00:00:00+00:00,0', '2024-01-08 00:00:00+00:00,0.3']);
    await w.ingest({ source: 'csv', path: bars, bundle: 'b', benchmarkFile: bench });
    const reader = await w.open('b');
    expect(reader.meta.benchmark).toBe('SPY_benchmark');
    const spy = (await reader.lookupSymbol('SPY_benchmark'))!;
    expect(spy.assetClass).toBe('index');
    const closes = [...(await reader.dailyBars([spy.sid], '2023-01-01', '2024-12-31')).get(spy.sid)!.close];
    // 1.5 × 1.1 = 1.65; × 0.5 = 0.825; × 1.2 = 0.99; × 1 = 0.99 (2023-12-29 and 2024-01-08 lie outside the bars' dates)
    expect(closes.map((c) => +c.toFixed(12))).toEqual([1.65, 0.825, 0.99, 0.99]);
    await reader.close();
  });

  it('on the data calendar a benchmark day without bars is compounded into the next', async () => {
    const w = workspace();
    const bars = w.write('ABC.csv', [HEADER, '2024-01-02,100,101,99,100,1000', '2024-01-04,100,101,99,100,1000']);
    const bench = w.write('B.csv', ['date,return', '2024-01-02,0.1', '2024-01-03,0.1', '2024-01-04,0.1']);
    await w.ingest({ source: 'csv', path: bars, bundle: 'b', benchmarkFile: bench, calendar: 'data' });
    const reader = await w.open('b');
    const b = (await reader.lookupSymbol('B'))!;
    const closes = [...(await reader.dailyBars([b.sid], '2024-01-01', '2024-12-31')).get(b.sid)!.close];
    expect(closes.map((c) => +c.toFixed(12))).toEqual([1.1, 1.331]);
    expect(await reader.dataSessions()).toEqual(['2024-01-02', '2024-01-04']);
    await reader.close();
  });

  it('files of a source folder that nothing read are listed in the summary', async () => {
    const w = workspace();
    w.write('z/daily/ABC.csv', BARS);
    const splits = w.write('z/splits.csv', ['symbol,effective_date,ratio', 'ABC,2024-01-04,0.5']);
    w.write('z/dividend_ratios.csv', ['symbol,sid,effective_date,ratio']);
    w.write('z/daily/notes.md', ['x']);
    const r = await w.ingest({ source: 'csvdir', path: `${w.dir}/z`, bundle: 'z', splits });
    expect(r.notes).toContain(`not read in ${w.dir}/z: daily/notes.md, dividend_ratios.csv`);
  });
});

describe('placeholder bars on holidays', () => {
  // 2024-01-15 is an NYSE holiday (Martin Luther King Jr. Day)
  const rows = [HEADER, '2024-01-12,10,11,9,10,100', '2024-01-15,10,10,10,10,0', '2024-01-16,10,11,9,10,100'];

  it('are refused with a hint naming --skip-placeholders, and dropped with it', async () => {
    const w = workspace();
    const file = w.write('ABC.csv', rows);
    const err = await w.ingest({ source: 'csv', path: file, bundle: 'p' }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/ABC.csv:3: .*2024-01-15 is not a session .*--skip-placeholders/);
    const r = await w.ingest({ source: 'csv', path: file, bundle: 'p', skipPlaceholders: true });
    expect(r.dailyRows).toBe(2);
    expect(r.notes.join('\n')).toMatch(/1 placeholder bar .* dropped/);
  });

  it('a holiday bar with volume is still an error with --skip-placeholders', async () => {
    const w = workspace();
    const file = w.write('ABC.csv', [HEADER, '2024-01-12,10,11,9,10,100', '2024-01-15,10,11,9,10,50']);
    await expect(w.ingest({ source: 'csv', path: file, bundle: 'p', skipPlaceholders: true })).rejects.toThrow(/2024-01-15 is not a session/);
  });
});
