import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJson } from '../../src/report/json-result.js';
import { reportData } from '../../src/report/report-data.js';
import { reportSummary } from '../../src/report/summary-json.js';
import { renderTerminalReport } from '../../src/report/terminal-report.js';
import { writeResult } from '../../src/report/write-result.js';
import { runCli } from '../helpers/cli.js';
import { craftedRun } from '../helpers/sample-result.js';
import { tempDir } from '../helpers/temp-dir.js';

const FORMATS = ['json', 'csv', 'parquet', 'duckdb'] as const;

describe('ziplime report', () => {
  const tmp = tempDir('ziplime-report-cli-');
  const file = (ext: string) => path.join(tmp.dir, `run.${ext}`);
  beforeAll(async () => {
    for (const ext of FORMATS) await writeResult(craftedRun(), file(ext));
  });
  afterAll(tmp.remove);

  it('prints the terminal report of a results file, plain when piped', () => {
    const r = runCli(['report', file('parquet'), '--monthly']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(renderTerminalReport(craftedRun(), { color: false, chart: false, monthly: true }));
    // 11 000 / 10 000 − 1, and same-close flagged; no colour codes and no chart
    expect(r.stdout).toMatch(/│ Total return +│ +10\.00% │/);
    expect(r.stdout).toMatch(/results are optimistic/);
    expect(r.stdout).not.toMatch(/\x1b\[|Portfolio value/);
  });

  it('reads every results format back: the JSON summary is that of what was written', () => {
    const expected = toJson(reportSummary(reportData(craftedRun())));
    for (const ext of FORMATS) {
      const r = runCli(['report', file(ext), '--json']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expected);
    }
    const parsed = JSON.parse(runCli(['report', file('parquet'), '--json', '--monthly']).stdout);
    expect(parsed.trading.roundTrips).toBe(2);
    expect(parsed.monthly[0].total).toBeCloseTo(0.1, 12);
  });

  it('writes the HTML tear sheet', () => {
    const html = path.join(tmp.dir, 'sheet', 'report.html');
    const r = runCli(['report', file('csv'), '--html', html]);
    expect(r.code).toBe(0);
    expect(existsSync(html)).toBe(true);
    expect(readFileSync(html, 'utf8')).toContain('strategies/crafted.ts');
  });

  it('exits 2 with a one-line message for a missing file or an unknown format', () => {
    const missing = runCli(['report', path.join(tmp.dir, 'nope.parquet')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^ziplime: .*nope\.parquet: results file not found/);
    const unknown = runCli(['report', path.join(tmp.dir, 'run.txt')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown results format '\.txt'/);
  });
});
