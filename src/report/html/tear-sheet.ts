import { writePrivateFile } from '../../core/private-files.js';
import type { RunResult } from '../../model/results.js';
import { count, money, pct, plural, ratio } from '../format.js';
import { reportData, type ReportData } from '../report-data.js';
import { MIN_SESSIONS_FOR_ANNUAL, SAME_CLOSE_NOTE, shortRunNote, summarySections } from '../summary-sections.js';
import { escapeHtml, inlineSafe, jsonForScript, uplotAssets } from './assets.js';
import { chartData } from './chart-data.js';
import { CHARTS_SCRIPT } from './charts-script.js';
import { heatmapHtml, roundTripsHtml, sectionsHtml, signedClass, transactionsHtml } from './sections.js';
import { PAGE_CSS } from './styles.js';
import { statusBanner } from '../status-banner.js';
import { settingRows } from '../run-settings.js';
import { benchmarkComparison } from '../benchmark-comparison.js';
import { worstDrawdowns, drawdownPeriods } from '../../metrics/index.js';
import { comparisonHtml, distributionsHtml, worstDrawdownsHtml } from './analysis-sections.js';

const card = (title: string, body: string, note = '', extraHead = '') =>
  `<section class="card"><div class="card-head"><h2>${title}</h2><div class="tools">${note ? `<span class="note">${note}</span>` : ''}${extraHead}</div></div>${body}</section>`;

const kpi = (label: string, value: string, cls = '') => `<div class="kpi"><div class="label">${label}</div><div class="value ${cls}">${escapeHtml(value)}</div></div>`;

/** The run's settings as a table (nothing for results written before they were recorded). */
function settingsCard(result: RunResult): string {
  const rows = settingRows(result);
  if (rows.length === 0) return '';
  const body = rows.map((r) => `<tr><td>${escapeHtml(r.label)}</td><td class="setting">${escapeHtml(r.value)}</td></tr>`).join('');
  return card('Run settings', `<table class="tbl settings" id="run-settings"><tbody>${body}</tbody></table>`, 'ziplime backtest --rerun RESULTS runs it again');
}

/**
 * The tear sheet of a run as one self-contained HTML page: uPlot and its stylesheet are
 * inlined and the data is embedded as JSON, so the file opens offline and references nothing
 * on a network. Charts: equity against the benchmark (log-scale toggle), underwater drawdown,
 * rolling Sharpe and volatility, gross exposure and each recorded variable; tables: monthly
 * returns heatmap, the summary, closed round trips and transactions.
 */
export function renderHtmlReport(resultOrData: RunResult | ReportData): string {
  const data = 'result' in resultOrData ? resultOrData : reportData(resultOrData);
  const { result } = data;
  const s = result.summary;
  const charts = chartData(result);
  const { js, css } = uplotAssets();
  const fillBadge = result.fill === 'same-close'
    ? `<span class="badge warn" title="${escapeHtml(SAME_CLOSE_NOTE)}">fill: same-close (optimistic)</span>`
    : `<span class="badge">fill: ${escapeHtml(result.fill)}</span>`;
  const recorded = charts.recorded.length === 0 ? '' : card('Recorded variables',
    `<div class="grid2">${charts.recorded.map((r, i) => `<div><div class="note">${escapeHtml(r.name)}</div><div class="chart" id="chart-recorded-${i}"></div></div>`).join('')}</div>`);
  const windowNote = `${charts.rollingWindow}-session window`;
  const banner = statusBanner(result);
  const comparison = benchmarkComparison(result);
  const worst = worstDrawdowns(drawdownPeriods(result.daily.map((d) => d.returns), result.daily.map((d) => d.date)), 5);
  const dist = distributionsHtml(result);
  const betaCard = charts.rollingBeta
    ? card('Rolling beta', '<div class="chart" id="chart-beta"></div>', `against ${escapeHtml(comparison.benchmark ?? 'the benchmark')}, ${windowNote}`)
    : '';
  const short = shortRunNote(s.tradingDays);
  const annual = (x: number): number => (s.tradingDays < MIN_SESSIONS_FOR_ANNUAL ? NaN : x);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${result.strategy} · ziplime tear sheet`)}</title>
<style>${inlineSafe(css)}</style>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
<header>
<div class="eyebrow">ziplime · ${escapeHtml(result.mode)} tear sheet</div>
<h1>${escapeHtml(result.strategy)}</h1>
<div class="meta"><span>bundle <b>${escapeHtml(result.bundle)}</b></span><span>${escapeHtml(result.start)} → ${escapeHtml(result.end)}</span><span>${plural(s.tradingDays, 'session')} · ${escapeHtml(result.frequency)}</span><span>capital ${escapeHtml(money(result.capital))}</span>${fillBadge}</div>
</header>
${banner ? `<div class="banner" role="alert" id="status-banner">${escapeHtml(banner)}</div>` : ''}
${(result.warnings ?? []).length > 0 ? `<ul class="warnings" id="run-warnings">${result.warnings!.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : ''}
<div class="kpis">
${kpi('Total return', pct(s.totalReturn), signedClass(s.totalReturn))}
${kpi('Annual return', pct(annual(s.annualReturn)), signedClass(annual(s.annualReturn)))}
${kpi('Sharpe', ratio(annual(s.sharpe)))}
${kpi('Max drawdown', pct(s.maxDrawdown), signedClass(s.maxDrawdown))}
${kpi('Volatility', pct(annual(s.annualVolatility)))}
${kpi('Ending value', count(s.endingValue))}
</div>
${short ? `<p class="note">${escapeHtml(short)}</p>` : ''}
${card('Equity', '<div class="chart" id="chart-equity"></div>', `${charts.benchmark ? `strategy vs ${escapeHtml(comparison.benchmark ?? 'benchmark')}` : 'no benchmark'}; the worst 5 drawdowns shaded`, '<label class="toggle"><input type="checkbox" id="log-scale"> log scale</label>')}
${card(comparison.benchmark ? `Strategy vs ${escapeHtml(comparison.benchmark)}` : 'Key metrics', comparisonHtml(comparison), 'daily returns; annualised over 252 sessions')}
${card('Drawdown', '<div class="chart" id="chart-drawdown"></div>', 'from the running peak')}
<div class="grid2 row">
${card('Rolling Sharpe', '<div class="chart" id="chart-sharpe"></div>', windowNote)}
${card('Rolling volatility', '<div class="chart" id="chart-volatility"></div>', `annualised, ${windowNote}`)}
</div>
<div class="grid2 row">
${card('Worst 5 drawdowns', worstDrawdownsHtml(worst, result.start), 'deepest first')}
${card('Annual returns', dist.annual, 'compounded per calendar year')}
</div>
${betaCard}
${card('Monthly returns', heatmapHtml(data.monthly))}
<div class="grid2 row">
${card('Daily return distribution', dist.daily, 'sessions per bin')}
${card('Monthly return distribution', dist.monthly, 'months per bin')}
</div>
${card('Gross exposure', '<div class="chart" id="chart-exposure"></div>', 'positions over portfolio value')}
${charts.longShort ? `<div class="grid2 row">
${card('Long / short exposure', '<div class="chart" id="chart-long-short"></div>', 'long and short positions over portfolio value')}
${card('Exposure per asset', '<div class="chart" id="chart-assets"></div>', `the ${charts.assetExposure.length} most held assets, over portfolio value`)}
</div>` : ''}
${recorded}
${card('Summary', sectionsHtml(summarySections(data)))}
${settingsCard(result)}
${card('Round trips', roundTripsHtml(data.roundTrips), 'FIFO per asset')}
${card('Transactions', transactionsHtml(result.transactions))}
<footer>ziplime · ${escapeHtml(result.strategy)} · ${escapeHtml(result.start)} → ${escapeHtml(result.end)}</footer>
</main>
<script type="application/json" id="report-data">${jsonForScript(charts)}</script>
<script>${inlineSafe(js)}</script>
<script>${CHARTS_SCRIPT}</script>
</body>
</html>
`;
}

/** Writes the tear sheet of a run to `file` (owner-only, 600; a folder created for it is 700). */
export async function writeHtmlReport(result: RunResult | ReportData, file: string): Promise<void> {
  await writePrivateFile(file, renderHtmlReport(result));
}
