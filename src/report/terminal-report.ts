import Table from 'cli-table3';
import type { RunResult } from '../model/results.js';
import { reportData, type ReportData } from './report-data.js';
import { SAME_CLOSE_NOTE, shortRunNote, summarySections, type SummarySection } from './summary-sections.js';
import { statusBanner } from './status-banner.js';
import { settingLines } from './run-settings.js';
import { equityChart } from './terminal-chart.js';
import { monthlyTable } from './terminal-monthly.js';
import { colorEnabled, paint, visibleLength } from './terminal-style.js';

/** How the terminal report is drawn. */
export interface TerminalReportOptions {
  /** ANSI colours (default: stdout is a terminal and `NO_COLOR` is unset). */
  color?: boolean;
  /** Columns available (default 80). */
  width?: number;
  /** Add the monthly-returns table. */
  monthly?: boolean;
  /** Add the equity-curve chart (default: stdout is a terminal). */
  chart?: boolean;
  /** Add the run's settings (what `ziplime backtest --rerun` reruns with). */
  settings?: boolean;
}

/** Tables with borders but no colour codes of their own (colours are added per cell). */
const PLAIN_STYLE = { head: [] as string[], border: [] as string[], compact: true };

function sectionTable(section: SummarySection, colWidths: number[], color: boolean): string[] {
  const table = new Table({ head: [paint(section.title, 'bold', color), ''], colWidths, colAligns: ['left', 'right'], style: PLAIN_STYLE });
  for (const row of section.rows) table.push([row.label, paint(row.value, row.tone, color)]);
  return table.toString().split('\n');
}

/** Places blocks of lines side by side when they fit in `width`, else one under the other. */
function arrange(blocks: string[][], width: number): string[] {
  const blockWidth = (b: string[]) => Math.max(0, ...b.map(visibleLength));
  const out: string[] = [];
  for (let i = 0; i < blocks.length; i += 2) {
    const left = blocks[i]!, right = blocks[i + 1];
    if (!right || blockWidth(left) + 1 + blockWidth(right) > width) {
      out.push(...left, ...(right ?? []));
      continue;
    }
    const pad = blockWidth(left);
    for (let r = 0; r < Math.max(left.length, right.length); r++) {
      const l = left[r] ?? '';
      out.push(`${l}${' '.repeat(pad - visibleLength(l) + 1)}${right[r] ?? ''}`.trimEnd());
    }
  }
  return out;
}

/** Breaks `text` into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = `    ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

const truncate = (s: string, width: number): string => (s.length <= width ? s : `${s.slice(0, width - 1)}…`);

/**
 * The summary report of a run as text: a title line, the Returns / Risk / Trading / Period
 * tables (two per row when they fit in `width`, stacked otherwise), a warning for the
 * optimistic `same-close` fill policy and the run's warnings, and optionally monthly returns and an equity chart.
 */
export function renderTerminalReport(resultOrData: RunResult | ReportData, options: TerminalReportOptions = {}): string {
  const data = 'result' in resultOrData ? resultOrData : reportData(resultOrData);
  const { result } = data;
  const color = options.color ?? colorEnabled(process.stdout);
  const width = options.width ?? 80;
  const sections = summarySections(data);
  const rows = sections.flatMap((s) => s.rows);
  const colWidths = [
    Math.max(...rows.map((r) => r.label.length), ...sections.map((s) => s.title.length)) + 2,
    Math.max(...rows.map((r) => r.value.length)) + 2,
  ];
  const title = `${result.mode} ${result.strategy} · bundle ${result.bundle} · ${result.start} → ${result.end}`;
  const banner = statusBanner(result);
  const lines = [paint(truncate(title, width), 'bold', color)];
  if (banner) lines.push(...wrap(`(!) ${banner}`, width).map((l) => paint(l, 'negative', color)));
  lines.push(...arrange(sections.map((s) => sectionTable(s, colWidths, color)), width));
  const short = shortRunNote(result.summary.tradingDays);
  if (short) lines.push(paint(truncate(short, width), 'dim', color));
  if (result.fill === 'same-close') lines.push(paint(truncate(`(!) ${SAME_CLOSE_NOTE}`, width), 'warning', color));
  for (const w of result.warnings ?? []) lines.push(paint(`(!) ${w}`, 'warning', color));
  if (options.settings) {
    const settings = settingLines(result, width);
    if (settings.length > 0) lines.push('', paint('Run settings', 'bold', color), ...settings);
  }
  if (options.monthly) lines.push('', paint('Monthly returns (%)', 'bold', color), ...monthlyTable(data.monthly, width, color));
  if (options.chart ?? process.stdout.isTTY === true) {
    const chart = equityChart(result.daily, { width, color, capital: result.capital, benchmark: result.settings?.benchmark ?? null });
    if (chart.length > 0) lines.push('', paint('Portfolio value', 'bold', color), ...chart);
  }
  return `${lines.join('\n')}\n`;
}
