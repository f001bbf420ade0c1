import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/temp-dir.js';
import { describeWith, needs } from '../helpers/requires.js';

const tmp = tempDir('ziplime-e2e-run-end-');
const cli = (...args: string[]) => runCli(['--bundles-dir', tmp.dir, ...args]);
const BIN = path.join(ROOT, 'bin', 'ziplime.js');

/** Writes a strategy file into the temp folder and returns its path. */
function strategy(name: string, body: string): string {
  const file = path.join(tmp.dir, `${name}.ts`);
  writeFileSync(file, `import { defineStrategy, type Asset } from 'ziplime';\n${body}`);
  return file;
}

/** A strategy that spends ~3 ms per bar, so a run over years lasts long enough to interrupt. */
const SLOW = `export default defineStrategy({
  async handleData() { const until = Date.now() + 3; while (Date.now() < until) { /* busy */ } },
});
`;

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as RunResult;


beforeAll(() => {
  const r = cli('ingest');
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => tmp.remove());

/** Waits until `predicate` holds, polling every 50 ms; fails after `timeoutMs`. */
async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Ctrl-C in a backtest', () => {
  it('SIGINT stops the run, writes the partial results (-o, --html) with status interrupted, says where, exits 130', async () => {
    // says on stderr when its first bar runs, so the signal is sent once the run is under way
    const file = strategy('slow', SLOW.replace('async handleData() {', "async handleData() { if (!(globalThis as any).said) { (globalThis as any).said = true; process.stderr.write('first bar\\n'); }"));
    const out = path.join(tmp.dir, 'interrupted.json');
    const html = path.join(tmp.dir, 'interrupted.html');
    const child = spawn(process.execPath, [BIN, '--bundles-dir', tmp.dir, 'backtest', file, '-s', '2015-01-02', '-o', out, '--html', html, '--quiet'], {
      cwd: ROOT, env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor(() => stderr.includes('first bar'), 60_000, 'the first bar');
    child.kill('SIGINT');
    const code = await exited;
    expect(code, stderr).toBe(130);
    const m = /ziplime: interrupted at (\d{4}-\d{2}-\d{2})\n/.exec(stderr);
    expect(m, stderr).not.toBeNull();
    const result = readJson(out);
    expect(result.summary.status).toBe('interrupted');
    expect(result.summary.message).toBe(`interrupted at ${m![1]}`);
    // partial: the last row is the session named, well before the end of the data
    expect(result.daily.at(-1)!.date).toBe(m![1]);
    expect(result.daily.at(-1)!.date < '2024-12-31').toBe(true);
    expect(readFileSync(html, 'utf8')).toContain('PARTIAL RESULT (interrupted');
  }, 60_000);

});

describeWith([needs.script()], 'Ctrl-C in a backtest on a terminal', () => {
  it('on a terminal, Ctrl-C restores the cursor and line wrap the progress bar turned off', async () => {
    const file = strategy('slow-tty', SLOW);
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} --bundles-dir ${JSON.stringify(tmp.dir)} backtest ${JSON.stringify(file)} -s 2010-01-04`;
    // `script` gives the CLI a terminal; Ctrl-C (\x03) typed into it becomes SIGINT from the terminal's line discipline
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'CI')), NO_COLOR: '1' };
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor(() => out.includes('sessions |'), 60_000, 'the progress bar');
    child.stdin.write('\x03');
    const code = await exited;
    expect(code, out).toBe(130);
    const hide = out.indexOf('\x1b[?25l'), show = out.lastIndexOf('\x1b[?25h');
    expect(hide).toBeGreaterThanOrEqual(0);
    expect(show).toBeGreaterThan(hide);
    expect(out.lastIndexOf('\x1b[?7h')).toBeGreaterThan(out.indexOf('\x1b[?7l'));
    expect(out).toMatch(/ziplime: interrupted at \d{4}-\d{2}-\d{2}/);
  }, 90_000);
});

describe('runs that end badly', () => {
  it('a handler whose promise never settles fails with where and when, exit 1, partial results', () => {
    const file = strategy('hang', `export default defineStrategy({
  async handleData(ctx) { if (ctx.session === '2024-01-05') await new Promise(() => {}); },
});
`);
    const out = path.join(tmp.dir, 'hang.json');
    const r = cli('backtest', file, '-s', '2024-01-02', '-e', '2024-02-01', '-o', out, '--quiet');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^ziplime: strategy never settled in handleData at 2024-01-05/m);
    const result = readJson(out);
    expect(result.summary.status).toBe('failed');
    expect(result.summary.message).toMatch(/never settled in handleData/);
    // 2024-01-02, -03 and -04 finished; 2024-01-05 never did
    expect(result.daily.map((d) => d.date)).toEqual(['2024-01-02', '2024-01-03', '2024-01-04']);
  });

  it('an un-awaited order that is rejected fails the run at the strategy line, printed once, no stack', () => {
    const file = strategy('unawaited', `export default defineStrategy({
  state: () => ({ a: undefined as Asset | undefined }),
  async initialize(ctx) { ctx.state.a = await ctx.symbol('AAPL'); ctx.setLongOnly(); },
  async handleData(ctx) { if (ctx.session === '2024-01-05') void ctx.order(ctx.state.a!, -10); },
});
`);
    const out = path.join(tmp.dir, 'unawaited.json');
    const r = cli('backtest', file, '-s', '2024-01-02', '-e', '2024-02-01', '-o', out, '--quiet');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${file}:5`);
    expect(r.stderr).toMatch(/longOnly: selling 10 AAPL/);
    expect(r.stderr.match(/order rejected/g)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const result = readJson(out);
    expect(result.summary.status).toBe('failed');
    // the run stops at the first session end that sees the rejection: 2024-01-05 or a little later
    expect(result.daily.at(-1)!.date >= '2024-01-05').toBe(true);
  });

  it('a strategy error is printed once, and the partial result carries status, time and message', () => {
    const file = strategy('throws', `export default defineStrategy({
  async handleData(ctx) { if (ctx.session === '2024-01-04') throw new Error('boom'); },
});
`);
    const out = path.join(tmp.dir, 'throws.json');
    const r = cli('backtest', file, '-s', '2024-01-02', '-e', '2024-02-01', '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr.match(/boom/g), r.stderr).toHaveLength(1);
    expect(r.stdout).toMatch(/PARTIAL RESULT \(failed/);
    const { summary } = readJson(out);
    expect(summary.status).toBe('failed');
    expect(summary.stoppedAt).toMatch(/^2024-01-04T/);
    expect(summary.message).toMatch(/boom$/);
  });

  it('a complete run says so', () => {
    const out = path.join(tmp.dir, 'ok.json');
    expect(cli('backtest', 'strategies/buy-and-hold.ts', '-s', '2024-01-02', '-e', '2024-02-01', '-o', out, '--quiet').code).toBe(0);
    expect(readJson(out).summary).toMatchObject({ status: 'complete', stoppedAt: null, message: null });
  });
});

describe('output paths are checked before the run', () => {
  it('-o naming a folder is a usage error', () => {
    const r = cli('backtest', 'strategies/buy-and-hold.ts', '-o', tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ziplime: -o .*: is a folder; give a file name inside it/m);
    expect(r.stdout).toBe('');
  });

  it('-o and --html under a path that is a file are usage errors', () => {
    const plain = path.join(tmp.dir, 'plain.txt');
    writeFileSync(plain, 'x');
    for (const flag of ['-o', '--html']) {
      const r = cli('backtest', 'strategies/buy-and-hold.ts', flag, path.join(plain, 'r.json'));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^ziplime: ${flag} .*is a file, not a folder`, 'm'));
      expect(r.stdout).toBe('');
    }
    expect(existsSync(path.join(plain, 'r.json'))).toBe(false);
  });
});
