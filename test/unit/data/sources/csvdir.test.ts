import { describe, expect, it } from 'vitest';
import { dayMs, ingestWorkspace } from '../ingest-fixtures.js';

const workspace = ingestWorkspace();
const HEADER = 'date,open,high,low,close,volume,dividend,split';

describe('csvdir source', () => {
  it('reads daily/ and minute/ folders; split 7.0 = 7-for-1 on that date; dividends go ex that date', async () => {
    const w = workspace();
    w.write('data/daily/AAA.csv', [
      HEADER,
      '2014-06-05,600,610,590,605,1000,0.0,1.0',
      '2014-06-06,605,615,600,610,1000,3.29,1.0',
      '2014-06-09,92,93,91,92.5,7000,0.0,7.0',
    ]);
    w.write('data/daily/BBB.csv', [HEADER, '2014-06-05,10,11,9,10.5,10,0.0,1.0']);
    w.write('data/minute/AAA.csv', [HEADER, '2014-06-09 09:30:00,92,93,91,92.5,70,0.0,1.0', '2014-06-09 09:31:00,92,93,91,92.5,70,0.0,1.0']);
    const result = await w.ingest({ source: 'csvdir', path: `${w.dir}/data`, bundle: 'zl' });
    expect(result).toMatchObject({ assets: 2, dailyRows: 4, minuteRows: 2, splits: 1, dividends: 1, frequencies: ['daily', 'minute'] });
    const r = await w.open('zl');
    const aaa = (await r.lookupSymbol('AAA'))!;
    expect(aaa.sid).toBe(0);
    expect(await r.splits()).toEqual([{ sid: 0, effectiveDate: '2014-06-09', ratio: 7 }]);
    expect(await r.dividends([0])).toEqual([{ sid: 0, exDate: '2014-06-06', declaredDate: null, recordDate: null, payDate: null, amount: 3.29 }]);
    expect(await r.dividends([1])).toEqual([]);
    expect([...(await r.dailyBars([0, 1], '2014-06-01', '2014-06-30')).get(1)!.ts]).toEqual([dayMs('2014-06-05')]);
    // 09:30 New York in June (EDT, UTC-4) = 13:30 UTC
    const m = (await r.minuteBars([0], Date.parse('2014-06-09T13:30:00Z'), Date.parse('2014-06-09T20:00:00Z'))).get(0)!;
    expect([...m.ts]).toEqual([Date.parse('2014-06-09T13:30:00Z'), Date.parse('2014-06-09T13:31:00Z')]);
    await r.close();
  });
});
