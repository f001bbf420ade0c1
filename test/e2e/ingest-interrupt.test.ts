import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanBundleVersions, runIngest } from '../../src/runtime/ingest.js';
import { ROOT } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = tempDir('ziplime-e2e-interrupt-');
afterAll(() => tmp.remove());

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('ingest temp files', () => {
  it('Ctrl-C during an ingest removes its temp files (and the bundle folder it created)', async () => {
    const csv = path.join(tmp.dir, 'BIG.csv');
    const lines = ['date,open,high,low,close,volume'];
    for (let i = 0; i < 400_000; i++) lines.push(`${new Date(Date.UTC(2024, 0, 2, 14, 30) + i * 60_000).toISOString().slice(0, 16).replace('T', ' ')},10,11,9,10,100`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const bundles = path.join(tmp.dir, 'bundles');
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ziplime.js'), '--bundles-dir', bundles, 'ingest', '--path', csv, '-b', 'big', '--calendar', 'ALWAYS_OPEN'], { stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const dir = path.join(bundles, 'big');
    const deadline = Date.now() + 60_000;
    let seen = false;
    while (!seen && Date.now() < deadline && child.exitCode === null) {
      seen = existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('.tmp-'));
      if (!seen) await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen, 'the ingest never wrote its temp file').toBe(true);
    child.kill('SIGINT');
    const end = await exited;
    expect(end.signal === 'SIGINT' || end.code === 130).toBe(true);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  }, 90_000);

  it('ingest and clean remove temp files of ingests whose process is gone, not of live ones', async () => {
    const bundles = path.join(tmp.dir, 'b2');
    const csv = path.join(tmp.dir, 'T.csv');
    writeFileSync(csv, 'Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,10.5,100\n');
    const dir = path.join(bundles, 't');
    mkdirSync(dir, { recursive: true });
    const dead = `.tmp-${deadPid()}-2024-01-01T00-00-00-000Z.duckdb`;
    const live = `.tmp-${process.ppid}-2024-01-01T00-00-00-001Z.duckdb`;
    for (const f of [dead, `${dead}.wal`, live]) writeFileSync(path.join(dir, f), 'partial');
    const r = await runIngest({ bundlesDir: bundles, path: csv, bundle: 't' });
    expect(readdirSync(dir).sort()).toEqual([live, path.basename(r.path)].sort());
    writeFileSync(path.join(dir, dead), 'partial again');
    await cleanBundleVersions(bundles, 't');
    expect(readdirSync(dir).sort()).toEqual([live, path.basename(r.path)].sort());
  });
});
