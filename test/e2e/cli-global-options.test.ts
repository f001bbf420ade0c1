import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = tempDir('ziplime-e2e-global-');
const cli = (...args: string[]) => runCli(['--bundles-dir', tmp.dir, ...args]);
const COMMANDS = ['ingest', 'bundles', 'clean', 'backtest', 'report', 'sim', 'paper', 'live', 'sweep'];
const GLOBAL = ['--bundles-dir <dir>', '--log-level <level>', '--log-file <file>', '--verbose', '-q, --quiet'];

beforeAll(() => {
  const r = cli('ingest', '-q');
  expect(r.code, r.stderr).toBe(0);
  // -q: the ingest summary is not printed
  expect(r.stdout).toBe('');
});
afterAll(() => tmp.remove());

describe('global options', () => {
  it.each(COMMANDS)('appear in `ziplime %s --help`', (command) => {
    const r = runCli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Global Options:/);
    for (const option of GLOBAL) expect(r.stdout, option).toContain(option);
  });

  it('-q means the same before and after the command: only files are written', () => {
    const out = path.join(tmp.dir, 'q.json');
    for (const args of [['-q', 'backtest', 'strategies/buy-and-hold.ts'], ['backtest', 'strategies/buy-and-hold.ts', '-q']]) {
      const r = cli(...args, '-s', '2024-01-02', '-e', '2024-02-01', '-o', out);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
    }
    const report = cli('report', out, '-q', '--html', path.join(tmp.dir, 'q.html'));
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toBe('');
    expect(cli('report', out).stdout).toMatch(/Total return/);
    const clean = cli('clean', '-b', 'demo', '-q');
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toBe('');
    expect(cli('clean', '-b', 'demo').stdout).toMatch(/removed 0 old versions, kept 1/);
  });

  it('--param help shows the list syntax', () => {
    expect(runCli(['backtest', '--help']).stdout).toMatch(/--param <name=value>[\s\S]*symbols=AAPL,MSFT/);
  });
});

describe('system problems are usage errors found before any work', () => {
  it('an unknown --tz exits 2 naming it', () => {
    const r = cli('ingest', '--source', 'csv', '--path', 'nowhere.csv', '--tz', 'Mars/Olympus');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ziplime: --tz 'Mars\/Olympus': unknown time zone/m);
    expect(r.stderr).not.toMatch(/--verbose/);
  });

  it('a bundles folder that cannot be created exits 2 naming it', () => {
    const plain = path.join(tmp.dir, 'plain-file');
    writeFileSync(plain, 'x');
    const r = runCli(['--bundles-dir', path.join(plain, 'bundles'), 'ingest']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ziplime: --bundles-dir .*plain-file.* is a file, not a folder/m);
  });

  it('a strategy without params rejects --param', () => {
    const file = path.join(tmp.dir, 'plain.ts');
    writeFileSync(file, "import { defineStrategy } from 'ziplime';\nexport default defineStrategy({ async handleData() {} });\n");
    const r = cli('backtest', file, '--param', 'fast=5');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the strategy declares no params, so 'fast' cannot be set/);
  });
});
