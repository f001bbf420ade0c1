import { writePrivateFile } from '../../core/private-files.js';
import { count, pct, ratio } from '../format.js';
import type { EquityCurve, SweepReportData } from '../sweep-data.js';
import { histogram, rankRows, sweepHeatmap, type SweepHeatmap } from '../sweep-views.js';
import { escapeHtml } from './assets.js';
import { heat } from './sections.js';
import { PAGE_CSS } from './styles.js';

const card = (title: string, body: string, note = '') =>
  `<section class="card"><div class="card-head"><h2>${escapeHtml(title)}</h2><div class="tools">${note ? `<span class="note">${escapeHtml(note)}</span>` : ''}</div></div>${body}</section>`;
const show = (v: unknown) => escapeHtml(typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v));

/** A line chart of an equity curve as inline SVG (no script, no network). */
function equitySvg(curve: EquityCurve, id: string): string {
  const v = curve.values, n = v.length;
  if (n < 2) return '<p class="empty">No sessions.</p>';
  const w = 1000, h = 260, lo = Math.min(...v), hi = Math.max(...v), span = hi - lo || 1;
  const pts = v.map((y, i) => `${((i / (n - 1)) * w).toFixed(1)},${(h - ((y - lo) / span) * h).toFixed(1)}`).join(' ');
  return `<svg id="${id}" viewBox="0 -6 ${w} ${h + 12}" preserveAspectRatio="none" style="width:100%;height:260px"><polyline fill="none" stroke="#1d4ed8" stroke-width="1.5" vector-effect="non-scaling-stroke" points="${pts}"/></svg>`
    + `<div class="meta"><span>${escapeHtml(curve.dates[0]!)} · ${count(v[0]!)}</span><span>${escapeHtml(curve.dates.at(-1)!)} · ${count(v.at(-1)!)}</span><span>low ${count(lo)} · high ${count(hi)}</span></div>`;
}

function heatmapTable(m: SweepHeatmap, objective: string, hidden: boolean): string {
  const scale = Math.max(0, ...m.values.flat().filter((x): x is number => x !== null && Number.isFinite(x)).map(Math.abs));
  const head = `<tr><th>${escapeHtml(m.y)} \\ ${escapeHtml(m.x)}</th>${m.xs.map((x) => `<th>${show(x)}</th>`).join('')}</tr>`;
  const body = m.ys.map((y, j) => `<tr><td class="year">${show(y)}</td>${m.values[j]!.map((x) => `<td style="${heat(x, scale)}" title="${escapeHtml(objective)}">${x === null ? '' : escapeHtml(ratio(x))}</td>`).join('')}</tr>`).join('');
  const fixed = Object.entries(m.fixed).map(([k, v]) => `${k} = ${String(v)}`).join(', ');
  return `<div class="heatmap-pair" data-pair="${escapeHtml(`${m.x},${m.y}`)}"${hidden ? ' hidden' : ''}>${fixed ? `<p class="note">others at the best point: ${escapeHtml(fixed)}</p>` : ''}<table class="tbl heatmap"><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

function histogramSvg(values: readonly number[]): string {
  const { edges, counts } = histogram(values, 20);
  if (counts.length === 0) return '<p class="empty">No finite values.</p>';
  const w = 1000, h = 200, max = Math.max(...counts), bw = w / counts.length;
  const bars = counts.map((c, i) => `<rect x="${(i * bw + 1).toFixed(1)}" y="${(h - (c / max) * h).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${((c / max) * h).toFixed(1)}" fill="#1d4ed8"><title>${ratio(edges[i]!)} … ${ratio(edges[i + 1]!)}: ${c}</title></rect>`).join('');
  return `<svg id="objective-histogram" viewBox="0 0 ${w} ${h}" preserveAspectRatio="none" style="width:100%;height:200px">${bars}</svg><div class="meta"><span>${ratio(edges[0]!)}</span><span>${ratio(edges.at(-1)!)}</span></div>`;
}

/** Pairs of swept params the page has a heatmap for (the chosen pair first; at most 15). */
function pairs(params: readonly string[], chosen?: readonly [string, string]): [string, string][] {
  const out: [string, string][] = chosen ? [[chosen[0], chosen[1]]] : [];
  for (let i = 0; i < params.length; i++) for (let j = i + 1; j < params.length; j++) {
    if (!out.some(([a, b]) => (a === params[i] && b === params[j]) || (a === params[j] && b === params[i]))) out.push([params[i]!, params[j]!]);
  }
  return out.slice(0, 15);
}

/**
 * A sweep report as one self-contained HTML page: the heatmap of the objective over any two swept
 * params (a selector switches pairs; the others held at the best point), the distribution of the
 * objective, the best run's equity curve, the top points, the deflated Sharpe ratio and, after a
 * walk-forward, the folds, the stitched out-of-sample equity and the probability of overfitting.
 */
export function renderSweepHtml(data: SweepReportData, options: { heatmap?: readonly [string, string]; top?: number } = {}): string {
  const { best } = data;
  const heatPairs = best ? pairs(data.params, options.heatmap) : [];
  const heatmaps = heatPairs.map(([x, y], i) => heatmapTable(sweepHeatmap(data.rows, best!, x, y, data.objective), data.objective, i > 0)).join('');
  const selector = heatPairs.length > 1
    ? `<select id="heatmap-pair">${heatPairs.map(([x, y]) => `<option value="${escapeHtml(`${x},${y}`)}">${escapeHtml(`${x} × ${y}`)}</option>`).join('')}</select>`
    + '<script>document.getElementById("heatmap-pair").addEventListener("change",function(e){document.querySelectorAll(".heatmap-pair").forEach(function(d){d.hidden=d.getAttribute("data-pair")!==e.target.value;});});</script>'
    : '';
  const heatCard = data.params.length >= 2 && best ? card(`Heatmap of ${data.objective}`, selector + heatmaps) : '';
  const cols = [...new Set([data.objective, 'sharpe', 'totalReturn', 'maxDrawdown', 'transactions'])];
  const top = rankRows(data.rows, data.objective, data.maximize).slice(0, options.top ?? 20);
  const topTable = `<table class="tbl" id="top-points"><thead><tr><th>#</th>${data.params.map((p) => `<th>${escapeHtml(p)}</th>`).join('')}${cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${
    top.map((r, i) => `<tr><td>${i + 1}</td>${data.params.map((p) => `<td>${show(r.point[p])}</td>`).join('')}${cols.map((c) => `<td>${r.error ? 'error' : c === 'totalReturn' || c === 'maxDrawdown' ? pct(r.metrics[c]!) : c === 'transactions' ? count(r.metrics[c]!) : ratio(r.metrics[c]!)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  const d = data.deflatedSharpe;
  const guard = d ? `<p id="deflated-sharpe">Deflated Sharpe ratio of the best point: <b>${ratio(d.probability)}</b> — the probability that its true Sharpe ratio exceeds ${ratio(d.expectedMaxSharpe * Math.sqrt(252))} (annualised), the best Sharpe ratio expected from ${d.trials} trials without skill (Bailey &amp; López de Prado, 2014).</p>` : '';
  const wf = data.walkForward;
  const wfCards = wf ? card('Walk-forward folds', `<table class="tbl" id="folds"><thead><tr><th>fold</th><th>train</th><th>test</th>${data.params.map((p) => `<th>${escapeHtml(p)}</th>`).join('')}<th>IS sharpe</th><th>OOS sharpe</th><th>IS return</th><th>OOS return</th></tr></thead><tbody>${
    wf.folds.map((f) => `<tr><td>${f.fold}</td><td>${escapeHtml(`${f.trainStart} … ${f.trainEnd}`)}</td><td>${escapeHtml(`${f.testStart} … ${f.testEnd}`)}</td>${data.params.map((p) => `<td>${show(f.point[p])}</td>`).join('')}<td>${ratio(f.inSample.sharpe!)}</td><td>${ratio(f.outOfSample.sharpe!)}</td><td>${pct(f.inSample.totalReturn!)}</td><td>${pct(f.outOfSample.totalReturn!)}</td></tr>`).join('')}</tbody></table>`
    + `<p id="pbo">Probability of backtest overfitting (CSCV): <b>${wf.pbo === null ? 'n/a' : pct(wf.pbo, 1)}</b></p>`)
    + card('Stitched out-of-sample equity', equitySvg(wf.outOfSample, 'oos-equity')) : '';
  const bestLine = best ? `best: ${Object.entries(best.point).map(([k, v]) => `${k} = ${String(v)}`).join(', ')} · ${data.objective} ${ratio(best.metrics[data.objective]!)}` : 'no successful point';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${data.strategy} · ziplime sweep`)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
<header>
<div class="eyebrow">ziplime · parameter sweep</div>
<h1>${escapeHtml(data.strategy)}</h1>
<div class="meta"><span>bundle <b>${escapeHtml(data.bundle)}</b></span><span>${escapeHtml(data.start)} → ${escapeHtml(data.end)}</span><span>${data.rows.length} points</span><span>objective ${escapeHtml(data.objective)}</span><span>${escapeHtml(bestLine)}</span></div>
</header>
${guard ? card('Overfitting guard', guard) : ''}
${heatCard}
${card(`Distribution of ${data.objective}`, histogramSvg(data.rows.filter((r) => r.error === null).map((r) => r.metrics[data.objective]!)))}
${data.bestEquity ? card('Equity of the best point', equitySvg(data.bestEquity, 'best-equity')) : ''}
${card('Top points', topTable)}
${wfCards}
<footer>ziplime · ${escapeHtml(data.strategy)} sweep</footer>
</main>
</body>
</html>
`;
}

/** Writes the sweep page to `file` (owner-only, 600; a folder created for it is 700). */
export async function writeSweepHtml(data: SweepReportData, file: string, options: { heatmap?: readonly [string, string] } = {}): Promise<void> {
  await writePrivateFile(file, renderSweepHtml(data, options));
}
