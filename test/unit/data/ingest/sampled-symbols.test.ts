import { describe, expect, it } from 'vitest';
import { openDatabase, queryJson } from '../../../../src/data/duckdb.js';
import { sampleSymbols } from '../../../../src/data/ingest/sample-symbols.js';
import { ingestWorkspace } from '../ingest-fixtures.js';

const workspace = ingestWorkspace();
const HEADER = 'symbol,datetime,open,high,low,close,volume';

async function query(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await openDatabase(file, { readOnly: true });
  try {
    return await queryJson(db.conn, sql);
  } finally {
    db.close();
  }
}

const minute = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().slice(0, 16).replace('T', ' ');

describe('symbols of a long file guessed from samples before it is read', () => {
  it('a symbol the samples miss still gets its sid and bars (the file is read for its symbols)', async () => {
    const w = workspace();
    const MINUTES = 100_000;
    const write = (at: number) => {
      const lines = [HEADER];
      for (let i = 0; i < MINUTES; i++) {
        lines.push(`AA,${minute(i)},1,2,1,1.5,10`, `BB,${minute(i)},3,4,3,3.5,30`);
        if (i >= at && i < at + 3) lines.push(`CC,${minute(i)},5,6,5,5.5,50`);
      }
      return w.write('m.csv', lines);
    };
    // three bars of CC where no sample window looks: tried every 100 minutes (about 6 KB) over
    // more than the distance between two windows
    let file = '';
    let sampled: Set<string> | undefined;
    for (let at = 50_000; at < 53_000; at += 100) {
      file = write(at);
      sampled = await sampleSymbols({ file, delim: ',', field: 0 });
      if (!sampled?.has('CC')) break;
    }
    expect([...sampled!].sort()).toEqual(['AA', 'BB']);
    const r = await w.ingest({ source: 'csv', path: file, bundle: 'o', calendar: 'ALWAYS_OPEN' });
    expect(r.minuteRows).toBe(2 * MINUTES + 3);
    const counts = await query(r.path, 'SELECT a.symbol, a.sid, count(*) AS n FROM minute_bars b JOIN assets a USING (sid) GROUP BY ALL ORDER BY a.sid');
    expect(counts.map((c) => `${String(c.symbol)} ${Number(c.sid)} ${Number(c.n)}`)).toEqual(['AA 0 100000', 'BB 1 100000', 'CC 2 3']);
  });

  it('timestamps all at midnight in a long file of unknown frequency make daily bars', async () => {
    const w = workspace();
    const file = w.write('d.csv', [HEADER, 'BB,2024-01-02 00:00:00,3,4,3,3.5,30', 'AA,2024-01-02 00:00:00,1,2,1,1.5,10',
      'BB,2024-01-03 00:00:00,3,4,3,3.5,31', 'AA,2024-01-03 00:00:00,1,2,1,1.5,11']);
    const r = await w.ingest({ source: 'csv', path: file, bundle: 'o', calendar: 'XNYS' });
    expect([r.dailyRows, r.minuteRows]).toEqual([4, 0]);
    const bars = await query(r.path, "SELECT sid, strftime(day, '%Y-%m-%d') AS d, volume FROM daily_bars ORDER BY sid, day");
    expect(bars.map((b) => `${Number(b.sid)} ${String(b.d)} ${Number(b.volume)}`)).toEqual(['0 2024-01-02 10', '0 2024-01-03 11', '1 2024-01-02 30', '1 2024-01-03 31']);
  });
});
