import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Journal } from '../../../src/live/journal.js';
import { writeHtmlReport } from '../../../src/report/html/tear-sheet.js';
import { writeSweepHtml } from '../../../src/report/html/sweep-page.js';
import { writeResult } from '../../../src/report/write-result.js';
import { createLogger } from '../../../src/runtime/logging.js';
import { sampleResult } from '../../helpers/sample-result.js';
import { tempDir } from '../../helpers/temp-dir.js';

const tmp = tempDir('ziplime-private-');
afterAll(() => tmp.remove());
const modeOf = (p: string) => statSync(p).mode & 0o777;

describe('state, journal, logs and results are readable by their owner only', () => {
  it('a state folder is 700 and its journal 600, also when the folder existed world-readable', () => {
    const fresh = path.join(tmp.dir, 'live', 'sma-acct');
    const journal = new Journal(fresh);
    journal.append({ type: 'stop', reason: 'test', openOrders: 0, onExit: 'keep' });
    journal.close();
    expect(modeOf(fresh)).toBe(0o700);
    expect(modeOf(journal.file)).toBe(0o600);

    const old = path.join(tmp.dir, 'old-state');
    mkdirSync(old, { mode: 0o755 });
    chmodSync(old, 0o755);
    const again = new Journal(old);
    again.close();
    expect(modeOf(old)).toBe(0o700);
    expect(modeOf(again.file)).toBe(0o600);
  });

  it('a log file is 600 in a folder created 700', () => {
    const file = path.join(tmp.dir, 'logs', 'live.log');
    const logger = createLogger({ file });
    logger.info('hello');
    logger.flush();
    expect(modeOf(path.dirname(file))).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
  });

  it('result files are 600, in every format', async () => {
    const dir = path.join(tmp.dir, 'results');
    const files = [
      ...(await writeResult(sampleResult(), path.join(dir, 'run.json'))),
      ...(await writeResult(sampleResult(), path.join(dir, 'run.csv'))),
      ...(await writeResult(sampleResult(), path.join(dir, 'run.duckdb'))),
    ];
    expect(files.length).toBeGreaterThan(3);
    expect(modeOf(dir)).toBe(0o700);
    for (const f of files) expect([f, modeOf(f)]).toEqual([f, 0o600]);
  });

  it('the HTML tear sheet and the sweep page are 600, in a folder created 700, also replacing a world-readable file', async () => {
    const dir = path.join(tmp.dir, 'html', 'out');
    const sheet = path.join(dir, 'report.html');
    await writeHtmlReport(sampleResult(), sheet);
    expect(modeOf(path.dirname(dir))).toBe(0o700);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(sheet)).toBe(0o600);
    expect(readFileSync(sheet, 'utf8')).toMatch(/^<!doctype html>/i);

    const old = path.join(tmp.dir, 'old-report.html');
    writeFileSync(old, 'old', { mode: 0o644 });
    chmodSync(old, 0o644);
    await writeHtmlReport(sampleResult(), old);
    expect(modeOf(old)).toBe(0o600);
    expect(readFileSync(old, 'utf8')).not.toBe('old');

    const sweep = path.join(dir, 'sweep.html');
    await writeSweepHtml({
      strategy: 's', bundle: 'b', objective: 'sharpe', maximize: true, start: '2020-01-02', end: '2020-12-31', params: [],
      rows: [], best: null, bestEquity: null, deflatedSharpe: null, walkForward: null,
    }, sweep);
    expect(modeOf(sweep)).toBe(0o600);
  });
});
