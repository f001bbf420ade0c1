import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAlpacaSim } from '../../src/alpaca-sim/index.js';
import type { RunResult } from '../../src/model/results.js';
import { auditResult, auditVenue, HISTORY_DAY, useLiveBundle } from '../integration/live-harness.js';
import { exitOf, journal, logLines, startCli, waitFor } from './live-process.js';

const live = useLiveBundle('ziplime-credentials-cli-');

/** A key pair no default or fixture uses, so finding it anywhere means it leaked. */
const KEY = 'PKCREDFILE7Q2X9ZKEY';
const SECRET = 'sk9W3vQ7zLmN4pR8tY2uB6cD1eF5gH0jSECRET';
/** The environment without any Alpaca credential: only a file can supply them. */
const NO_ENV = { APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '', APCA_API_BASE_URL: '', APCA_API_DATA_URL: '', ZIPLIME_CREDENTIALS: '' };

/** Writes a credentials file (`mode`) and returns its path. */
function writeCredentials(name: string, text: string, mode: number): string {
  const file = path.join(live.dir, name);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

/** Every file under `dir`, recursively. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));

describe('credentials from a file only', () => {
  it('ziplime live trades with a --credentials file and writes neither key nor secret to the log, journal or result', async () => {
    const sim = await startAlpacaSim({ reader: live.reader, speed: 0, start: '2024-10-01T13:25:00Z', key: KEY, secret: SECRET });
    const audited = auditVenue(sim);
    const stateDir = path.join(live.dir, 'state');
    const logFile = path.join(live.dir, 'live.log');
    const output = path.join(live.dir, 'result.json');
    // group-readable on purpose: the run warns about it (once) and still trades
    const file = writeCredentials('alpaca.env', [
      '# simulator account', `export APCA_API_KEY_ID=${KEY}`, `APCA_API_SECRET_KEY="${SECRET}"`,
      `APCA_API_BASE_URL=${sim.baseUrl}`, `APCA_API_DATA_URL=${sim.baseUrl}`, '',
    ].join('\n'), 0o640);
    try {
      const proc = startCli([
        '--log-level', 'trace', '--log-file', logFile,
        'live', live.strategyFile, '--broker', 'alpaca', '--credentials', file, '--bundles-dir', live.bundlesDir, '--bundle', 'live',
        '--frequency', 'minute', '--benchmark', 'none', '--state-dir', stateDir, '--sessions', '1', '-o', output,
      ], NO_ENV);
      await waitFor(() => journal(stateDir).some((r) => r.type === 'reconcile'), 'the session to start', proc);
      sim.admin.setSpeed(3000);
      const { code } = await exitOf(proc, 90_000);
      expect(proc.stderr()).toBe('');
      expect(code).toBe(0);
      // it traded at the simulator, which accepts only this key pair
      const venue = sim.admin.venue.all();
      expect(venue.length).toBeGreaterThan(10);
      const result = JSON.parse(readFileSync(output, 'utf8')) as RunResult;
      expect(result.mode).toBe('live');
      // the result is the complete audit: every venue order with its final status and filled shares, every execution
      const atVenue = new Set(audited.orders().map((o) => o.id));
      const audit = auditResult(result, (id) => atVenue.has(id));
      expect(audit.orders).toEqual(audited.orders());
      expect(audit.notAtVenue.every((o) => o.status === 'rejected' && sim.admin.venue.getByClientId(o.id) === undefined)).toBe(true);
      expect(audit.executions).toEqual(audited.executions());
      expect(result.summary.orders).toBe(result.orders.length);
      const lines = logLines(logFile);
      expect(lines.filter((l) => /accessible by group or others \(mode 0640\)/.test(l.msg))).toHaveLength(1);
      expect(lines.some((l) => l.msg === `trading on ${sim.baseUrl}, account ${String(l.account)}`)).toBe(true);

      const written = [logFile, output, ...filesUnder(stateDir)];
      expect(written.some((f) => f.endsWith('journal.jsonl'))).toBe(true);
      for (const f of written) {
        const text = readFileSync(f, 'latin1');
        expect(text.includes(KEY), `${f} holds the key`).toBe(false);
        expect(text.includes(SECRET), `${f} holds the secret`).toBe(false);
      }
      for (const printed of [proc.stdout(), proc.stderr()]) expect(printed).not.toMatch(new RegExp(`${KEY}|${SECRET}`));
    } finally {
      await sim.close();
    }
  }, 120_000);

  it('ziplime ingest --source alpaca reads a JSON credentials file named by ZIPLIME_CREDENTIALS', async () => {
    const sim = await startAlpacaSim({ reader: live.reader, speed: 0, start: '2024-10-01T13:00:00Z', key: KEY, secret: SECRET });
    const file = writeCredentials('alpaca.json', JSON.stringify({ keyId: KEY, secretKey: SECRET, baseUrl: sim.baseUrl, dataUrl: sim.baseUrl }), 0o600);
    try {
      const proc = startCli(['--bundles-dir', live.bundlesDir, 'ingest', '-b', 'fromfile', '--source', 'alpaca', '--symbols', 'AAA',
        '--start', HISTORY_DAY, '--end', HISTORY_DAY, '--timeframe', '1Min'], { ...NO_ENV, ZIPLIME_CREDENTIALS: file });
      const { code } = await exitOf(proc, 60_000);
      expect(code, proc.stderr()).toBe(0);
      // the history day is complete: 390 minute bars of AAA (09:30 … 15:59)
      expect(proc.stdout()).toContain(`1 asset, 390 minute bars ${HISTORY_DAY} … ${HISTORY_DAY}`);
      expect(proc.stderr()).toBe('');
    } finally {
      await sim.close();
    }
  }, 90_000);

  it('a bad file is exit 2 naming the file and the field, never a value; --credentials is refused without --source alpaca', async () => {
    const file = writeCredentials('partial.env', `APCA_API_SECRET_KEY=${SECRET}\n`, 0o600);
    const runs = [
      startCli(['paper', live.strategyFile, '--credentials', file, '--bundles-dir', live.bundlesDir, '--bundle', 'live'], NO_ENV),
      startCli(['live', live.strategyFile, '--broker', 'alpaca', '--credentials', file, '--bundles-dir', live.bundlesDir, '--bundle', 'live'], NO_ENV),
      startCli(['--bundles-dir', live.bundlesDir, 'ingest', '-b', 'x', '--source', 'alpaca', '--symbols', 'AAA', '--start', HISTORY_DAY,
        '--end', HISTORY_DAY, '--credentials', file], NO_ENV),
    ];
    for (const proc of runs) {
      expect((await exitOf(proc, 60_000)).code).toBe(2);
      expect(proc.stderr()).toContain(`${file}: missing APCA_API_KEY_ID`);
      expect(proc.stderr()).not.toContain(SECRET);
    }
    const stray = startCli(['--bundles-dir', live.bundlesDir, 'ingest', '-b', 'x', '--credentials', file], NO_ENV);
    expect((await exitOf(stray, 60_000)).code).toBe(2);
    expect(stray.stderr()).toContain('--credentials is used only with --source alpaca, not with --source demo');
  }, 90_000);
});
