/**
 * Custom datasets: `ingest --dataset` adds a table to a new bundle version (real DuckDB files);
 * a pipeline sees a value from the session after its asof_date, forward-filled; bad rows are
 * input errors naming file and line, and leave the bundle as it was.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleCalendar } from '../../src/data/bundle-calendar.js';
import { bundlePipelineSource } from '../../src/data/pipeline-source.js';
import { Dataset, Pipeline, runPipeline } from '../../src/pipeline/index.js';
import { runDatasetIngest } from '../../src/runtime/dataset.js';
import { ingestWorkspace } from '../unit/data/ingest-fixtures.js';

const workspace = ingestWorkspace();
const BARS = ['Date,Open,High,Low,Close,Volume', ...['02', '03', '04', '05', '08', '09'].map((d) => `2024-01-${d},10,10,10,10,100`)];

describe('custom datasets', () => {
  it('values are visible from the session after their asof_date, then carried forward', async () => {
    const w = workspace();
    await w.ingest({ source: 'csv', path: w.write('ABC.csv', BARS), bundle: 'b' });
    const fundamentals = w.write('fund.csv', ['symbol,asof_date,pe,book', 'ABC,2024-01-03,15,', 'abc,2024-01-06,18,2.5']);
    const added = await runDatasetIngest({ bundlesDir: w.bundlesDir, bundle: 'b', name: 'fund', path: fundamentals });
    expect(added).toMatchObject({ rows: 2, columns: ['pe', 'book'] });
    const reader = await w.open('b');
    try {
      const calendar = await bundleCalendar(reader);
      const source = await bundlePipelineSource(reader, calendar);
      const pe = Dataset('fund').column('pe').latest;
      const book = Dataset('fund').column('book').latest;
      const out: Record<string, [number, number]> = {};
      const first = calendar.sessionIndex('2024-01-03');
      for await (const f of runPipeline(new Pipeline({ columns: { pe, book } }), source, first, first + 4)) {
        out[f.session] = [f.columns.pe![0]!, f.columns.book![0]!];
      }
      // asof 01-03 (a Wednesday): from 01-04; asof 01-06 (a Saturday): from Monday 01-08
      expect(out).toEqual({
        '2024-01-03': [NaN, NaN], '2024-01-04': [15, NaN], '2024-01-05': [15, NaN], '2024-01-08': [18, 2.5], '2024-01-09': [18, 2.5],
      });
    } finally {
      await reader.close();
    }
  });

  it('bad rows are errors with file and line, and no new bundle version is written', async () => {
    const w = workspace();
    await w.ingest({ source: 'csv', path: w.write('ABC.csv', BARS), bundle: 'b' });
    const versions = () => readdirSync(path.join(w.bundlesDir, 'b')).filter((f) => f.endsWith('.duckdb')).length;
    const bad = async (lines: string[]) => runDatasetIngest({ bundlesDir: w.bundlesDir, bundle: 'b', name: 'fund', path: w.write('bad.csv', lines) });
    await expect(bad(['symbol,asof_date,pe', 'ABC,2024-01-03,15', 'XYZ,2024-01-03,1'])).rejects.toThrow(/bad\.csv:3: unknown symbol 'XYZ'/);
    await expect(bad(['symbol,asof_date,pe', 'ABC,03/01/2024,15'])).rejects.toThrow(/bad\.csv:2: unparsable asof_date/);
    await expect(bad(['symbol,asof_date,pe', 'ABC,2024-01-03,abc'])).rejects.toThrow(/bad\.csv:2: pe 'abc' is not a number/);
    await expect(bad(['symbol,asof_date,pe', 'ABC,2024-01-03,1', 'ABC,2024-01-03,2'])).rejects.toThrow(/bad\.csv:3: duplicate row/);
    await expect(bad(['ticker,date,pe', 'ABC,2024-01-03,1'])).rejects.toThrow(/bad\.csv:1: missing column/);
    expect(versions()).toBe(1);
  });
});
