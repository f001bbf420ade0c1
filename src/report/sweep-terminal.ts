import Table from 'cli-table3';
import { count, pct, ratio } from './format.js';
import type { SweepReportData, SweepRow } from './sweep-data.js';
import { rankRows } from './sweep-views.js';

const value = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v));
const metric = (name: string, x: number) => (['totalReturn', 'annualReturn', 'maxDrawdown', 'annualVolatility', 'alpha'].includes(name) ? pct(x) : name === 'endingValue' ? count(x) : ratio(x));

function topTable(data: SweepReportData, rows: readonly SweepRow[], top: number): string {
  const cols = [...new Set([data.objective, 'sharpe', 'totalReturn', 'maxDrawdown', 'transactions'])];
  const table = new Table({ head: ['#', ...data.params, ...cols] });
  rankRows(rows, data.objective, data.maximize).slice(0, top).forEach((r, i) => {
    table.push([String(i + 1), ...data.params.map((p) => value(r.point[p])), ...cols.map((c) => (r.error ? (c === data.objective ? 'error' : '') : c === 'transactions' ? count(r.metrics[c]!) : metric(c, r.metrics[c]!)))]);
  });
  return table.toString();
}

/** The terminal report of a sweep: the top `top` points, the overfitting guard and walk-forward folds. */
export function renderSweepTerminal(data: SweepReportData, top = 10): string {
  const failed = data.rows.filter((r) => r.error !== null);
  const lines = [
    `${data.strategy} on ${data.bundle}, ${data.start} … ${data.end}: ${data.rows.length} points, objective ${data.objective} (${data.maximize ? 'higher' : 'lower'} is better)`,
    topTable(data, data.rows, top),
  ];
  if (failed.length > 0) lines.push(`${failed.length} point(s) failed; first: ${JSON.stringify(failed[0]!.point)}: ${failed[0]!.error}`);
  const d = data.deflatedSharpe;
  if (d) {
    lines.push(`Deflated Sharpe ratio of the best point: ${ratio(d.probability)} (probability its true Sharpe exceeds ${ratio(d.expectedMaxSharpe * Math.sqrt(252))}, `
      + `the annual Sharpe expected from the best of ${d.trials} trials without skill)`);
  }
  const wf = data.walkForward;
  if (wf) {
    const t = new Table({ head: ['fold', 'train', 'test', ...data.params, 'IS sharpe', 'OOS sharpe', 'IS return', 'OOS return'] });
    for (const f of wf.folds) {
      t.push([String(f.fold), `${f.trainStart} … ${f.trainEnd}`, `${f.testStart} … ${f.testEnd}`, ...data.params.map((p) => value(f.point[p])),
        ratio(f.inSample.sharpe!), ratio(f.outOfSample.sharpe!), pct(f.inSample.totalReturn!), pct(f.outOfSample.totalReturn!)]);
    }
    lines.push('Walk-forward (in sample vs out of sample):', t.toString());
    const oos = wf.outOfSample;
    if (oos.values.length > 0) lines.push(`Stitched out-of-sample equity: ${count(oos.values[0]!)} → ${count(oos.values.at(-1)!)} over ${oos.dates[0]} … ${oos.dates.at(-1)}`);
    lines.push(wf.pbo === null ? 'Probability of backtest overfitting: n/a (needs at least two points and enough out-of-sample days)' : `Probability of backtest overfitting (CSCV): ${pct(wf.pbo, 1)}`);
  }
  return `${lines.join('\n')}\n`;
}
