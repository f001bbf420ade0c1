import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('ziplime ingest / bundles / clean', () => {
  const tmp = tempDir('ziplime-e2e-ingest-');
  afterAll(() => tmp.remove());
  const bundles = path.join(tmp.dir, 'bundles');
  const cli = (...args: string[]) => runCli(['--bundles-dir', bundles, ...args]);

  it('`ziplime ingest` with no options builds the demo bundle and `ziplime bundles` lists it', () => {
    const ingest = cli('ingest');
    expect(ingest.stderr).toBe('');
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toMatch(/ingested bundle 'demo' from demo \(synthetic data\) on XNYS/);
    const list = cli('bundles');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/│ demo\s+│ 1\s+│ demo \(synthetic data\)\s+│ XNYS\s+│ 13\s+│ 2000-01-03\s+│ 2024-12-31/);
  });

  it('bad input exits 2 with file and line; the previous version is still the one listed', async () => {
    const { writeFileSync } = await import('node:fs');
    const good = path.join(tmp.dir, 'T.csv');
    writeFileSync(good, 'Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,10.5,100\n');
    expect(cli('ingest', '-b', 't', '--path', good).code).toBe(0);
    const bad = path.join(tmp.dir, 'bad.csv');
    writeFileSync(bad, 'Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,10.5,100\n2024-01-03,10,8,9,10.5,100\n');
    const r = cli('ingest', '-b', 't', '--path', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:3: high < low`);
    const list = cli('bundles', 't');
    expect(list.stdout).toMatch(/│ t\s+│ 1\s+│ csv .*T\.csv/);
    expect(cli('ingest', '--source', 'nope').code).toBe(2);
  });

  it('`ziplime clean` keeps the newest version', () => {
    expect(cli('ingest', '-b', 't', '--path', path.join(tmp.dir, 'T.csv')).code).toBe(0);
    expect(readdirSync(path.join(bundles, 't')).length).toBe(2);
    const r = cli('clean', '-b', 't');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('removed 1 old version');
    expect(readdirSync(path.join(bundles, 't')).length).toBe(1);
    expect(cli('clean', '-b', 'missing').code).toBe(2);
  });
});
