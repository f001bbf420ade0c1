import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html/tear-sheet.js';
import { renderSweepHtml } from '../../src/report/html/sweep-page.js';
import { ROOT } from '../helpers/shared-data.js';
import { sampleResult, txn } from '../helpers/sample-result.js';
import { tempDir } from '../helpers/temp-dir.js';
import { CHROMIUM, describeWith, needs } from '../helpers/requires.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A 300-session run with a benchmark, a recorded variable, fills and varying exposure. */
function longRun() {
  const n = 300;
  const bench = Array.from({ length: n }, (_, i) => 0.01 * Math.sin(i / 7));
  let v = 100_000;
  const values = bench.map((b, i) => (v *= 1 + 0.8 * b + 0.004 * Math.cos(i / 3)));
  const transactions = Array.from({ length: 20 }, (_, i) => txn({
    dt: `2024-${String(1 + Math.floor(i / 2)).padStart(2, '0')}-${i % 2 ? '20' : '05'}T21:00:00.000Z`,
    amount: i % 2 ? -10 : 10, price: 100 + i, commission: 1,
  }));
  return sampleResult({
    values, capital: 100_000, benchmarkReturns: bench, transactions,
    grossLeverage: values.map((_, i) => 0.5 + 0.5 * Math.abs(Math.sin(i / 20))),
    recorded: { signal: values.map((_, i) => Math.sin(i / 10)) },
  });
}

/**
 * Runs in the page: per chart, the canvas pixels drawn at all and the pixels of a saturated
 * colour (a series line or fill, not the grey axes and grid).
 */
const COUNT_PIXELS = `Array.from(document.querySelectorAll('.chart')).map((el) => {
  const canvas = el.querySelector('canvas');
  if (!canvas) return { id: el.id, drawn: 0, ink: 0 };
  const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let drawn = 0, ink = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 0) drawn++;
    if (d[i + 3] > 100 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) ink++;
  }
  return { id: el.id, drawn, ink };
})`;

describeWith([needs.chromium()], 'HTML tear sheet in headless Chromium', () => {
  const tmp = tempDir('ziplime-html-');
  afterAll(tmp.remove);

  it('opens offline without errors or requests and draws every chart', async () => {
    const file = path.join(tmp.dir, 'report.html');
    writeFileSync(file, renderHtmlReport(longRun()));
    const url = pathToFileURL(file).href;
    const context = await chromium.launchPersistentContext(path.join(tmp.dir, 'profile'), {
      executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 },
    });
    try {
      const errors: string[] = [];
      const requests: string[] = [];
      const page = await context.newPage();
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
      await page.goto(url, { waitUntil: 'load' });
      await page.locator('#chart-equity canvas').waitFor({ timeout: 10_000 });

      const pixels = () => page.evaluate(COUNT_PIXELS) as Promise<{ id: string; drawn: number; ink: number }[]>;
      const drawn = await pixels();
      expect(drawn.map((c) => c.id).sort()).toEqual(
        ['chart-beta', 'chart-drawdown', 'chart-equity', 'chart-exposure', 'chart-recorded-0', 'chart-sharpe', 'chart-volatility'],
      );
      for (const c of drawn) {
        expect(c.drawn, c.id).toBeGreaterThan(1000);
        expect(c.ink, c.id).toBeGreaterThan(200);
      }

      await page.locator('#log-scale').check();
      const logScale = (await pixels()).find((c) => c.id === 'chart-equity')!;
      expect(logScale.ink).toBeGreaterThan(200);

      mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'test-output', 'report-tear-sheet.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('tear sheet sections: named benchmark column, rolling beta, distributions, annual bars, worst drawdowns shaded, settings, banner', async () => {
    const run = longRun();
    run.settings = {
      strategyFile: '/s/x.ts', strategyHash: 'ab', params: { fast: 5 }, bundleVersion: 'v1', calendar: 'XNYS', commission: 'none()',
      slippage: 'none()', cancelPolicy: 'never()', controls: [], benchmark: 'SPX', ziplimeVersion: '0.1.0',
    };
    // one asset held long at 60 % of the value, another short at 20 % from the 100th session
    run.exposures = run.daily.flatMap((d, i) => [
      { date: d.date, symbol: 'AAA', sid: 1, value: 0.6 * d.portfolioValue },
      ...(i >= 100 ? [{ date: d.date, symbol: 'BBB', sid: 2, value: -0.2 * d.portfolioValue }] : []),
    ]);
    run.summary = { ...run.summary, status: 'failed', stoppedAt: '2025-02-07T21:00:00.000Z', message: 'strategy failed in handleData: boom' };
    const file = path.join(tmp.dir, 'sections.html');
    writeFileSync(file, renderHtmlReport(run));
    const context = await chromium.launchPersistentContext(path.join(tmp.dir, 'profile-2'), {
      executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 },
    });
    try {
      const errors: string[] = [];
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.locator('#chart-beta canvas').waitFor({ timeout: 10_000 });
      expect(await page.locator('#status-banner').innerText()).toMatch(/PARTIAL RESULT \(failed at 2025-02-07T21:00:00.000Z\): strategy failed in handleData: boom/);
      expect(await page.locator('#comparison thead th').allInnerTexts()).toEqual(['METRIC', 'STRATEGY', 'SPX']);
      const row = async (label: string) => page.locator('#comparison tbody tr', { hasText: label }).first().locator('td').allInnerTexts();
      const skew = await row('Skew');
      expect(skew[1]).toMatch(/^-?\d+\.\d\d$/);
      expect(skew[2]).toMatch(/^-?\d+\.\d\d$/);
      expect((await row('Beta'))[2]).toBe('1.00');
      // 300 sessions from 2024-01-02 on weekdays reach into 2025: two calendar years
      expect(await page.locator('#annual-returns rect.bar').count()).toBe(2);
      expect(await page.locator('#hist-daily rect.bar').count()).toBe(30);
      expect(await page.locator('#hist-monthly rect.bar').count()).toBe(20);
      const worst = await page.locator('#worst-drawdowns tbody tr').count();
      expect(worst).toBeGreaterThan(0);
      expect(worst).toBeLessThanOrEqual(5);
      // the deepest drawdown is the summary's max drawdown
      const depth = (await page.locator('#worst-drawdowns tbody tr').first().locator('td').nth(4).innerText());
      expect(depth).toBe(`${(run.summary.maxDrawdown * 100).toFixed(2)}%`);
      expect(await page.locator('#run-settings tr').count()).toBeGreaterThan(10);
      const counts = await page.evaluate(`(() => {
        const beta = document.querySelector('#chart-beta canvas');
        const eq = document.querySelector('#chart-equity canvas');
        const count = (canvas, test) => { const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data; let n = 0;
          for (let i = 0; i < d.length; i += 4) if (test(d[i], d[i + 1], d[i + 2], d[i + 3])) n++; return n; };
        return {
          beta: count(beta, (r, g, b, a) => a > 100 && Math.max(r, g, b) - Math.min(r, g, b) > 60),
          shade: count(eq, (r, g, b, a) => a >= 10 && a <= 60 && r > 150 && g < 100 && b < 100),
        };
      })()`) as { beta: number; shade: number };
      expect(counts.beta).toBeGreaterThan(200);
      const drawnIds = (await page.evaluate(COUNT_PIXELS) as { id: string; ink: number }[]).filter((c) => c.ink > 200).map((c) => c.id);
      expect(drawnIds).toEqual(expect.arrayContaining(['chart-long-short', 'chart-assets']));
      expect(await page.locator('#chart-assets .u-legend').innerText()).toMatch(/AAA[\s\S]*BBB/);
      // the drawdown shading: a translucent red wash (alpha 0.1 on the transparent canvas) behind the lines
      expect(counts.shade).toBeGreaterThan(1000);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describeWith([needs.chromium()], 'HTML sweep report in headless Chromium', () => {
  const tmp = tempDir('ziplime-sweep-html-');
  afterAll(tmp.remove);

  it('opens offline without errors or requests; the pair selector switches heatmaps', async () => {
    const row = (fast: number, slow: number, mode: string, sharpe: number) => ({
      key: `${fast}-${slow}-${mode}`, fold: -1, phase: 'full' as const, start: '2024-01-02', end: '2024-12-31',
      point: { fast, slow, mode }, metrics: { sharpe, totalReturn: sharpe / 10, maxDrawdown: -0.1, transactions: 4 }, error: null,
    });
    const rows = [row(5, 20, 'a', 0.1), row(10, 20, 'a', 0.2), row(5, 40, 'a', 0.3), row(10, 40, 'a', 0.4), row(5, 20, 'b', 1.1), row(10, 40, 'b', 2)];
    const file = path.join(tmp.dir, 'sweep.html');
    writeFileSync(file, renderSweepHtml({
      strategy: 's', bundle: 'b', objective: 'sharpe', maximize: true, start: '2024-01-02', end: '2024-12-31', params: ['fast', 'slow', 'mode'],
      rows, best: rows[5]!, bestEquity: { dates: ['2024-01-02', '2024-01-03', '2024-01-04'], values: [100, 103, 101] },
      deflatedSharpe: { trials: 6, sharpe: 0.1, expectedMaxSharpe: 0.05, probability: 0.9 }, walkForward: null,
    }));
    const url = pathToFileURL(file).href;
    const context = await chromium.launchPersistentContext(path.join(tmp.dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS });
    try {
      const errors: string[] = [], requests: string[] = [];
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
      await page.goto(url, { waitUntil: 'load' });
      const visible = () => page.evaluate(`Array.from(document.querySelectorAll('.heatmap-pair')).filter((d) => !d.hidden).map((d) => d.getAttribute('data-pair'))`);
      expect(await visible()).toEqual(['fast,slow']);
      await page.selectOption('#heatmap-pair', 'slow,mode');
      expect(await visible()).toEqual(['slow,mode']);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
