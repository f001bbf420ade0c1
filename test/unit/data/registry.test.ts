import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleNotFoundError, UsageError } from '../../../src/core/errors.js';
import { cleanBundle, findBundle, listBundles, nextVersionFileName, openBundle, versionFileName } from '../../../src/data/registry.js';
import { ingestWorkspace } from './ingest-fixtures.js';

const workspace = ingestWorkspace();
const HEADER = 'Date,Open,High,Low,Close,Volume';

describe('bundle registry', () => {
  it('names versions by sortable UTC timestamps, always newer than the last', async () => {
    expect(versionFileName(Date.UTC(2026, 10, 21, 9, 50, 12, 345))).toBe('2026-11-21T09-50-12-345Z.duckdb');
    const w = workspace();
    writeFileSync(path.join(w.dir, '2030-01-01T00-00-00-000Z.duckdb'), '');
    expect(await nextVersionFileName(w.dir, Date.UTC(2026, 0, 1))).toBe('2030-01-01T00-00-00-001Z.duckdb');
  });

  it('the newest version wins; clean keeps the newest N; temp files are ignored', async () => {
    const w = workspace();
    const v1 = w.write('v1/X.csv', [HEADER, '2024-01-02,10,11,9,10.5,100']);
    const v2 = w.write('v2/X.csv', [HEADER, '2024-01-02,10,11,9,10.5,100', '2024-01-03,11,12,10,11.5,200']);
    const v3 = w.write('v3/X.csv', [HEADER, '2024-01-02,10,11,9,10.5,100', '2024-01-03,11,12,10,11.5,200', '2024-01-04,12,13,11,12.5,300']);
    const paths = [];
    for (const p of [v1, v2, v3]) paths.push((await w.ingest({ path: p, bundle: 'x' })).path);
    writeFileSync(path.join(w.bundlesDir, 'x', '.tmp-2099-01-01T00-00-00-000Z.duckdb'), 'partial');
    expect((await findBundle(w.bundlesDir, 'x')).versions.map((v) => v.path)).toEqual(paths);
    let r = await openBundle(w.bundlesDir, 'x');
    expect(r.meta.path).toBe(paths[2]);
    expect((await r.range('daily'))?.rows).toBe(3);
    await r.close();

    expect(await cleanBundle(w.bundlesDir, 'x', 2)).toEqual([paths[0]]);
    expect((await findBundle(w.bundlesDir, 'x')).versions.map((v) => v.path)).toEqual(paths.slice(1));
    expect(await cleanBundle(w.bundlesDir, 'x')).toEqual([paths[1]]);
    r = await openBundle(w.bundlesDir, 'x');
    expect((await r.range('daily'))?.rows).toBe(3);
    await r.close();
    await expect(cleanBundle(w.bundlesDir, 'x', 0)).rejects.toThrow(UsageError);
  });

  it('lists bundles by name and reports a missing one as BundleNotFoundError', async () => {
    const w = workspace();
    const f = w.write('a.csv', [HEADER, '2024-01-02,10,11,9,10.5,100']);
    await w.ingest({ path: f, bundle: 'zz' });
    await w.ingest({ path: f, bundle: 'aa' });
    expect((await listBundles(w.bundlesDir)).map((b) => b.name)).toEqual(['aa', 'zz']);
    await expect(openBundle(w.bundlesDir, 'nope')).rejects.toThrow(BundleNotFoundError);
    await expect(w.ingest({ path: f, bundle: '../evil' })).rejects.toThrow(UsageError);
  });

  it('atomic replace: a failed ingest leaves the old version the newest and readable, no temp file behind', async () => {
    const w = workspace();
    const good = w.write('good.csv', [HEADER, '2024-01-02,10,11,9,10.5,100']);
    const first = await w.ingest({ path: good, bundle: 'x' });
    const bad = w.write('bad.csv', [HEADER, '2024-01-02,10,11,9,10.5,100', '2024-01-03,11,9,10,11.5,200']);
    await expect(w.ingest({ path: bad, bundle: 'x' })).rejects.toThrow(/high < low/);
    const bundle = await findBundle(w.bundlesDir, 'x');
    expect(bundle.versions.map((v) => v.path)).toEqual([first.path]);
    const r = await openBundle(w.bundlesDir, 'x');
    expect((await r.range('daily'))?.rows).toBe(1);
    await r.close();
  });

  it('several readers can share one bundle version', async () => {
    const w = workspace();
    await w.ingest({ path: w.write('a.csv', [HEADER, '2024-01-02,10,11,9,10.5,100']), bundle: 'x' });
    const [a, b] = [await openBundle(w.bundlesDir, 'x'), await openBundle(w.bundlesDir, 'x')];
    expect((await a.dailyBars([0], '2024-01-01', '2024-12-31')).get(0)!.close[0]).toBe(10.5);
    expect((await b.dailyBars([0], '2024-01-01', '2024-12-31')).get(0)!.close[0]).toBe(10.5);
    await a.close();
    await b.close();
  });
});
