import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.js';
import { ingestWorkspace } from '../ingest-fixtures.js';

const workspace = ingestWorkspace();
const HEADER = 'date,open,high,low,close,volume';
const ny = (t: string) => Date.parse(`2024-01-02T${t}:00-05:00`);

describe('--bar-label', () => {
  // zipline minute files label a bar by its end: the first bar of the day is 09:31, the last 16:00
  const rows = [HEADER, '2024-01-02 09:31,10,11,9,10,100', '2024-01-02 09:32,10,11,9,10,100', '2024-01-02 16:00,10,11,9,10,100'];

  it('a 16:00 bar on XNYS is refused with a hint to --bar-label end', async () => {
    const w = workspace();
    const file = w.write('ABC.csv', rows);
    const err = await w.ingest({ source: 'csv', path: file, bundle: 'm' }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/ABC.csv:4: .*16:00 .* outside the XNYS trading hours.*--bar-label end/);
  });

  it('--bar-label end moves each bar back one bar to its start', async () => {
    const w = workspace();
    const r = await w.ingest({ source: 'csv', path: w.write('ABC.csv', rows), bundle: 'm', barLabel: 'end' });
    expect(r.notes.join('\n')).toMatch(/labelled by their end: moved back 1 minute/);
    const reader = await w.open('m');
    const bars = (await reader.minuteBars([0], ny('09:00'), ny('17:00'))).get(0)!;
    expect([...bars.ts]).toEqual([ny('09:30'), ny('09:31'), ny('15:59')]);
    await reader.close();
  });

  it('5-minute bars labelled by their end move back 5 minutes', async () => {
    const w = workspace();
    const file = w.write('ABC.csv', [HEADER, '2024-01-02 09:35,10,11,9,10,100', '2024-01-02 09:40,10,11,9,10,100', '2024-01-02 16:00,10,11,9,10,100']);
    const r = await w.ingest({ source: 'csv', path: file, bundle: 'm', barLabel: 'end' });
    expect(r.barSizes).toEqual({ minute: '5m' });
    const reader = await w.open('m');
    expect([...(await reader.minuteBars([0], ny('09:00'), ny('17:00'))).get(0)!.ts]).toEqual([ny('09:30'), ny('09:35'), ny('15:55')]);
    await reader.close();
  });
});

describe('bar size detection', () => {
  const series = (dates: string[]) => [HEADER, ...dates.map((d) => `${d},10,11,9,10,100`)];

  it.each([
    ['daily', ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'], '1d'],
    ['weekly', ['2024-01-05', '2024-01-12', '2024-01-19', '2024-01-26'], '1w'],
    ['monthly', ['2024-01-31', '2024-02-29', '2024-03-28', '2024-04-30'], '1mo'],
    ['irregular', ['2024-01-02', '2024-02-20', '2024-05-01', '2024-05-02', '2024-09-03'], 'irregular'],
  ])('%s bars are stored as such in the bundle', async (_name, dates, size) => {
    const w = workspace();
    const r = await w.ingest({ source: 'csv', path: w.write('ABC.csv', series(dates as string[])), bundle: 'b', calendar: 'data' });
    expect(r.barSizes).toEqual({ daily: size });
    const reader = await w.open('b');
    expect(reader.meta.barSizes).toEqual({ daily: size });
    await reader.close();
  });

  it('hourly bars are stored as minute bars of size 1h', async () => {
    const w = workspace();
    const file = w.write('FX.csv', [HEADER, '2024-01-02 09:00,1,1.1,0.9,1,10', '2024-01-02 10:00,1,1.1,0.9,1,10', '2024-01-02 11:00,1,1.1,0.9,1,10']);
    const r = await w.ingest({ source: 'csv', path: file, bundle: 'h', calendar: 'data' });
    expect(r).toMatchObject({ minuteRows: 3, barSizes: { minute: '1h' } });
  });
});
