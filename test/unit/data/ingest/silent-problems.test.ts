import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../../../src/core/errors.js';
import { ingestWorkspace } from '../ingest-fixtures.js';

const workspace = ingestWorkspace();
const HEADER = 'Date,Open,High,Low,Close,Volume';

async function failure(p: Promise<unknown>): Promise<InputError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe('rows of the wrong shape', () => {
  it('extra fields on a row are an error naming the line, not dropped', async () => {
    const w = workspace();
    const rows = ['2024-01-02,10,11,9,10.5,100', '2024-01-03,10,11,9,10.5,100', '2024-01-04,10,11,9,10.5,100,7', '2024-01-05,10,11,9,10.5,100'];
    const file = w.write('t.csv', [HEADER, ...rows]);
    const err = await failure(w.ingest({ source: 'csv', path: file, bundle: 'x' }));
    expect(err.location).toEqual({ file, line: 4 });
    expect(err.message).toMatch(/7 fields, the header has 6 names/);
  });

  it('an extra field on the last of three rows too', async () => {
    const w = workspace();
    const file = w.write('t.csv', [HEADER, '2024-01-02,10,11,9,10.5,100', '2024-01-03,10,11,9,10.5,100,7']);
    const err = await failure(w.ingest({ source: 'csv', path: file, bundle: 'x' }));
    expect(err.location).toEqual({ file, line: 3 });
  });

  it('an empty file says "no rows"', async () => {
    const w = workspace();
    const file = w.write('t.csv', []);
    const err = await failure(w.ingest({ source: 'csv', path: file, bundle: 'x' }));
    expect(err.message).toContain(`${file}: no rows`);
  });

  it('a header with fewer names than fields is named, and --columns time=#2 maps the field by position', async () => {
    const w = workspace();
    const lines = ['Date,Open,High,Low,Close,Volume,OpenInterest', '2024-01-02,09:31:00,10,11,9,10.5,100,0', '2024-01-02,09:32:00,10.5,12,10,11,200,0'];
    const file = w.write('m.csv', lines);
    const err = await failure(w.ingest({ source: 'csv', path: file, bundle: 'x' }));
    expect(err.message).toContain('header has 7 names, rows have 8 fields (line 2)');
    expect(err.message).toContain('--columns time=#2');
    const r = await w.ingest({ source: 'csv', path: file, bundle: 'm', columns: 'time=#2' });
    expect(r).toMatchObject({ minuteRows: 2, frequencies: ['minute'] });
    const reader = await w.open('m');
    // 09:31 and 09:32 New York on 2024-01-02 (EST, UTC-5)
    const bars = (await reader.minuteBars([0], Date.parse('2024-01-02T14:31:00Z'), Date.parse('2024-01-02T14:33:00Z'))).get(0)!;
    expect([...bars.ts]).toEqual([Date.parse('2024-01-02T14:31:00Z'), Date.parse('2024-01-02T14:32:00Z')]);
    expect([...bars.open, ...bars.high, ...bars.low, ...bars.close, ...bars.volume]).toEqual([10, 10.5, 11, 12, 9, 10, 10.5, 11, 100, 200]);
    await reader.close();
  });
});

describe('OHLC consistency and adjusted bars', () => {
  it('close above high is an error with file, line and rule', async () => {
    const w = workspace();
    const file = w.write('t.csv', [HEADER, '2024-01-02,10,11,9,10.5,100', '2024-01-03,10,11,9,11.5,100']);
    const err = await failure(w.ingest({ source: 'csv', path: file, bundle: 'x' }));
    expect(err.location).toEqual({ file, line: 3 });
    expect(err.message).toMatch(/low ≤ open, close ≤ high/);
  });

  it('open below low is an error too', async () => {
    const w = workspace();
    const file = w.write('t.csv', [HEADER, '2024-01-02,8.9,11,9,10.5,100']);
    expect((await failure(w.ingest({ source: 'csv', path: file, bundle: 'x' }))).location).toEqual({ file, line: 2 });
  });

  it('--adjust-with scales open/high/low/close by Adj Close / Close and volume inversely, with no splits', async () => {
    const w = workspace();
    const file = w.write('t.csv', ['Date,Open,High,Low,Close,Adj Close,Volume,Split', '2024-01-02,20,22,18,20,10,100,1', '2024-01-03,21,24,20,22,16.5,300,2']);
    const r = await w.ingest({ source: 'csv', path: file, bundle: 'a', adjustWith: 'Adj Close' });
    expect(r.splits).toBe(0);
    expect(r.notes.join(' ')).toMatch(/adjusted with 'Adj Close'/);
    const reader = await w.open('a');
    const b = (await reader.dailyBars([0], '2024-01-02', '2024-01-03')).get(0)!;
    // factors 10/20 = 0.5 and 16.5/22 = 0.75
    expect([...b.open]).toEqual([10, 15.75]);
    expect([...b.high]).toEqual([11, 18]);
    expect([...b.low]).toEqual([9, 15]);
    expect([...b.close]).toEqual([10, 16.5]);
    expect([...b.volume]).toEqual([200, 400]);
    await reader.close();
  });

  it('--adjust-with with close mapped to the same column is refused', async () => {
    const w = workspace();
    const file = w.write('t.csv', ['Date,Open,High,Low,Close,Adj Close,Volume', '2024-01-02,20,22,18,20,10,100']);
    await expect(w.ingest({ source: 'csv', path: file, bundle: 'a', adjustWith: 'Adj Close', columns: 'close=Adj Close' })).rejects.toThrow(UsageError);
  });
});

describe('corporate-action columns', () => {
  const quandl = ['Date,Open,High,Low,Close,Volume,Ex-Dividend,Split Ratio,Adj. Open,Adj. High,Adj. Low,Adj. Close',
    '2024-01-02,100,110,90,100,1000,0,1,50,55,45,50', '2024-01-03,50,55,45,50,2000,0.5,2,50,55,45,50'];
  const adjusted = 'open=Adj. Open,high=Adj. High,low=Adj. Low,close=Adj. Close';

  it('prices mapped to adjusted columns leave the split and dividend columns unread, said in the summary', async () => {
    const w = workspace();
    const file = w.write('q.csv', quandl);
    const raw = await w.ingest({ source: 'csv', path: file, bundle: 'raw' });
    expect([raw.splits, raw.dividends]).toEqual([1, 1]);
    const adj = await w.ingest({ source: 'csv', path: file, bundle: 'adj', columns: adjusted });
    expect([adj.splits, adj.dividends]).toEqual([0, 0]);
    expect(adj.notes.join(' ')).toMatch(/'Ex-Dividend', 'Split Ratio' not applied: .* already adjusted/);
  });

  it('--columns split=,dividend= switches auto-detection off', async () => {
    const w = workspace();
    const file = w.write('q.csv', quandl);
    const r = await w.ingest({ source: 'csv', path: file, bundle: 'off', columns: 'split=,dividend=' });
    expect([r.splits, r.dividends]).toEqual([0, 0]);
  });
});

describe('split sanity and volume', () => {
  const rows = (secondOpen: number) => [HEADER + ',Split', '2024-01-02,100,101,99,100,1000,1', `2024-01-03,${secondOpen},${secondOpen + 1},${secondOpen - 1},${secondOpen},1000,2`];

  it('a 2:1 split with no price change warns with symbol, date, ratio and observed change; --strict makes it an error', async () => {
    const w = workspace();
    const file = w.write('ABC.csv', rows(100));
    const r = await w.ingest({ source: 'csv', path: file, bundle: 's' });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/ABC split 2:1 on 2024-01-03 .*close 100\.00 on 2024-01-02 → open 100\.00 \(×1\.00; the split implies ×0\.50\)/);
    const err = await failure(w.ingest({ source: 'csv', path: file, bundle: 's2', strict: true }));
    expect(err.message).toMatch(/ABC split 2:1 on 2024-01-03.*--strict/);
  });

  it('a split the prices show does not warn', async () => {
    const w = workspace();
    const r = await w.ingest({ source: 'csv', path: w.write('ABC.csv', rows(51)), bundle: 's' });
    expect(r.warnings).toEqual([]);
  });

  it('a file without volume warns and records the asset as volume-unknown', async () => {
    const w = workspace();
    w.write('d/A.csv', ['Date,Open,High,Low,Close', '2024-01-02,10,11,9,10.5']);
    w.write('d/B.csv', [HEADER, '2024-01-02,10,11,9,10.5,500']);
    w.write('d/C.csv', [HEADER, '2024-01-02,10,11,9,10.5,0']);
    const r = await w.ingest({ source: 'csv', path: `${w.dir}/d`, bundle: 'v' });
    expect(r.warnings.join(' ')).toMatch(/no volume for A, C/);
    const reader = await w.open('v');
    expect(reader.meta.volumeUnknown).toEqual([0, 2]);
    await reader.close();
  });
});
