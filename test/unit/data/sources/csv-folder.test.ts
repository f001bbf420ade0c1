import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.js';
import { ingestWorkspace } from '../ingest-fixtures.js';

const workspace = ingestWorkspace();
const HEADER = 'date,open,high,low,close,volume';

describe('a folder of CSV files read in one pass', () => {
  it('files of one layout and of another give the same bars as read one by one, symbols from the file names', async () => {
    const w = workspace();
    w.write('d/daily/AAA.csv', [HEADER, '2024-01-02,10,11,9,10.5,100', '2024-01-03,11,12,10,11.5,200']);
    w.write('d/daily/BBB.csv', [HEADER, '2024-01-02,20,21,19,20.5,300']);
    w.write('d/daily/CCC.csv', ['date,close,open,high,low,volume', '2024-01-02,30.5,30,31,29,400']);
    const r = await w.ingest({ source: 'csvdir', path: `${w.dir}/d`, bundle: 'f' });
    expect(r).toMatchObject({ assets: 3, dailyRows: 4 });
    const reader = await w.open('f');
    const sids = Object.fromEntries((await reader.assets()).map((a) => [a.symbol, a.sid]));
    const bars = await reader.dailyBars(Object.values(sids), '2024-01-01', '2024-01-31');
    expect([...bars.get(sids.AAA!)!.close]).toEqual([10.5, 11.5]);
    expect([...bars.get(sids.BBB!)!.open, ...bars.get(sids.BBB!)!.volume]).toEqual([20, 300]);
    expect([...bars.get(sids.CCC!)!.open, ...bars.get(sids.CCC!)!.close]).toEqual([30, 30.5]);
    await reader.close();
  });

  it('a bad value in the third file of a layout names that file and line', async () => {
    const w = workspace();
    w.write('d/daily/AAA.csv', [HEADER, '2024-01-02,10,11,9,10.5,100']);
    w.write('d/daily/BBB.csv', [HEADER, '2024-01-02,20,21,19,20.5,300']);
    const bad = w.write('d/daily/CCC.csv', [HEADER, '2024-01-02,30,31,29,30.5,400', '2024-01-03,30,31,29,abc,400']);
    const err = await w.ingest({ source: 'csvdir', path: `${w.dir}/d`, bundle: 'f' }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).location).toEqual({ file: bad, line: 3 });
    expect((err as Error).message).toMatch(/unparsable close/);
  });

  it('a row with an extra field in the second file names it', async () => {
    const w = workspace();
    w.write('d/A.csv', [HEADER, '2024-01-02,10,11,9,10.5,100', '2024-01-03,10,11,9,10.5,100']);
    const bad = w.write('d/B.csv', [HEADER, '2024-01-02,20,21,19,20.5,300', '2024-01-03,20,21,19,20.5,300', '2024-01-04,20,21,19,20.5,300,9']);
    const err = await w.ingest({ source: 'csv', path: `${w.dir}/d`, bundle: 'f' }).then(() => undefined, (e: unknown) => e);
    expect((err as InputError).location).toEqual({ file: bad, line: 4 });
  });
});
