import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../src/data/registry.js';
import { shareBundleBars, sharedBarsReader } from '../../src/data/market-data/index.js';
import type { BundleReader } from '../../src/ports/bundle-reader.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = tempDir('ziplime-shared-bars-');
let duck: BundleReader;

beforeAll(async () => {
  const r = runCli(['--bundles-dir', tmp.dir, 'ingest']);
  expect(r.code, r.stderr).toBe(0);
  duck = await openBundle(tmp.dir, 'demo');
}, 120_000);
afterAll(async () => {
  await duck?.close();
  tmp.remove();
});

describe('bars shared between threads', () => {
  it('a reader over shared columns answers as the DuckDB reader it was loaded from', async () => {
    const bars = await shareBundleBars(duck, 'minute');
    const shared = sharedBarsReader(bars);
    expect(bars.daily!.ts.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(bars.minute!.close.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(await shared.assets()).toEqual(await duck.assets());
    expect(await shared.lookupSymbol('aapl')).toEqual(await duck.lookupSymbol('aapl'));
    expect(await shared.range('daily')).toEqual(await duck.range('daily'));
    expect(await shared.range('minute')).toEqual(await duck.range('minute'));
    expect(await shared.splits([1, 2])).toEqual(await duck.splits([1, 2]));
    expect(await shared.dividends()).toEqual(await duck.dividends());
    const sids = (await duck.assets()).map((a) => a.sid);
    for (const [from, to] of [['2000-01-03', '2000-03-31'], ['2010-06-01', '2010-06-01'], ['2024-12-01', '2024-12-31']] as const) {
      expect(await shared.dailyBars(sids.slice(0, 5), from, to)).toEqual(await duck.dailyBars(sids.slice(0, 5), from, to));
    }
    const range = (await duck.range('minute'))!;
    const mid = range.first + 20 * 86_400_000;
    expect(await shared.minuteBars(sids, mid, mid + 3 * 86_400_000)).toEqual(await duck.minuteBars(sids, mid, mid + 3 * 86_400_000));
  });
  it('the version is a content hash: the same data ingested twice has the same version, one changed price another', async () => {
    const csv = path.join(tmp.dir, 'ONE.csv');
    const rows = (last: number) => `date,open,high,low,close,volume\n2024-01-02,1,1,1,1,100\n2024-01-03,2,3,1,${last},100\n`;
    const version = async (name: string, text: string) => {
      writeFileSync(csv, text);
      const r = runCli(['--bundles-dir', tmp.dir, 'ingest', '-b', name, '--source', 'csv', '--path', csv, '--calendar', 'XNYS']);
      expect(r.code, r.stderr).toBe(0);
      const reader = await openBundle(tmp.dir, name);
      try {
        return (await shareBundleBars(reader, 'daily')).version;
      } finally {
        await reader.close();
      }
    };
    const first = await version('one', rows(2));
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await version('one', rows(2))).toBe(first); // a newer file of the same bundle, same bars
    expect(await version('one', rows(2.5))).not.toBe(first);
  }, 120_000);
});
