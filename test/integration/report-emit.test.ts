import { existsSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { emitResult } from '../../src/report/emit-result.js';
import { readResult } from '../../src/report/read-result.js';
import { craftedRun } from '../helpers/sample-result.js';
import { tempDir } from '../helpers/temp-dir.js';

function capture(isTTY: boolean): Writable & { isTTY: boolean; columns: number; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } });
  return Object.assign(stream, { isTTY, columns: 120, text: () => chunks.join('') });
}

describe('emitResult', () => {
  const tmp = tempDir('ziplime-emit-');
  afterAll(tmp.remove);

  it('writes the result and the tear sheet, then prints the report', async () => {
    const stdout = capture(false);
    const output = path.join(tmp.dir, 'out', 'run.parquet');
    const html = path.join(tmp.dir, 'out', 'run.html');
    await emitResult(craftedRun(), { output, html, stdout, env: {} });
    expect(await readResult(output)).toEqual(craftedRun());
    expect(existsSync(html)).toBe(true);
    expect(stdout.text()).toMatch(/│ Total return +│ +10\.00% │/);
    expect(stdout.text()).not.toMatch(/\x1b\[|Portfolio value/);
  });

  it('colours and charts on a terminal (at most 80 columns) unless NO_COLOR or chart: false', async () => {
    const tty = capture(true);
    await emitResult(craftedRun(), { stdout: tty, env: {} });
    expect(tty.text()).toContain('\x1b[32m10.00%');
    expect(tty.text()).toMatch(/Portfolio value/);
    const plain = capture(true);
    await emitResult(craftedRun(), { stdout: plain, env: { NO_COLOR: '1' }, chart: false });
    expect(plain.text()).not.toMatch(/\x1b\[|Portfolio value/);
  });

  it('prints JSON with json, and nothing with print: false', async () => {
    const json = capture(false);
    await emitResult(craftedRun(), { stdout: json, json: true });
    expect(JSON.parse(json.text()).summary.totalReturn).toBeCloseTo(0.1, 12);
    const quiet = capture(false);
    const output = path.join(tmp.dir, 'quiet.json');
    await emitResult(craftedRun(), { stdout: quiet, print: false, output });
    expect(quiet.text()).toBe('');
    expect(existsSync(output)).toBe(true);
  });
});
