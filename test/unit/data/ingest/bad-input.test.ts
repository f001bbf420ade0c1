import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../../../src/core/errors.js';
import { findBundle } from '../../../../src/data/registry.js';
import { ingestWorkspace } from '../ingest-fixtures.js';

const workspace = ingestWorkspace();
const HEADER = 'Date,Open,High,Low,Close,Volume';
const GOOD = ['2024-01-02,10,11,9,10.5,100', '2024-01-03,11,12,10,11.5,200', '2024-01-04,12,13,11,12.5,300'];

/** Each case: the rows after the header (line 2 on), the line expected in the message, and the rule's words. */
const CASES: { rule: string; rows: string[]; line: number; message: RegExp; calendar?: string }[] = [
  { rule: 'unparsable date', rows: [GOOD[0]!, '2024-13-45,11,12,10,11.5,200', GOOD[2]!], line: 3, message: /unparsable or missing date/ },
  { rule: 'unparsable price', rows: [GOOD[0]!, GOOD[1]!, '2024-01-04,12,abc,11,12.5,300'], line: 4, message: /unparsable (or missing )?high/i },
  { rule: 'missing value', rows: [GOOD[0]!, '2024-01-03,11,12,10,,200', GOOD[2]!], line: 3, message: /unparsable or missing close/ },
  { rule: 'high < low', rows: [GOOD[0]!, GOOD[1]!, '2024-01-04,12,10,11,12.5,300'], line: 4, message: /high < low/ },
  { rule: 'price ≤ 0', rows: [GOOD[0]!, '2024-01-03,0,12,10,11.5,200', GOOD[2]!], line: 3, message: /price ≤ 0/ },
  { rule: 'negative price', rows: ['2024-01-02,-10,11,9,10.5,100', GOOD[1]!, GOOD[2]!], line: 2, message: /price ≤ 0/ },
  { rule: 'non-finite price', rows: [GOOD[0]!, '2024-01-03,11,inf,10,11.5,200', GOOD[2]!], line: 3, message: /not a finite number/ },
  { rule: 'NaN price', rows: [GOOD[0]!, '2024-01-03,nan,12,10,11.5,200', GOOD[2]!], line: 3, message: /not a finite number/ },
  { rule: 'price of -inf', rows: [GOOD[0]!, GOOD[1]!, '2024-01-04,12,13,-inf,12.5,300'], line: 4, message: /not a finite number/ },
  { rule: 'open above high', rows: [GOOD[0]!, '2024-01-03,12.5,12,10,11.5,200', GOOD[2]!], line: 3, message: /open or close outside low…high/ },
  { rule: 'close below low', rows: ['2024-01-02,10,11,9,8.5,100', GOOD[1]!, GOOD[2]!], line: 2, message: /open or close outside low…high/ },
  { rule: 'infinite volume', rows: [GOOD[0]!, GOOD[1]!, '2024-01-04,12,13,11,12.5,inf'], line: 4, message: /negative or non-finite volume/ },
  { rule: 'negative volume', rows: [GOOD[0]!, GOOD[1]!, '2024-01-04,12,13,11,12.5,-1'], line: 4, message: /negative or non-finite volume/ },
  { rule: 'duplicate timestamp', rows: [GOOD[0]!, GOOD[1]!, '2024-01-02,12,13,11,12.5,300'], line: 4, message: /duplicate .* bar at 2024-01-02 \(also at line 2\)/ },
  // 2024-01-15 is Martin Luther King Jr. Day, an NYSE holiday
  { rule: 'bar outside the calendar', rows: [GOOD[0]!, '2024-01-15,11,12,10,11.5,200'], line: 3, message: /2024-01-15 is not a session of the XNYS calendar.*--calendar data/ },
  { rule: 'minute bar outside session hours', rows: [GOOD[0]!.replace('2024-01-02', '2024-01-02 09:30'), '2024-01-02 08:00,11,12,10,11.5,200'], line: 3, message: /08:00 America\/New_York is outside the XNYS trading hours/ },
];

describe('bad input: exit 2 naming file, line and rule; the previous version stays the bundle', () => {
  for (const c of CASES) {
    it(c.rule, async () => {
      const w = workspace();
      const good = w.write('good/t.csv', [HEADER, ...GOOD]);
      const before = await w.ingest({ source: 'csv', path: good, bundle: 'b' });
      const bad = w.write('bad/t.csv', [HEADER, ...c.rows]);
      const err = await w.ingest({ source: 'csv', path: bad, bundle: 'b' }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).exitCode).toBe(2);
      expect((err as InputError).location).toEqual({ file: bad, line: c.line });
      expect((err as Error).message).toContain(`${bad}:${c.line}: `);
      expect((err as Error).message).toMatch(c.message);
      const bundle = await findBundle(w.bundlesDir, 'b');
      expect(bundle.versions.map((v) => v.path)).toEqual([before.path]);
      expect(readdirSync(path.join(w.bundlesDir, 'b'))).toEqual([path.basename(before.path)]); // no temp file left
      const r = await w.open('b');
      expect((await r.range('daily'))?.rows).toBe(3);
      await r.close();
    });
  }

  it('a missing column names the file and the header line', async () => {
    const w = workspace();
    const file = w.write('t.csv', ['Date,Open,High,Low,Volume', '2024-01-02,10,11,9,100']);
    await expect(w.ingest({ source: 'csv', path: file, bundle: 'x' })).rejects.toThrow(`${file}:1: missing column 'close'`);
    expect(readdirSync(w.dir)).not.toContain('bundles/x');
  });

  it('a malformed row (too few fields)', async () => {
    const w = workspace();
    const file = w.write('t.csv', [HEADER, ...GOOD, '2024-01-05,1,2']);
    await expect(w.ingest({ source: 'csv', path: file, bundle: 'x' })).rejects.toThrow(new RegExp(`${file}:5: (malformed row|unparsable)`));
  });

  it('an empty folder', async () => {
    const w = workspace();
    w.write('empty/readme.md', ['nothing here']);
    await expect(w.ingest({ source: 'csv', path: `${w.dir}/empty`, bundle: 'x' })).rejects.toThrow(/no \.csv\/\.txt files in the folder/);
    await expect(w.ingest({ source: 'csvdir', path: `${w.dir}/empty`, bundle: 'x' })).rejects.toThrow(/no CSV files in daily\/ or minute\//);
  });

  it('a file with a header only', async () => {
    const w = workspace();
    const file = w.write('t.csv', [HEADER]);
    await expect(w.ingest({ source: 'csv', path: file, bundle: 'x' })).rejects.toThrow(/no rows/);
  });

  it('an unknown source, calendar or frequency', async () => {
    const w = workspace();
    const file = w.write('t.csv', [HEADER, ...GOOD]);
    await expect(w.ingest({ source: 'nope', path: file })).rejects.toThrow(InputError);
    await expect(w.ingest({ source: 'nope', path: file })).rejects.toThrow(/unknown source 'nope'.*csvdir/);
    await expect(w.ingest({ source: 'csv', path: file, calendar: 'LSE' })).rejects.toThrow(UsageError);
    await expect(w.ingest({ source: 'csv', path: file, frequency: 'hourly' })).rejects.toThrow(UsageError);
  });

  it('reports the first bad line of the first bad file', async () => {
    const w = workspace();
    w.write('dir/A.csv', [HEADER, ...GOOD]);
    const b = w.write('dir/B.csv', [HEADER, GOOD[0]!, '2024-01-03,11,12,13,11.5,200', '2024-01-04,12,13,11,-12.5,300']);
    await expect(w.ingest({ source: 'csv', path: `${w.dir}/dir`, bundle: 'x' })).rejects.toThrow(`${b}:3: high < low (B 2024-01-03`);
  });
});
