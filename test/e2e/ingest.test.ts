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
    expect(list.stdout).toMatch(/^demo\s+1\s+demo\s+XNYS\s+13\s+2000-01-03…2024-12-31\s+371\.7k\s/m);
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
    expect(list.stdout).toMatch(/^t\s+1\s+csv\s/m);
    expect(list.stdout).toMatch(/^source\s+csv .*T\.csv$/m);
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

describe('ziplime bundles NAME --assets | --splits | --dividends', () => {
  const tmp = tempDir('ziplime-e2e-bundles-');
  afterAll(() => tmp.remove());
  const bundles = path.join(tmp.dir, 'bundles');
  const cli = (...args: string[]) => runCli(['--bundles-dir', bundles, ...args]);

  it('lists a bundle\'s contents, and the table of bundles fits 100 columns', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const dir = path.join(tmp.dir, 'a-folder-with-a-rather-long-name-for-its-bundle');
    mkdirSync(path.join(dir, 'daily'), { recursive: true });
    writeFileSync(path.join(dir, 'daily', 'ABC.csv'), 'date,open,high,low,close,volume,dividend,split\n2024-01-02,100,101,99,100,10,0,1\n2024-01-03,50,51,49,50,20,0.25,2\n');
    writeFileSync(path.join(dir, 'daily', 'XYZ.csv'), 'date,open,high,low,close\n2024-01-02,10,11,9,10\n');
    expect(cli('ingest', '--source', 'csvdir', '--path', dir, '--calendar', 'ALWAYS_OPEN').code).toBe(0);
    const list = cli('bundles');
    expect(list.code).toBe(0);
    for (const line of list.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(list.stdout).toMatch(/^a-folder-with-a-rather-…\s+1\s+csvdir\s+ALWAYS_OPEN\s+2\s+2024-01-02…2024-01-03\s+3\s/m);
    const name = 'a-folder-with-a-rather-long-name-for-its-bundle';
    const assets = cli('bundles', name, '--assets');
    expect(assets.stdout).toMatch(/^\s*0\s+ABC\s+equity\s+2024-01-02\s+2024-01-03\s+ABC$/m);
    expect(assets.stdout).toMatch(/^\s*1\s+XYZ\s+equity\s+2024-01-02\s+2024-01-02\s+none\s+XYZ$/m);
    expect(cli('bundles', name, '--splits').stdout).toMatch(/^ABC\s+2024-01-03\s+2 for 1$/m);
    expect(cli('bundles', name, '--dividends').stdout).toMatch(/^ABC\s+2024-01-03\s+0\.25$/m);
    const details = cli('bundles', name);
    expect(details.stdout).toMatch(/^no volume\s+XYZ/m);
    expect(cli('bundles', '--assets').code).toBe(2);
  });
});
