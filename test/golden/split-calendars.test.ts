import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { runCli } from '../helpers/cli.js';
import { sharedData } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/temp-dir.js';
import { describeWith, needs } from '../helpers/requires.js';

const BARS = 'zipline-example/daily/CERN.csv';
const SPLITS = 'zipline-example/splits.csv';
const STRATEGY = path.join(import.meta.dirname, 'strategies', 'split-week-orders.ts');
const CALENDARS = ['XNYS', 'data', 'ALWAYS_OPEN'] as const;


/**
 * zipline's example data, CERN, 2:1 split effective 2006-01-10 (splits.csv, ratio 0.5 in
 * zipline's convention), run on every calendar. The file's bars, by hand:
 *   2006-01-09  open 94.970  high 98.760  low 94.639  close 97.769
 *   2006-01-10  open 47.900  high 48.480  low 47.610  close 48.200
 *   2006-01-20  close 46.060
 * next-close: the 2006-01-06 orders fill on 2006-01-09, before the split — 10 at the close
 * 97.769 and the limit 95 (low 94.639 reached) at 95; the 2006-01-09 order is open over the
 * split, becomes 20 shares and fills on 2006-01-10 at 48.200. Cash 10000 − 977.69 − 950 − 964
 * = 7108.31; 60 shares at 46.06 on 2006-01-20: value 9871.91.
 * next-open: 10 and 10 at the 2006-01-09 open 94.97 (≤ 95), 20 at the 2006-01-10 open 47.90:
 * cash 10000 − 1899.40 − 958 = 7142.60, value 7142.60 + 60 × 46.06 = 9906.20.
 */
describeWith([needs.sharedData(BARS)], 'golden: the CERN 2006-01-10 split fills the same on XNYS, data and ALWAYS_OPEN', () => {
  const tmp = tempDir('ziplime-golden-split-');
  const results = new Map<string, RunResult>();
  afterAll(() => tmp.remove());

  beforeAll(async () => {
    for (const calendar of CALENDARS) {
      const bundle = `cern-${calendar.toLowerCase().replace('_', '-')}`;
      const ingest = runCli(['--bundles-dir', tmp.dir, 'ingest', '-b', bundle, '--source', 'csv', '--path', sharedData(BARS), '--splits', sharedData(SPLITS), '--calendar', calendar]);
      expect(ingest.code, ingest.stderr).toBe(0);
      for (const fill of ['next-close', 'next-open']) {
        const out = path.join(tmp.dir, `${bundle}-${fill}.json`);
        const run = runCli([
          '--bundles-dir', tmp.dir, 'backtest', STRATEGY, '-b', bundle, '--start', '2006-01-03', '--end', '2006-01-20',
          '--capital', '10000', '--fill', fill, '--benchmark', 'none', '-o', out, '--quiet',
        ]);
        expect(run.code, run.stderr).toBe(0);
        results.set(`${calendar} ${fill}`, JSON.parse(readFileSync(out, 'utf8')) as RunResult);
      }
    }
  }, 120_000);

  for (const calendar of CALENDARS) {
    it(`${calendar}, next-close: unadjusted fills on 2006-01-09, the open order doubled on 2006-01-10`, () => {
      const r = results.get(`${calendar} next-close`)!;
      expect(r.transactions.map((t) => [t.dt, t.amount, t.price])).toEqual([
        ['2006-01-09', 10, 97.769], ['2006-01-09', 10, 95], ['2006-01-10', 20, 48.2],
      ]);
      expect(r.orders.map((o) => [o.createdAt, o.amount, o.limitPrice])).toEqual([
        ['2006-01-06', 10, null], ['2006-01-06', 10, 95], ['2006-01-09', 20, null],
      ]);
      expect(r.summary.endingCash.toFixed(2)).toBe('7108.31');
      expect(r.summary.endingValue.toFixed(2)).toBe('9871.91');
      expect(r.positions.map((p) => p.amount)).toEqual([60]);
    });

    it(`${calendar}, next-open: fills at the opens of 2006-01-09 and 2006-01-10`, () => {
      const r = results.get(`${calendar} next-open`)!;
      expect(r.transactions.map((t) => [t.dt, t.amount, t.price])).toEqual([
        ['2006-01-09', 10, 94.97], ['2006-01-09', 10, 94.97], ['2006-01-10', 20, 47.9],
      ]);
      expect(r.summary.endingCash.toFixed(2)).toBe('7142.60');
      expect(r.summary.endingValue.toFixed(2)).toBe('9906.20');
    });
  }
});
